import { AppConfig } from '@app/common';
import type { AccessTokenClaims } from '@app/auth';
import type { Role } from '@app/domain';
import { SessionsRepository, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Access tokens (signed, short-lived) and refresh tokens (opaque, stored hashed, single use). */
@Injectable()
export class TokenService {
  private readonly accessTtl: number;
  private readonly refreshTtl: number;

  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionsRepository,
    config: AppConfig,
  ) {
    this.accessTtl = config.get('ACCESS_TOKEN_TTL_SECONDS');
    this.refreshTtl = config.get('REFRESH_TOKEN_TTL_SECONDS');
  }

  static hashRefreshToken(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }

  /** Issue a pair in `familyId` (a new session when omitted). */
  async issue(
    tx: Tx,
    user: { id: string; organizationId: string; role: Role },
    options: { familyId?: string; ip: string | null },
  ): Promise<IssuedTokens & { familyId: string; refreshTokenId: string }> {
    const familyId = options.familyId ?? randomUUID();
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTokenId = randomUUID();
    await this.sessions.insert(tx, {
      id: refreshTokenId,
      familyId,
      userId: user.id,
      tokenHash: TokenService.hashRefreshToken(refreshToken),
      expiresAt: new Date(Date.now() + this.refreshTtl * 1000),
      createdIp: options.ip,
    });
    const claims: AccessTokenClaims = {
      sub: user.id,
      org: user.organizationId,
      role: user.role,
      sid: familyId,
      typ: 'access',
    };
    const accessToken = await this.jwt.signAsync(claims, {
      expiresIn: this.accessTtl,
      jwtid: randomUUID(),
    });
    return { accessToken, refreshToken, expiresIn: this.accessTtl, familyId, refreshTokenId };
  }

  /** End a session: every live token of the family is revoked. */
  revokeFamily(tx: Tx, familyId: string, reason: string): Promise<number> {
    return this.sessions.revokeFamily(tx, familyId, reason);
  }

  /**
   * End every session of a user but `keepSessionId` (the one that made the
   * change: confirming a second factor, changing one's own password). The
   * SessionValidator reads the session on every request, so access tokens of
   * the ended sessions stop working at once, not when they expire.
   */
  revokeOtherSessions(
    tx: Tx,
    userId: string,
    keepSessionId: string,
    reason: string,
  ): Promise<number> {
    return this.sessions.revokeOtherSessions(tx, userId, keepSessionId, reason);
  }

  /** End every session of some users (suspension, role change, password reset). */
  revokeAllForUsers(tx: Tx, userIds: string[], reason: string): Promise<void> {
    return this.sessions.revokeAllForUsers(tx, userIds, reason);
  }
}
