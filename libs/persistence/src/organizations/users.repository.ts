import type { Page } from '@app/common';
import type { OrganizationKind, RecordScope, Role, UserStatus } from '@app/domain';
import { Injectable } from '@nestjs/common';
import type { AccessLoader, Held } from '../access/record-access';
import { UserEntity } from '../entities';
import { keysetPageByCreatedAt } from '../keyset-page';
import { readRows } from '../unit-of-work/read-rows';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { assertInScope, whereInScope } from './scope';

/** What a signed-in account shows of itself and its organization (GET /auth/me). */
export interface OwnProfile {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  mfaEnabled: boolean;
  organization: { id: string; kind: OrganizationKind; legalName: string; country: string };
}

export type NewUser = Omit<UserEntity, 'organization' | 'createdAt' | 'updatedAt' | 'version'>;
export type UserChanges = Partial<
  Pick<UserEntity, 'displayName' | 'role' | 'status' | 'passwordHash' | 'passwordChangedAt'>
>;

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

  /** One page of an organization's users in creation order, within the caller's scope. */
  list(
    tx: Tx,
    scope: RecordScope,
    organizationId: string,
    filters: { role?: Role; status?: UserStatus },
    page: { cursor?: string; limit?: number },
  ): Promise<Page<UserEntity>> {
    const qb = managerOf(tx)
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.organization_id = :organizationId', { organizationId });
    whereInScope(qb, scope, { organization: 'u.organization_id' });
    if (filters.role) qb.andWhere('u.role = :role', { role: filters.role });
    if (filters.status) qb.andWhere('u.status = :status', { status: filters.status });
    return keysetPageByCreatedAt(qb, page);
  }

  /** A user within the caller's scope, or null. */
  async find(tx: Tx, scope: RecordScope, id: string): Promise<UserEntity | null> {
    const qb = managerOf(tx)
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.id = :id', { id });
    return whereInScope(qb, scope, { organization: 'u.organization_id' }).getOne();
  }

  /** The ids of an organization's users, within the caller's scope. */
  async idsOf(tx: Tx, scope: RecordScope, organizationId: string): Promise<string[]> {
    assertInScope(scope, organizationId);
    const users = await managerOf(tx).find(UserEntity, {
      where: { organizationId },
      select: { id: true },
    });
    return users.map((u) => u.id);
  }

  /**
   * Who holds an address, in any organization. Not scoped: addresses are unique
   * across organizations for sign-in, and the answer is only audited.
   */
  holderOf(tx: Tx, emailKey: string): Promise<Pick<UserEntity, 'id' | 'organizationId'> | null> {
    return managerOf(tx).findOne(UserEntity, {
      where: { emailNormalized: emailKey },
      select: { id: true, organizationId: true },
    });
  }

  /** Insert an account into an organization within the caller's scope; the stored row. */
  async create(tx: Tx, scope: RecordScope, values: NewUser): Promise<UserEntity> {
    assertInScope(scope, values.organizationId);
    const m = managerOf(tx);
    await m.insert(UserEntity, m.create(UserEntity, values));
    return m.findOneByOrFail(UserEntity, { id: values.id });
  }

  /** Change a user within the caller's scope; the stored row. */
  async update(
    tx: Tx,
    scope: RecordScope,
    user: Pick<UserEntity, 'id' | 'organizationId'>,
    changes: UserChanges,
  ): Promise<UserEntity> {
    assertInScope(scope, user.organizationId);
    const m = managerOf(tx);
    await m.update(UserEntity, { id: user.id }, changes);
    return m.findOneByOrFail(UserEntity, { id: user.id });
  }

  /**
   * The account signing in, with its password hash and organization. Not
   * scoped: there is no caller yet, only an address.
   */
  findForSignIn(tx: Tx, emailKey: string): Promise<UserEntity | null> {
    return managerOf(tx)
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .innerJoinAndSelect('u.organization', 'o')
      .where('u.email_normalized = :normalized', { normalized: emailKey })
      .getOne();
  }

  /**
   * The caller themselves with their organization (a session's own account).
   * A joined getOne, not findOne with relations: findOne adds a LIMIT, and
   * TypeORM answers a LIMIT over a join with a second statement (the DISTINCT
   * ids first).
   */
  self(tx: Tx, userId: string): Promise<UserEntity | null> {
    return managerOf(tx)
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .innerJoinAndSelect('u.organization', 'o')
      .where('u.id = :id', { id: userId })
      .getOne();
  }

  /**
   * The caller's own profile: one plain statement, as every signed-in page
   * asks for it (no entity mapping on this path).
   */
  async profile(tx: Tx, userId: string): Promise<OwnProfile | null> {
    const rows = await readRows<{
      id: string;
      email: string;
      display_name: string;
      role: Role;
      mfa_enabled: boolean;
      organization_id: string;
      kind: OrganizationKind;
      legal_name: string;
      country: string;
    }>(
      tx,
      `SELECT u.id, u.email, u.display_name, u.role, u.mfa_enabled,
              o.id AS organization_id, o.kind, o.legal_name, o.country
         FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = $1`,
      [userId],
      { prepared: true },
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          email: row.email,
          displayName: row.display_name,
          role: row.role,
          mfaEnabled: row.mfa_enabled,
          organization: {
            id: row.organization_id,
            kind: row.kind,
            legalName: row.legal_name,
            country: row.country,
          },
        }
      : null;
  }

  /** The caller's own password hash, to check the current password on a change. */
  async ownPasswordHash(tx: Tx, userId: string): Promise<string> {
    const user = await managerOf(tx)
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: userId })
      .getOneOrFail();
    return user.passwordHash;
  }

  /** The caller's own new password. */
  async setOwnPassword(tx: Tx, userId: string, passwordHash: string): Promise<void> {
    await managerOf(tx).update(
      UserEntity,
      { id: userId },
      { passwordHash, passwordChangedAt: new Date() },
    );
  }

  /** The caller has just signed in. */
  async recordSignIn(tx: Tx, userId: string): Promise<void> {
    await managerOf(tx).update(UserEntity, { id: userId }, { lastLoginAt: new Date() });
  }

  /**
   * The caller's own `user.create` refusals for addresses already in use within
   * the window (from the audit trail, which belongs to no organization).
   */
  async recentEmailTakenRefusals(
    tx: Tx,
    actorUserId: string,
    windowSeconds: number,
  ): Promise<{ refused: number; oldest: Date | null }> {
    const rows: { refused: number; oldest: Date | null }[] = await managerOf(tx).query(
      `SELECT count(*)::int AS refused, min(occurred_at) AS oldest FROM audit_events
        WHERE actor_user_id = $1 AND action = 'user.create' AND outcome = 'denied'
          AND details->>'reason' = 'email_taken'
          AND occurred_at > now() - make_interval(secs => $2)`,
      [actorUserId, windowSeconds],
    );
    return rows[0] ?? { refused: 0, oldest: null };
  }

  /**
   * Serialise bootstrap runs; the check after it then sees any administrator
   * just made (system work of the command line).
   */
  async lockBootstrap(tx: Tx): Promise<void> {
    await managerOf(tx).query(`SELECT pg_advisory_xact_lock(7311052419)`);
  }

  /** Whether any active platform administrator exists (system work of the bootstrap). */
  async activePlatformAdminExists(tx: Tx): Promise<boolean> {
    const admins: unknown[] = await managerOf(tx).query(
      `SELECT 1 FROM users WHERE role = 'platform_admin' AND status = 'active' LIMIT 1`,
    );
    return admins.length > 0;
  }

  /** The first platform administrator (system work of the bootstrap). */
  async insertPlatformAdmin(
    tx: Tx,
    values: {
      id: string;
      organizationId: string;
      email: string;
      emailNormalized: string;
      displayName: string;
      passwordHash: string;
    },
  ): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO users (id, organization_id, role, email, email_normalized, display_name,
                          password_hash, status)
       VALUES ($1, $2, 'platform_admin', $3, $4, $5, $6, 'active')`,
      [
        values.id,
        values.organizationId,
        values.email,
        values.emailNormalized,
        values.displayName,
        values.passwordHash,
      ],
    );
  }
}
