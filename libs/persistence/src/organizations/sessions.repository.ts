import type { OrganizationKind, Role } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { RefreshTokenEntity } from '../entities';
import { readRows } from '../unit-of-work/read-rows';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** What checking an access token needs to know about its user and session. */
export interface SessionState {
  id: string;
  organizationId: string;
  role: Role;
  email: string;
  kind: OrganizationKind;
  /** The user and their organization are both active. */
  usable: boolean;
  /** The session (refresh-token family) has a token that was not revoked. */
  sessionLive: boolean;
  mfaEnabled: boolean;
}

export type NewRefreshToken = Pick<
  RefreshTokenEntity,
  'id' | 'familyId' | 'userId' | 'tokenHash' | 'expiresAt' | 'createdIp'
>;

/**
 * Sessions: refresh-token families. Not read through a scope: a session belongs
 * to its user, and every method acts for that user themselves (signing in,
 * rotating, signing out) or ends the sessions of users the caller has already
 * reached through AccessService (suspension, role change, reset).
 */
@Injectable()
export class SessionsRepository {
  async insert(tx: Tx, token: NewRefreshToken): Promise<void> {
    await managerOf(tx).insert(RefreshTokenEntity, token);
  }

  /** The token of that hash, locked for its rotation; null when unknown. */
  findByHashForUpdate(tx: Tx, tokenHash: string): Promise<RefreshTokenEntity | null> {
    return managerOf(tx).findOne(RefreshTokenEntity, {
      where: { tokenHash },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async markUsed(tx: Tx, tokenId: string): Promise<void> {
    await managerOf(tx).update(RefreshTokenEntity, { id: tokenId }, { usedAt: new Date() });
  }

  /** End a session: every live token of the family is revoked; how many were. */
  async revokeFamily(tx: Tx, familyId: string, reason: string): Promise<number> {
    const result = await managerOf(tx).update(
      RefreshTokenEntity,
      { familyId, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
    return result.affected ?? 0;
  }

  /** End every session of a user but `keepSessionId`; how many tokens were revoked. */
  async revokeOtherSessions(
    tx: Tx,
    userId: string,
    keepSessionId: string,
    reason: string,
  ): Promise<number> {
    const result = await managerOf(tx)
      .createQueryBuilder()
      .update(RefreshTokenEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id = :userId AND family_id <> :keep AND revoked_at IS NULL', {
        userId,
        keep: keepSessionId,
      })
      .execute();
    return result.affected ?? 0;
  }

  /** End every session of some users. */
  async revokeAllForUsers(tx: Tx, userIds: string[], reason: string): Promise<void> {
    if (userIds.length === 0) return;
    await managerOf(tx)
      .createQueryBuilder()
      .update(RefreshTokenEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id IN (:...userIds)', { userIds })
      .andWhere('revoked_at IS NULL')
      .execute();
  }

  /** In one indexed query: the user, their organization's state and whether the session lives. */
  async state(tx: Tx, userId: string, sessionId: string): Promise<SessionState | null> {
    const rows = await readRows<{
      id: string;
      organization_id: string;
      role: Role;
      email: string;
      kind: OrganizationKind;
      usable: boolean;
      session_live: boolean;
      mfa_enabled: boolean;
    }>(
      tx,
      `SELECT u.id, u.organization_id, u.role, u.email, o.kind, u.mfa_enabled,
              (u.status = 'active' AND o.status = 'active') AS usable,
              EXISTS (SELECT 1 FROM refresh_tokens t
                       WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL) AS session_live
         FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = $1`,
      [userId, sessionId],
      // Every signed-in request makes this read.
      { prepared: true },
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          organizationId: row.organization_id,
          role: row.role,
          email: row.email,
          kind: row.kind,
          usable: row.usable,
          sessionLive: row.session_live,
          mfaEnabled: row.mfa_enabled,
        }
      : null;
  }
}
