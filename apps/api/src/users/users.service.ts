import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, PasswordHasher, type AuthUser } from '@app/auth';
import {
  ConflictProblem,
  ValidationProblem,
  type FieldProblem,
  type Page,
  type RequestMeta,
} from '@app/common';
import { canAssignRole, isRoleAllowedForKind, passwordProblems, type Role } from '@app/domain';
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
import type { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserResponse } from './dto/user.dto';
import { toUserResponse } from './user.mapper';

function roleProblems(actor: AuthUser, org: OrganizationEntity, role: Role): FieldProblem[] {
  const messages: string[] = [];
  if (!canAssignRole(actor.role, role)) messages.push(`your role may not grant ${role}`);
  if (!isRoleAllowedForKind(role, org.kind))
    messages.push(`${role} does not fit a ${org.kind} organization`);
  return messages.length > 0 ? [{ field: 'role', messages }] : [];
}

const EMAIL_TAKEN = () =>
  new ConflictProblem('email_taken', 'A user with this e-mail address already exists.');

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    await this.access.requireOrganization(actor, 'users.read', organizationId);
    const qb = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.organization_id = :organizationId', { organizationId });
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    const page = await keysetPageByCreatedAt(qb, query);
    return { items: page.items.map(toUserResponse), nextCursor: page.nextCursor };
  }

  async get(actor: AuthUser, id: string): Promise<UserResponse> {
    return toUserResponse(await this.access.requireUser(actor, 'users.read', id));
  }

  async create(
    actor: AuthUser,
    organizationId: string,
    dto: CreateUserDto,
    meta: RequestMeta,
  ): Promise<UserResponse> {
    const org = await this.access.requireOrganization(actor, 'users.manage', organizationId);
    const problems = [
      ...roleProblems(actor, org, dto.role),
      ...((p) => (p.length ? [{ field: 'password', messages: p }] : []))(
        passwordProblems(dto.password, { email: dto.email }),
      ),
    ];
    if (problems.length > 0) throw new ValidationProblem(problems);
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      const user = await inTransaction(this.dataSource, async (m) => {
        const entity = m.create(UserEntity, {
          id: randomUUID(),
          organizationId: org.id,
          role: dto.role,
          email: dto.email,
          displayName: dto.displayName,
          passwordHash,
          mfaSecret: null,
          mfaEnabled: false,
          status: 'active',
          lastLoginAt: null,
          passwordChangedAt: new Date(),
        });
        await m.insert(UserEntity, entity);
        await this.audit.record(m, {
          actor: actorOf(actor),
          origin: meta,
          action: 'user.create',
          outcome: 'success',
          targetType: 'user',
          targetId: entity.id,
          details: { organizationId: org.id, role: entity.role },
        });
        return m.findOneByOrFail(UserEntity, { id: entity.id });
      });
      return toUserResponse(user);
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) throw EMAIL_TAKEN();
      throw error;
    }
  }

  async update(
    actor: AuthUser,
    id: string,
    dto: UpdateUserDto,
    meta: RequestMeta,
  ): Promise<UserResponse> {
    await this.access.requireUser(actor, 'users.manage', id);
    const passwordHash =
      dto.password !== undefined ? await this.hasher.hash(dto.password) : undefined;
    const user = await inTransaction(this.dataSource, async (m) => {
      const current = await this.access.requireUser(actor, 'users.manage', id, m, true);
      const org = await m.findOneByOrFail(OrganizationEntity, { id: current.organizationId });
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
      await m.update(
        UserEntity,
        { id: current.id },
        {
          displayName: current.displayName,
          role: current.role,
          status: current.status,
          ...(passwordHash !== undefined ? { passwordHash, passwordChangedAt: new Date() } : {}),
        },
      );
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
      return m.findOneByOrFail(UserEntity, { id: current.id });
    });
    return toUserResponse(user);
  }
}
