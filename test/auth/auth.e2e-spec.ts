import { createHmac, randomUUID } from 'node:crypto';
import { AuditEventEntity, RefreshTokenEntity } from '@app/persistence';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  TEST_PASSWORD,
} from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const LOCKOUT_SECONDS = 6;

describe('Authentication (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    // The failure window is the lockout length: long enough that three sign-ins (each an
    // argon2 verification) fit in it on a busy machine, short enough to wait out once.
    api = await startTestApi({
      LOGIN_MAX_FAILURES: '3',
      LOGIN_LOCKOUT_SECONDS: String(LOCKOUT_SECONDS),
    });
  });
  afterAll(() => api.close());

  async function auditActions(targetId: string): Promise<string[]> {
    const rows = await api.dataSource.manager.find(AuditEventEntity, {
      where: { targetId },
      order: { id: 'ASC' },
    });
    return rows.map((r) => `${r.action}:${r.outcome}`);
  }

  describe('login', () => {
    it('should issue an access token, a refresh token and the profile for valid credentials', async () => {
      const org = await createOrganization(api.dataSource, 'member');
      const user = await createUser(api.dataSource, org, 'member_reporter');
      const res = await api.http
        .post('/api/v1/auth/login')
        .send({ email: user.email.toUpperCase(), password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        expiresIn: 900,
        user: {
          id: user.id,
          role: 'member_reporter',
          organization: { id: org.id, kind: 'member' },
        },
      });
      expect(String(res.body.accessToken).split('.')).toHaveLength(3);
      expect(res.body.refreshToken.length).toBeGreaterThanOrEqual(40);
      expect(res.body.user.permissions).toEqual([
        'session.self',
        'referrals.create',
        'referrals.read',
        'referrals.write',
      ]);
    });

    it('should answer 401 with the same words for a wrong password and an unknown account', async () => {
      const org = await createOrganization(api.dataSource, 'member');
      const user = await createUser(api.dataSource, org, 'member_reporter');
      const wrong = await api.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'not-the-password' });
      const unknown = await api.http
        .post('/api/v1/auth/login')
        .send({ email: `nobody.${user.id}@test.example`, password: 'not-the-password' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(wrong.body.detail).toBe(unknown.body.detail);
      expect(wrong.body.code).toBe('invalid_credentials');
      expect(unknown.body.code).toBe('invalid_credentials');
    });

    it('should record successful and failed logins in the audit trail without the password', async () => {
      const org = await createOrganization(api.dataSource, 'member');
      const user = await createUser(api.dataSource, org, 'member_reporter');
      await api.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'not-the-password' })
        .expect(401);
      await login(api.http, user.email);
      const failure = await api.dataSource.manager.findOneByOrFail(AuditEventEntity, {
        targetId: user.id,
        action: 'auth.login',
        outcome: 'failure',
      });
      expect(failure.requestId).toBeTruthy();
      expect(failure.ip).toBeTruthy();
      expect(JSON.stringify(failure.details)).not.toContain('not-the-password');
      const success = await api.dataSource.manager.findOneByOrFail(AuditEventEntity, {
        actorUserId: user.id,
        action: 'auth.login',
        outcome: 'success',
      });
      expect(success.targetType).toBe('session');
    });

    it('should lock an account name after repeated failures with 429 and Retry-After, then let it in after the lock', async () => {
      const org = await createOrganization(api.dataSource, 'member');
      const user = await createUser(api.dataSource, org, 'member_reporter');
      const attempt = (password: string) =>
        api.http.post('/api/v1/auth/login').send({ email: user.email, password });
      expect((await attempt('wrong-1')).status).toBe(401);
      expect((await attempt('wrong-2')).status).toBe(401);
      const locking = await attempt('wrong-3');
      expect(locking.status).toBe(429);
      expect(Number(locking.headers['retry-after'])).toBeGreaterThan(0);
      // Even the right password is refused while locked.
      const locked = await attempt(TEST_PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('login_locked');
      expect(await auditActions(user.id)).toContain('auth.lockout:success');
      await new Promise((r) => setTimeout(r, LOCKOUT_SECONDS * 1000 + 100));
      expect((await attempt(TEST_PASSWORD)).status).toBe(200);
    });

    it('should lock unknown account names exactly like known ones (no enumeration)', async () => {
      // No long digit runs in test data: 13+ digits can pass the Luhn check and be refused as a card number.
      const email = `ghost.${randomUUID().slice(0, 8)}@test.example`;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (await api.http.post('/api/v1/auth/login').send({ email, password: 'whatever-it-is' }))
            .status,
        );
      }
      expect(statuses).toEqual([401, 401, 429, 429]);
    });

    it('should refuse a suspended user and a user of a suspended organization even with the right password', async () => {
      const org = await createOrganization(api.dataSource, 'member');
      const suspendedUser = await createUser(api.dataSource, org, 'member_reporter', {
        status: 'suspended',
      });
      const res = await api.http
        .post('/api/v1/auth/login')
        .send({ email: suspendedUser.email, password: TEST_PASSWORD });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('account_inactive');

      const suspendedOrg = await createOrganization(api.dataSource, 'member', {
        status: 'suspended',
      });
      const member = await createUser(api.dataSource, suspendedOrg, 'member_reporter');
      const res2 = await api.http
        .post('/api/v1/auth/login')
        .send({ email: member.email, password: TEST_PASSWORD });
      expect(res2.status).toBe(401);
    });

    it('should answer 400 naming each bad field and change nothing', async () => {
      const res = await api.http
        .post('/api/v1/auth/login')
        .send({ email: 'not-an-email', passwd: 'x', role: 'platform_admin' });
      expect(res.status).toBe(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(['email', 'passwd', 'password', 'role']);
    });
  });

  describe('refresh', () => {
    it('should rotate: a new pair each time, and the old refresh token spent', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'coordinator');
      const first = await api.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(session.refreshToken);
      const second = await api.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.body.refreshToken });
      expect(second.status).toBe(200);
      await api.http
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${second.body.accessToken}`)
        .expect(200);
    });

    it('should revoke the whole session when a spent refresh token is presented again (reuse detection)', async () => {
      const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const rotated = await api.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(200);
      // An attacker replays the stolen, already-used token.
      const replay = await api.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('refresh_token_reused');
      // The legitimate holder's newer tokens are dead too.
      const legit = await api.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: rotated.body.refreshToken });
      expect(legit.status).toBe(401);
      await api.http
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${rotated.body.accessToken}`)
        .expect(401);
      const all = await api.dataSource.manager.find(RefreshTokenEntity, {
        where: { userId: user.id },
      });
      expect(all.length).toBe(2);
      expect(all.every((t) => t.revokedAt !== null)).toBe(true);
      const reuse = await api.dataSource.manager.findOneByOrFail(AuditEventEntity, {
        actorUserId: user.id,
        action: 'auth.refresh_reuse',
      });
      expect(reuse.outcome).toBe('denied');
    });

    it('should refuse an unknown refresh token with 401', async () => {
      const res = await api.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: 'x'.repeat(43) });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('invalid_refresh_token');
    });

    it('should let only one of two concurrent refreshes with the same token win', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'auditor');
      const results = await Promise.all([
        api.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }),
        api.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });
  });

  describe('logout and sessions', () => {
    it('should end the session at once: access token and refresh token both refused', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'le_liaison');
      await api.http.get('/api/v1/auth/me').set(session.auth).expect(200);
      await api.http.post('/api/v1/auth/logout').set(session.auth).expect(204);
      await api.http.get('/api/v1/auth/me').set(session.auth).expect(401);
      await api.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(401);
    });

    it('should keep other sessions of the same user alive on logout', async () => {
      const org = await createOrganization(api.dataSource, 'coalition');
      const user = await createUser(api.dataSource, org, 'coordinator');
      const laptop = await login(api.http, user.email);
      const phone = await login(api.http, user.email);
      await api.http.post('/api/v1/auth/logout').set(laptop.auth).expect(204);
      await api.http.get('/api/v1/auth/me').set(phone.auth).expect(200);
    });

    it('should refuse requests without a token, with a malformed token, or with a token signed by another key', async () => {
      await api.http.get('/api/v1/auth/me').expect(401);
      await api.http.get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
      const forged =
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwib3JnIjoiMSIsInJvbGUiOiJwbGF0Zm9ybV9hZG1pbiIsInNpZCI6IjEiLCJ0eXAiOiJhY2Nlc3MifQ.' +
        'c2lnbmF0dXJlLW9mLWFub3RoZXIta2V5';
      const res = await api.http
        .get('/api/v1/organizations')
        .set('Authorization', `Bearer ${forged}`);
      expect(res.status).toBe(401);
    });

    it('should refuse an expired token and tokens whose header names another algorithm, at once', async () => {
      const { user, org, session } = await signedInUser(api.dataSource, api.http, 'coordinator');
      const sid = (
        JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()) as {
          sid: string;
        }
      ).sid;
      const claims = { sub: user.id, org: org.id, role: 'coordinator', sid, typ: 'access' };
      const signed = (header: object, payload: object) => {
        const head = `${encode(header)}.${encode(payload)}`;
        const mac = createHmac('sha256', api.env.JWT_SECRET ?? '')
          .update(head)
          .digest('base64url');
        return `Bearer ${head}.${mac}`;
      };
      const now = Math.floor(Date.now() / 1000);
      const live = signed({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: now + 60 });
      await api.http.get('/api/v1/auth/me').set('Authorization', live).expect(200);
      for (const refused of [
        signed({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: now - 1 }),
        signed({ alg: 'HS512', typ: 'JWT' }, { ...claims, exp: now + 60 }),
        `Bearer ${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, exp: now + 60 })}.`,
      ]) {
        const res = await api.http.get('/api/v1/auth/me').set('Authorization', refused);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('unauthenticated');
      }
    });

    it('should keep checking tokens with its own key and database when another app in the process stops', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'coordinator');
      const other = await startTestApi({
        JWT_SECRET: 'another-apps-secret-0123456789abcdefghijklmnop',
      });
      await other.close();
      await api.http.get('/api/v1/auth/me').set(session.auth).expect(200);
    });

    it('should return the profile with organization and permissions from /auth/me', async () => {
      const { user, org, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
      const res = await api.http.get('/api/v1/auth/me').set(session.auth).expect(200);
      expect(res.body).toMatchObject({
        id: user.id,
        email: user.email,
        role: 'member_admin',
        organization: { id: org.id, legalName: org.legalName },
      });
      expect(res.body.permissions).toEqual(expect.arrayContaining(['users.read', 'users.manage']));
      expect(res.body).not.toHaveProperty('passwordHash');
    });

    it('should change the password, end the other sessions, and keep the current one', async () => {
      const org = await createOrganization(api.dataSource, 'member');
      const user = await createUser(api.dataSource, org, 'member_reporter');
      const current = await login(api.http, user.email);
      const other = await login(api.http, user.email);
      const bad = await api.http
        .post('/api/v1/auth/password')
        .set(current.auth)
        .send({ currentPassword: 'wrong-current-pw', newPassword: 'a-brand-new-passphrase' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('currentPassword');
      await api.http
        .post('/api/v1/auth/password')
        .set(current.auth)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-passphrase' })
        .expect(204);
      await api.http.get('/api/v1/auth/me').set(current.auth).expect(200);
      await api.http.get('/api/v1/auth/me').set(other.auth).expect(401);
      await login(api.http, user.email, 'a-brand-new-passphrase');
    });
  });
});
