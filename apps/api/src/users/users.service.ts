import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, PasswordHasher, type AuthUser } from '@app/auth';
import {
  ConflictProblem,
  markAudited,
  TooManyRequests,
  ValidationProblem,
  type FieldProblem,
  type Page,
  type RequestMeta,
} from '@app/common';
import {
  accountEmailKey,
  canAssignRole,
  emailAddressProblems,
  emailDomainOf,
  isRoleAllowedForKind,
  passwordProblems,
  type RecordScope,
  type Role,
} from '@app/domain';
import {
  EmailDomainsRepository,
  UnitOfWork,
  UsersRepository,
  isUniqueViolation,
  type OrganizationEntity,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TokenService } from '../auth/token.service';
import type { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserResponse } from './dto/user.dto';
import { toUserResponse } from './user.mapper';

function roleProblems(actor: AuthUser, org: OrganizationEntity, role: Role): FieldProblem[] {
  const messages: string[] = [];
  if (!canAssignRole(actor.role, role)) messages.push(`your role may not grant ${role}`);
  if (!isRoleAllowedForKind(role, org.kind))
    messages.push(`${role} does not fit a ${org.kind} organization`);
  return messages.length > 0 ? [{ field: 'role', messages }] : [];
}

/**
 * Why an address is not at one of the organization's registered domains, or
 * undefined. Decided from the address and the organization alone, before any
 * account is looked up: an address at another organization's domain gets this
 * same answer whether or not an account holds it.
 */
function foreignDomainProblem(address: string, domains: string[]): string | undefined {
  const domain = emailDomainOf(address);
  if (domain !== null && domains.includes(domain)) return undefined;
  return domains.length > 0
    ? `must be at one of this organization's registered domains: ${domains.join(', ')}`
    : 'cannot be given yet: this organization has no registered e-mail domain (a platform administrator registers them)';
}

const EMAIL_TAKEN = () =>
  new ConflictProblem('email_taken', 'A user with this e-mail address already exists.');

/**
 * Addresses must stay unique for sign-in, so "already exists" cannot be hidden
 * from whoever creates accounts. New addresses must be at the organization's
 * registered domains, and a domain is only registered to an organization no
 * other organization has accounts at, so this answer only ever concerns the
 * administrator's own organization. It is still audited with the holder's
 * organization, and an administrator whose reach is one organization gets at
 * most this many refusals a day.
 */
export const EMAIL_REFUSALS_PER_DAY = 10;
const REFUSAL_WINDOW_SECONDS = 24 * 3600;

