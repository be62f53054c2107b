import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import {
  ConflictProblem,
  ValidationProblem,
  type FieldProblem,
  type Page,
  type RequestMeta,
} from '@app/common';
import type { MemberType, OrganizationKind } from '@app/domain';
import {
  OrganizationEntity,
  UserEntity,
  inTransaction,
  isUniqueViolation,
  keysetPageByCreatedAt,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TokenService } from '../auth/token.service';
import type {
  CreateOrganizationDto,
  ListOrganizationsQueryDto,
  OrganizationResponse,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { toOrganizationResponse } from './organization.mapper';

/** Member-only fields must be present for members and absent for everyone else. */
function memberFieldProblems(
  kind: OrganizationKind,
  memberType: MemberType | null | undefined,
  sharing: boolean | null | undefined,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (kind === 'member') {
    if (memberType == null)
      problems.push({ field: 'memberType', messages: ['is required for a member organization'] });
    if (sharing == null) {
      problems.push({
        field: 'sharingRegistrationCurrent',
        messages: ['is required for a member organization'],
      });
    }
  } else {
    if (memberType != null)
      problems.push({ field: 'memberType', messages: ['applies to member organizations only'] });
    if (sharing != null) {
      problems.push({
        field: 'sharingRegistrationCurrent',
        messages: ['applies to member organizations only'],
      });
    }
  }
  return problems;
}

/** Only a member files referrals, so only a member can be named in a package. */
function namingProblems(kind: OrganizationKind, named: boolean | undefined): FieldProblem[] {
  return named === true && kind !== 'member'
    ? [{ field: 'namedInDispatches', messages: ['applies to member organizations only'] }]
    : [];
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
    private readonly tokens: TokenService,
  ) {}

  async list(
    actor: AuthUser,
    query: ListOrganizationsQueryDto,
  ): Promise<Page<OrganizationResponse>> {
    const qb = this.dataSource.getRepository(OrganizationEntity).createQueryBuilder('o');
    // Platform admins reach every organization; nobody else holds organizations.read.
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    const page = await keysetPageByCreatedAt(qb, query);
    return { items: page.items.map(toOrganizationResponse), nextCursor: page.nextCursor };
  }

  async get(actor: AuthUser, id: string): Promise<OrganizationResponse> {
    return toOrganizationResponse(
      await this.access.requireOrganization(actor, 'organizations.read', id),
    );
  }

  async create(
    actor: AuthUser,
    dto: CreateOrganizationDto,
    meta: RequestMeta,
  ): Promise<OrganizationResponse> {
    const problems = [
      ...memberFieldProblems(dto.kind, dto.memberType, dto.sharingRegistrationCurrent),
      ...namingProblems(dto.kind, dto.namedInDispatches),
    ];
    if (problems.length > 0) throw new ValidationProblem(problems);
    try {
      const org = await inTransaction(this.dataSource, async (m) => {
        const entity = m.create(OrganizationEntity, {
          id: randomUUID(),
          kind: dto.kind,
          legalName: dto.legalName,
          country: dto.country,
          status: dto.status ?? 'pending_vetting',
          memberType: dto.memberType ?? null,
          sharingRegistrationCurrent: dto.sharingRegistrationCurrent ?? null,
          namedInDispatches: dto.namedInDispatches ?? false,
          isDemo: false,
        });
        await m.save(entity);
        await this.audit.record(m, {
          actor: actorOf(actor),
          origin: meta,
          action: 'organization.create',
          outcome: 'success',
          targetType: 'organization',
          targetId: entity.id,
          details: { kind: entity.kind, country: entity.country, status: entity.status },
        });
        return entity;
      });
      return toOrganizationResponse(org);
    } catch (error) {
      if (isUniqueViolation(error, 'organizations_name_country_key')) {
        throw new ConflictProblem(
          'organization_exists',
          'An organization with this legal name already exists in this country.',
        );
      }
      throw error;
    }
  }

  async update(
    actor: AuthUser,
    id: string,
    dto: UpdateOrganizationDto,
    meta: RequestMeta,
  ): Promise<OrganizationResponse> {
    await this.access.requireOrganization(actor, 'organizations.manage', id);
    try {
      const org = await inTransaction(this.dataSource, async (m) => {
        const current = await m.findOneOrFail(OrganizationEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        const problems = [
          ...memberFieldProblems(
            current.kind,
            dto.memberType !== undefined ? dto.memberType : current.memberType,
            dto.sharingRegistrationCurrent !== undefined
              ? dto.sharingRegistrationCurrent
              : current.sharingRegistrationCurrent,
          ),
          ...namingProblems(current.kind, dto.namedInDispatches),
        ];
        if (problems.length > 0) throw new ValidationProblem(problems);
        if (current.id === actor.organizationId && dto.status && dto.status !== 'active') {
          throw ValidationProblem.field('status', 'you cannot suspend your own organization');
        }
        const changed = (Object.keys(dto) as (keyof UpdateOrganizationDto)[]).filter(
          (k) => dto[k] !== undefined && dto[k] !== current[k],
        );
        Object.assign(current, Object.fromEntries(changed.map((k) => [k, dto[k]])));
        await m.save(current);
        if (changed.includes('status') && current.status !== 'active') {
          const users = await m.find(UserEntity, {
            where: { organizationId: id },
            select: { id: true },
          });
          await this.tokens.revokeAllForUsers(
            m,
            users.map((u) => u.id),
            `organization_${current.status}`,
          );
        }
        await this.audit.record(m, {
          actor: actorOf(actor),
          origin: meta,
          action: 'organization.update',
          outcome: 'success',
          targetType: 'organization',
          targetId: id,
          details: { changed, status: current.status },
        });
        return current;
      });
      return toOrganizationResponse(org);
    } catch (error) {
      if (isUniqueViolation(error, 'organizations_name_country_key')) {
        throw new ConflictProblem(
          'organization_exists',
          'An organization with this legal name already exists in this country.',
        );
      }
      throw error;
    }
  }
}
