import { Injectable } from '@nestjs/common';
import type { AccessLoader, Held } from '../access/record-access';
import { OrganizationEntity, UserEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** Organizations: the members, agencies' organizations and the coalition itself. */
@Injectable()
export class OrganizationsRepository implements AccessLoader<OrganizationEntity> {
  async loadForAccess(
    tx: Tx,
    id: string,
    options: { lock: boolean },
  ): Promise<Held<OrganizationEntity> | null> {
    const org = await managerOf(tx).findOne(OrganizationEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return org ? { record: org, organizationId: org.id } : null;
  }
}

/** Users of every organization. */
@Injectable()
export class UsersRepository implements AccessLoader<UserEntity> {
  async loadForAccess(
    tx: Tx,
    id: string,
    options: { lock: boolean },
  ): Promise<Held<UserEntity> | null> {
    const user = await managerOf(tx).findOne(UserEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return user ? { record: user, organizationId: user.organizationId } : null;
  }
}
