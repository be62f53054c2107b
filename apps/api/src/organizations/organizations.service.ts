import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import {
  ConflictProblem,
  ProblemException,
  ValidationProblem,
  type FieldProblem,
  type Page,
  type RequestMeta,
} from '@app/common';
import { registrableEmailDomain, type MemberType, type OrganizationKind } from '@app/domain';
import {
  EmailDomainsRepository,
  OrganizationsRepository,
  UnitOfWork,
  UsersRepository,
  isUniqueViolation,
  type Tx,
} from '@app/persistence';
import { HttpStatus, Injectable } from '@nestjs/common';
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

/** The stored spellings of the sent domains (duplicates once), or the problems with them. */
function emailDomainsOrProblems(sent: string[] | undefined): {
  domains: string[] | undefined;
  problems: FieldProblem[];
} {
  if (sent === undefined) return { domains: undefined, problems: [] };
  const checked = sent.map(registrableEmailDomain);
  const messages = checked.flatMap((c) => ('problem' in c ? [c.problem] : []));
  const domains = [...new Set(checked.flatMap((c) => ('domain' in c ? [c.domain] : [])))].sort();
  return {
    domains,
    problems: messages.length > 0 ? [{ field: 'emailDomains', messages }] : [],
  };
}

const EMAIL_DOMAIN_TAKEN = (messages: string[]) =>
  new ProblemException(HttpStatus.CONFLICT, {
    code: 'email_domain_taken',
    detail: 'An e-mail domain belongs to another organization; see errors.',
    errors: [{ field: 'emailDomains', messages }],
  });

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersRepository,
    private readonly emailDomains: EmailDomainsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
    private readonly tokens: TokenService,
  ) {}

  async list(
    actor: AuthUser,
    query: ListOrganizationsQueryDto,
  ): Promise<Page<OrganizationResponse>> {
    const tx = this.uow.autocommit;
    const page = await this.organizations.list(
      tx,
      this.access.scopeFilter(actor, 'organizations.read'),
      { kind: query.kind, status: query.status },
      query,
    );
    const domains = await this.emailDomains.byOrganization(
      tx,
      page.items.map((o) => o.id),
    );
    return {
      items: page.items.map((o) => toOrganizationResponse(o, domains.get(o.id) ?? [])),
      nextCursor: page.nextCursor,
    };
  }

  async get(actor: AuthUser, id: string): Promise<OrganizationResponse> {
    const tx = this.uow.autocommit;
    const org = await this.access.require(
      actor,
      'organizations.read',
      { kind: 'organization', id },
      { tx },
    );
    return toOrganizationResponse(org, await this.emailDomains.of(tx, org.id));
  }

  /** Give the organization exactly these domains, or refuse (409) if another one holds any. */
  private async setEmailDomains(tx: Tx, organizationId: string, domains: string[]): Promise<void> {
    const conflicts = await this.emailDomains.conflicts(tx, organizationId, domains);
    if (conflicts.length > 0) throw EMAIL_DOMAIN_TAKEN(conflicts);
    await this.emailDomains.replace(tx, organizationId, domains);
  }

  async create(
    actor: AuthUser,
    dto: CreateOrganizationDto,
    meta: RequestMeta,
  ): Promise<OrganizationResponse> {
    const emailDomains = emailDomainsOrProblems(dto.emailDomains);
    const problems = [
      ...memberFieldProblems(dto.kind, dto.memberType, dto.sharingRegistrationCurrent),
      ...namingProblems(dto.kind, dto.namedInDispatches),
      ...emailDomains.problems,
    ];
    if (problems.length > 0) throw new ValidationProblem(problems);
    const domains = emailDomains.domains ?? [];
    try {
      const org = await this.uow.run(async (m) => {
        const entity = await this.organizations.create(m, {
          kind: dto.kind,
          legalName: dto.legalName,
          country: dto.country,
          status: dto.status ?? 'pending_vetting',
          memberType: dto.memberType ?? null,
          sharingRegistrationCurrent: dto.sharingRegistrationCurrent ?? null,
          namedInDispatches: dto.namedInDispatches ?? false,
          isDemo: false,
        });
        await this.setEmailDomains(m, entity.id, domains);
        await this.audit.record(m, {
          actor: actorOf(actor),
          origin: meta,
          action: 'organization.create',
          outcome: 'success',
          targetType: 'organization',
          targetId: entity.id,
          details: {
            kind: entity.kind,
            country: entity.country,
            status: entity.status,
            emailDomains: domains,
          },
        });
        return entity;
      });
      return toOrganizationResponse(org, domains);
    } catch (error) {
      throw conflictOf(error);
    }
  }

  async update(
    actor: AuthUser,
    id: string,
    dto: UpdateOrganizationDto,
    meta: RequestMeta,
  ): Promise<OrganizationResponse> {
    const scope = this.access.scopeFilter(actor, 'organizations.manage');
    try {
      const org = await this.uow.run(async (m) => {
        const current = await this.access.require(
          actor,
          'organizations.manage',
          { kind: 'organization', id },
          { tx: m, lock: true },
        );
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
        const emailDomains = emailDomainsOrProblems(dto.emailDomains);
        problems.push(...emailDomains.problems);
        if (problems.length > 0) throw new ValidationProblem(problems);
        if (current.id === actor.organizationId && dto.status && dto.status !== 'active') {
          throw ValidationProblem.field('status', 'you cannot suspend your own organization');
        }
        const { emailDomains: _sent, ...fields } = dto;
        const changed: string[] = (Object.keys(fields) as (keyof typeof fields)[]).filter(
          (k) => fields[k] !== undefined && fields[k] !== current[k],
        );
        Object.assign(
          current,
          Object.fromEntries(changed.map((k) => [k, dto[k as keyof typeof fields]])),
        );
        const before = await this.emailDomains.of(m, id);
        const domains = emailDomains.domains ?? before;
        if (domains.join(' ') !== before.join(' ')) {
          await this.setEmailDomains(m, id, domains);
          changed.push('emailDomains');
        }
        await this.organizations.save(m, scope, current);
        if (changed.includes('status') && current.status !== 'active') {
          await this.tokens.revokeAllForUsers(
            m,
            await this.users.idsOf(m, scope, id),
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
          details: {
            changed,
            status: current.status,
            ...(changed.includes('emailDomains') ? { emailDomains: domains } : {}),
          },
        });
        return { org: current, domains };
      });
      return toOrganizationResponse(org.org, org.domains);
    } catch (error) {
      throw conflictOf(error);
    }
  }
}

/** A unique index that decided between two concurrent writes, as the 409 the checks give. */
function conflictOf(error: unknown): unknown {
  if (isUniqueViolation(error, 'organizations_name_country_key')) {
    return new ConflictProblem(
      'organization_exists',
      'An organization with this legal name already exists in this country.',
    );
  }
  if (isUniqueViolation(error, 'organization_email_domains_pkey')) {
    return EMAIL_DOMAIN_TAKEN(['a domain was registered to another organization meanwhile']);
  }
  return error;
}
