import type { MfaRecoveryCodeEntity, RefreshTokenEntity } from '../entities';
import type { Tx } from '../unit-of-work/tx';
import { InMemoryDirectory } from './in-memory-directory';
import type { LoginThrottlesRepository } from './login-throttles.repository';
import type { FactorState, MfaRepository, NewRecoveryCode } from './mfa.repository';
import type { NewRefreshToken, SessionsRepository, SessionState } from './sessions.repository';

export class InMemorySessionsRepository implements Pick<
  SessionsRepository,
  keyof SessionsRepository
> {
  readonly tokens = new Map<string, RefreshTokenEntity>();

  constructor(readonly directory = new InMemoryDirectory()) {}

  insert(_tx: Tx, token: NewRefreshToken): Promise<void> {
    this.tokens.set(token.id, {
      ...token,
      createdAt: new Date(),
      usedAt: null,
      revokedAt: null,
      revokedReason: null,
    });
    return Promise.resolve();
  }

  findByHashForUpdate(_tx: Tx, tokenHash: string): Promise<RefreshTokenEntity | null> {
    const token = [...this.tokens.values()].find((t) => t.tokenHash === tokenHash);
    return Promise.resolve(token ? { ...token } : null);
  }

  markUsed(_tx: Tx, tokenId: string): Promise<void> {
    const token = this.tokens.get(tokenId);
    if (token) token.usedAt = new Date();
    return Promise.resolve();
  }

  revokeFamily(_tx: Tx, familyId: string, reason: string): Promise<number> {
    return Promise.resolve(this.revokeWhere((t) => t.familyId === familyId, reason));
  }

  revokeOtherSessions(
    _tx: Tx,
    userId: string,
    keepSessionId: string,
    reason: string,
  ): Promise<number> {
    return Promise.resolve(
      this.revokeWhere((t) => t.userId === userId && t.familyId !== keepSessionId, reason),
    );
  }

  revokeAllForUsers(_tx: Tx, userIds: string[], reason: string): Promise<void> {
    this.revokeWhere((t) => userIds.includes(t.userId), reason);
    return Promise.resolve();
  }

  state(_tx: Tx, userId: string, sessionId: string): Promise<SessionState | null> {
    const user = this.directory.users.get(userId);
    const org = user && this.directory.organizations.get(user.organizationId);
    if (!user || !org) return Promise.resolve(null);
    return Promise.resolve({
      id: user.id,
      organizationId: user.organizationId,
      role: user.role,
      email: user.email,
      kind: org.kind,
      usable: user.status === 'active' && org.status === 'active',
      sessionLive: this.liveFamily(sessionId, userId),
      mfaEnabled: user.mfaEnabled,
    });
  }

  /** Whether the session still has a token that was not revoked. */
  liveFamily(familyId: string, userId?: string): boolean {
    return [...this.tokens.values()].some(
      (t) => t.familyId === familyId && (!userId || t.userId === userId) && !t.revokedAt,
    );
  }

  private revokeWhere(match: (t: RefreshTokenEntity) => boolean, reason: string): number {
    let revoked = 0;
    for (const token of this.tokens.values()) {
      if (!token.revokedAt && match(token)) {
        token.revokedAt = new Date();
        token.revokedReason = reason;
        revoked += 1;
      }
    }
    return revoked;
  }
}

export class InMemoryMfaRepository implements Pick<MfaRepository, keyof MfaRepository> {
  readonly recoveryCodes = new Map<string, MfaRecoveryCodeEntity>();

  constructor(readonly directory = new InMemoryDirectory()) {}

  lockFactor(_tx: Tx, userId: string): Promise<FactorState | null> {
    const user = this.directory.users.get(userId);
    return Promise.resolve(
      user
        ? {
            id: user.id,
            email: user.email,
            mfaEnabled: user.mfaEnabled,
            mfaSecret: user.mfaSecret,
            mfaLastStep: user.mfaLastStep ?? null,
          }
        : null,
    );
  }

  setPendingSecret(_tx: Tx, userId: string, sealedSecret: string): Promise<void> {
    Object.assign(this.user(userId), { mfaSecret: sealedSecret, mfaLastStep: null });
    return Promise.resolve();
  }

  enable(_tx: Tx, userId: string): Promise<void> {
    this.user(userId).mfaEnabled = true;
    return Promise.resolve();
  }

  async disable(tx: Tx, userId: string): Promise<void> {
    Object.assign(this.user(userId), { mfaEnabled: false, mfaSecret: null, mfaLastStep: null });
    await this.deleteRecoveryCodes(tx, userId);
  }

  setLastStep(_tx: Tx, userId: string, step: number): Promise<void> {
    this.user(userId).mfaLastStep = step;
    return Promise.resolve();
  }

  deleteRecoveryCodes(_tx: Tx, userId: string): Promise<void> {
    for (const [id, code] of [...this.recoveryCodes]) {
      if (code.userId === userId) this.recoveryCodes.delete(id);
    }
    return Promise.resolve();
  }

  insertRecoveryCodes(_tx: Tx, codes: NewRecoveryCode[]): Promise<void> {
    for (const code of codes) {
      this.recoveryCodes.set(code.id, { ...code, createdAt: new Date(), usedAt: null });
    }
    return Promise.resolve();
  }

  unusedRecoveryCodes(_tx: Tx, userId: string): Promise<MfaRecoveryCodeEntity[]> {
    return Promise.resolve(
      [...this.recoveryCodes.values()]
        .filter((c) => c.userId === userId && !c.usedAt)
        .map((c) => ({ ...c })),
    );
  }

  spendRecoveryCode(_tx: Tx, codeId: string): Promise<void> {
    const code = this.recoveryCodes.get(codeId);
    if (code) code.usedAt = new Date();
    return Promise.resolve();
  }

  private user(id: string) {
    const user = this.directory.users.get(id);
    if (!user) throw new Error(`No user ${id}`);
    return user;
  }
}

/**
 * Failed sign-in counters with the same window and lock rules as the SQL
 * statement, on a clock the test moves (`now`, in milliseconds).
 */
export class InMemoryLoginThrottlesRepository implements Pick<
  LoginThrottlesRepository,
  keyof LoginThrottlesRepository
> {
  readonly rows = new Map<
    string,
    { failures: number; windowStartedAt: number; lockedUntil: number | null }
  >();
  now = Date.now();

  lockedUntil(_tx: Tx, keyHash: string): Promise<Date | null> {
    const row = this.rows.get(keyHash);
    return Promise.resolve(row?.lockedUntil != null ? new Date(row.lockedUntil) : null);
  }

  recordFailure(
    _tx: Tx,
    keyHash: string,
    maxFailures: number,
    windowSeconds: number,
  ): Promise<Date | null> {
    const window = windowSeconds * 1000;
    const row = this.rows.get(keyHash);
    const fresh =
      !row ||
      row.windowStartedAt < this.now - window ||
      (row.lockedUntil !== null && row.lockedUntil <= this.now);
    const failures = fresh ? 1 : row.failures + 1;
    const next = {
      failures,
      windowStartedAt: fresh ? this.now : row.windowStartedAt,
      lockedUntil: failures >= maxFailures ? this.now + window : null,
    };
    this.rows.set(keyHash, next);
    return Promise.resolve(next.lockedUntil !== null ? new Date(next.lockedUntil) : null);
  }

  clear(_tx: Tx, keyHash: string): Promise<void> {
    this.rows.delete(keyHash);
    return Promise.resolve();
  }
}
