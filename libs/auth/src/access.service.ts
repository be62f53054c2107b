import { RecordNotFound } from '@app/common';
import { canReachOrganization, canReachRecord, type Permission } from '@app/domain';
import { OrganizationEntity, ReferralEntity, UserEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from './auth-user';

/**
 * Per-record access, the first line of every service method that takes an id.
 * "Missing" and "not yours" give the same answer (404), so a caller cannot
 * learn that another organization's record exists.
 */
@Injectable()
export class AccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The organization, if the caller's permission reaches it. */
  async requireOrganization(
    actor: AuthUser,
    permission: Permission,
    organizationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<OrganizationEntity> {
    const org = await manager.findOneBy(OrganizationEntity, { id: organizationId });
    if (!org) throw new RecordNotFound('organization');
    if (!canReachOrganization(actor, permission, organizationId)) {
      throw RecordNotFound.outOfReach('organization', organizationId);
    }
    return org;
  }

  /** The user, if the caller's permission reaches the user's organization. */
  async requireUser(
    actor: AuthUser,
    permission: Permission,
    userId: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<UserEntity> {
    const user = await manager.findOne(UserEntity, {
      where: { id: userId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!user) throw new RecordNotFound('user');
    if (!canReachOrganization(actor, permission, user.organizationId)) {
      throw RecordNotFound.outOfReach('user', userId);
    }
    return user;
  }

  /** The referral, if the caller's permission reaches it (filer, their organization, or any). */
  async requireReferral(
    actor: AuthUser,
    permission: Permission,
    referralId: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<ReferralEntity> {
    const referral = await manager.findOne(ReferralEntity, {
      where: { id: referralId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!referral) throw new RecordNotFound('referral');
    if (
      !canReachRecord(actor, permission, {
        organizationId: referral.organizationId,
        ownerId: referral.createdBy,
      })
    ) {
      throw RecordNotFound.outOfReach('referral', referralId);
    }
    return referral;
  }
}
