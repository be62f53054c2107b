import type { AccessTokenClaims } from '@app/auth';
import { AppConfig, validateEnvironment } from '@app/common';
import { InMemorySessionsRepository, InMemoryUnitOfWork } from '@app/persistence';
import { JwtService } from '@nestjs/jwt';
import { TokenService } from './token.service';

const user = { id: 'u1', organizationId: 'o1', role: 'member_admin' as const };

function setup() {
  const config = new AppConfig(validateEnvironment({ JWT_SECRET: 'k'.repeat(32) }));
  const jwt = new JwtService({ secret: 'k'.repeat(32) });
  const sessions = new InMemorySessionsRepository();
  return {
    tokens: new TokenService(jwt, sessions, config),
    jwt,
    sessions,
    tx: new InMemoryUnitOfWork().tx,
  };
}

describe('TokenService', () => {
  it('should store only the digest of a refresh token, in a new session by default', async () => {
    const { tokens, sessions, tx } = setup();
    const pair = await tokens.issue(tx, user, { ip: '203.0.113.9' });
    const stored = sessions.tokens.get(pair.refreshTokenId);
    expect(stored?.tokenHash).toBe(TokenService.hashRefreshToken(pair.refreshToken));
    expect(stored?.tokenHash).not.toContain(pair.refreshToken);
    expect(stored).toMatchObject({
      familyId: pair.familyId,
      userId: 'u1',
      createdIp: '203.0.113.9',
    });
  });

  it('should keep a rotated pair in its session and name the session in the access token', async () => {
    const { tokens, jwt, tx } = setup();
    const first = await tokens.issue(tx, user, { ip: null });
    const second = await tokens.issue(tx, user, { familyId: first.familyId, ip: null });
    expect(second.familyId).toBe(first.familyId);
    const claims = await jwt.verifyAsync<AccessTokenClaims>(second.accessToken);
    expect(claims).toMatchObject({
      sub: 'u1',
      org: 'o1',
      role: 'member_admin',
      sid: first.familyId,
      typ: 'access',
    });
  });

  it('should end every other session of the user and keep the one named', async () => {
    const { tokens, sessions, tx } = setup();
    const kept = await tokens.issue(tx, user, { ip: null });
    const other = await tokens.issue(tx, user, { ip: null });
    const stranger = await tokens.issue(tx, { ...user, id: 'u2' }, { ip: null });
    expect(await tokens.revokeOtherSessions(tx, 'u1', kept.familyId, 'password_changed')).toBe(1);
    expect(sessions.liveFamily(kept.familyId)).toBe(true);
    expect(sessions.liveFamily(other.familyId)).toBe(false);
    expect(sessions.liveFamily(stranger.familyId)).toBe(true);
  });

  it('should count only tokens it revoked when ending a session twice', async () => {
    const { tokens, tx } = setup();
    const pair = await tokens.issue(tx, user, { ip: null });
    await tokens.issue(tx, user, { familyId: pair.familyId, ip: null });
    expect(await tokens.revokeFamily(tx, pair.familyId, 'logout')).toBe(2);
    expect(await tokens.revokeFamily(tx, pair.familyId, 'logout')).toBe(0);
  });

  it('should end all sessions of the users named', async () => {
    const { tokens, sessions, tx } = setup();
    const a = await tokens.issue(tx, user, { ip: null });
    const b = await tokens.issue(tx, { ...user, id: 'u2' }, { ip: null });
    await tokens.revokeAllForUsers(tx, ['u1'], 'user_status');
    expect(sessions.liveFamily(a.familyId)).toBe(false);
    expect(sessions.liveFamily(b.familyId)).toBe(true);
  });
});