@Injectable()
export class UsersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UsersRepository,
    private readonly emailDomains: EmailDomainsRepository,
    private readonly access: AccessService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditWriter,
    private readonly tokens: TokenService,
  ) {}

  async list(
    actor: AuthUser,
    organizationId: string,
    query: ListUsersQueryDto,
  ): Promise<Page<UserResponse>> {
    const tx = this.uow.autocommit;
    await this.access.require(
      actor,
      'users.read',
      { kind: 'organization', id: organizationId },
      { tx },
    );
    const page = await this.users.list(
      tx,
      this.access.scopeFilter(actor, 'users.read'),
      organizationId,
      { role: query.role, status: query.status },
      query,
    );
    return { items: page.items.map(toUserResponse), nextCursor: page.nextCursor };
  }

  async get(actor: AuthUser, id: string): Promise<UserResponse> {
    return toUserResponse(
      await this.access.require(
        actor,
        'users.read',
        { kind: 'user', id },
        { tx: this.uow.autocommit },
      ),
    );
  }

  async create(
    actor: AuthUser,
    organizationId: string,
    dto: CreateUserDto,
    meta: RequestMeta,
  ): Promise<UserResponse> {
    // The one check, before the password is hashed: creating an account changes
    // nothing of the organization, and the e-mail domain is held below instead.
    const org = await this.access.require(
      actor,
      'users.manage',
      { kind: 'organization', id: organizationId },
      { tx: this.uow.autocommit },
    );
    const scope = this.access.scopeFilter(actor, 'users.manage');
    await this.refuseWhenProbing(actor, meta, scope);
    const addressProblems = emailAddressProblems(dto.email);
    const domainProblem =
      addressProblems.length === 0
        ? foreignDomainProblem(dto.email, await this.emailDomains.of(this.uow.autocommit, org.id))
        : undefined;
    const emailProblems = domainProblem ? [domainProblem] : addressProblems;
    const problems = [
      ...(emailProblems.length ? [{ field: 'email', messages: emailProblems }] : []),
      ...roleProblems(actor, org, dto.role),
      ...((p) => (p.length ? [{ field: 'password', messages: p }] : []))(
        passwordProblems(dto.password, { email: dto.email }),
      ),
    ];
    if (problems.length > 0) throw new ValidationProblem(problems);
    const passwordHash = await this.hasher.hash(dto.password);
    const emailKey = accountEmailKey(dto.email);
    try {
      const user = await this.uow.run(async (m) => {
        // Held until commit, so the domain cannot move to another organization
        // while an account is being created at it.
        if (!(await this.emailDomains.holdIfRegistered(m, emailDomainOf(dto.email), org.id))) {
          throw ValidationProblem.field(
            'email',
            foreignDomainProblem(dto.email, await this.emailDomains.of(m, org.id)) ??
              "must be at one of this organization's registered domains",
          );
        }
        const holder = await this.users.holderOf(m, emailKey);
        if (holder) return { taken: holder };
        const entity = await this.users.create(m, scope, {
          id: randomUUID(),
          organizationId: org.id,
          role: dto.role,
          email: dto.email,
          emailNormalized: emailKey,
          displayName: dto.displayName,
          passwordHash,
          mfaSecret: null,
          mfaEnabled: false,
          status: 'active',
          lastLoginAt: null,
          passwordChangedAt: new Date(),
        });
        await this.audit.record(m, {
          actor: actorOf(actor),
          origin: meta,
          action: 'user.create',
          outcome: 'success',
          targetType: 'user',
          targetId: entity.id,
          details: { organizationId: org.id, role: entity.role },
        });
        return entity;
      });
      if ('taken' in user) {
        await this.uow.run((m) =>
          this.audit.record(m, {
            actor: actorOf(actor),
            origin: meta,
            action: 'user.create',
            outcome: 'denied',
            details: {
              reason: 'email_taken',
              organizationId: org.id,
              heldByOrganizationId: user.taken.organizationId,
            },
          }),
        );
        throw markAudited(EMAIL_TAKEN());
      }
      return toUserResponse(user);
    } catch (error) {
      // Two concurrent creations of the same address: the index decides.
      if (isUniqueViolation(error, 'users_email_key')) throw EMAIL_TAKEN();
      throw error;
    }
  }

  /** 429 once an administrator of one organization has had too many addresses refused. */
  private async refuseWhenProbing(
    actor: AuthUser,
    meta: RequestMeta,
    scope: RecordScope,
  ): Promise<void> {
    if (scope.reach === 'all') return;
    const { refused, oldest } = await this.users.recentEmailTakenRefusals(
      this.uow.autocommit,
      actor.id,
      REFUSAL_WINDOW_SECONDS,
    );
    if (refused < EMAIL_REFUSALS_PER_DAY || !oldest) return;
    await this.uow.run((m) =>
      this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'user.create',
        outcome: 'denied',
        details: { reason: 'too_many_taken_addresses' },
      }),
    );
    const retryAfter = (oldest.getTime() + REFUSAL_WINDOW_SECONDS * 1000 - Date.now()) / 1000;
    throw markAudited(
      new TooManyRequests(
        retryAfter,
        'Too many new accounts were refused for addresses already in use; try again later ' +
          'or ask a platform administrator.',
        'too_many_refusals',
      ),
    );
  }

  async update(
    actor: AuthUser,
    id: string,
    dto: UpdateUserDto,
    meta: RequestMeta,
  ): Promise<UserResponse> {
    const passwordHash =
      dto.password !== undefined ? await this.hasher.hash(dto.password) : undefined;
    const scope = this.access.scopeFilter(actor, 'users.manage');
    const user = await this.uow.run(async (m) => {
      const current = await this.access.require(
        actor,
        'users.manage',
        { kind: 'user', id },
        { tx: m, lock: true },
      );
      const org = await this.access.require(
        actor,
        'users.manage',
        { kind: 'organization', id: current.organizationId },
        { tx: m },
      );
      const problems: FieldProblem[] = [];
      if (dto.role !== undefined && dto.role !== current.role) {
        problems.push(...roleProblems(actor, org, dto.role));
        if (current.id === actor.id)
          problems.push({ field: 'role', messages: ['you cannot change your own role'] });
        // A member admin may not act on a role above what they could grant.
      }
      if (!canAssignRole(actor.role, current.role)) {
        problems.push({ field: 'role', messages: [`your role may not manage a ${current.role}`] });
      }
      // An account created by single sign-on waits for a role: activating it names one.
      if (current.status === 'pending' && dto.status === 'active' && dto.role === undefined) {
        problems.push({
          field: 'role',
          messages: ['is required to activate an account awaiting a role'],
        });
      }
      if (dto.status === 'suspended' && current.id === actor.id) {
        problems.push({ field: 'status', messages: ['you cannot suspend yourself'] });
      }
      if (dto.password !== undefined && current.id === actor.id) {
        // A reset needs no current password; one's own change does (a stolen
        // session must not be enough to take over the account).
        problems.push({
          field: 'password',
          messages: [
            'you cannot reset your own password; change it with POST /auth/password, which asks for the current one',
          ],
        });
      } else if (dto.password !== undefined) {
        const p = passwordProblems(dto.password, { email: current.email });
        if (p.length) problems.push({ field: 'password', messages: p });
      }
      if (problems.length > 0) throw new ValidationProblem(problems);

      const changed: string[] = [];
      if (dto.displayName !== undefined && dto.displayName !== current.displayName) {
        current.displayName = dto.displayName;
        changed.push('displayName');
      }
      if (dto.role !== undefined && dto.role !== current.role) {
        current.role = dto.role;
        changed.push('role');
      }
      if (dto.status !== undefined && dto.status !== current.status) {
        current.status = dto.status;
        changed.push('status');
      }
      if (passwordHash !== undefined) changed.push('password');
      const updated = await this.users.update(m, scope, current, {
        displayName: current.displayName,
        role: current.role,
        status: current.status,
        ...(passwordHash !== undefined ? { passwordHash, passwordChangedAt: new Date() } : {}),
      });
      // A changed role, suspension or reset password must not live on in old sessions.
      if (changed.some((c) => c === 'role' || c === 'status' || c === 'password')) {
        await this.tokens.revokeAllForUsers(m, [current.id], `user_${changed.join('_')}`);
      }
      await this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'user.update',
        outcome: 'success',
        targetType: 'user',
        targetId: current.id,
        details: { changed, role: current.role, status: current.status },
      });
      return updated;
    });
    return toUserResponse(user);
  }
}
