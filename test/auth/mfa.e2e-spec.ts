import { AuditEventEntity, MfaRecoveryCodeEntity } from '@app/persistence';
import { authenticator } from 'otplib';
import type { Response } from 'supertest';
import { createOrganization, createUser, login, TEST_PASSWORD } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

const STEP_MS = 30_000;
const RECOVERY_CODE = /^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/;

/** The code an authenticator app shows `offset` steps from now. */
function codeAt(secret: string, offset: number): string {
  return authenticator.clone({ epoch: Date.now() + offset * STEP_MS }).generate(secret);
}

/** A 6-digit code that is not valid for the secret at any step the server accepts now. */
function wrongCode(secret: string): string {
  const valid = new Set([-2, -1, 0, 1, 2].map((offset) => codeAt(secret, offset)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

/**
 * Codes are worked out against the clock; a test that uses the previous, the
 * current and the next step must not straddle a step boundary. When fewer
 * than 5 seconds of the current step remain, wait for the next one to begin
 * (a clock, not a condition that polling could observe).
 */
async function startOfAStep(): Promise<void> {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < 5_000) await new Promise((r) => setTimeout(r, left + 50));
}

describe('Multi-factor authentication (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-mfa`,
      MFA_REQUIRED_ROLES: 'coordinator',
      MFA_ISSUER: 'CRH Test',
      LOGIN_MAX_FAILURES: '5',
      LOGIN_LOCKOUT_SECONDS: '60',
      RATE_LIMIT_LOGIN_PER_MINUTE: '10000',
    });
  });
  afterAll(() => api.close());

  const post = (path: string, auth?: { Authorization: string }) => {
    const req = api.http.post(`/api/v1${path}`);
    return auth ? req.set(auth) : req;
  };

  async function auditOf(userId: string): Promise<AuditEventEntity[]> {
    return api.dataSource.manager.find(AuditEventEntity, {
      where: [{ targetId: userId }, { actorUserId: userId }],
      order: { id: 'ASC' },
    });
  }

  async function storedSecret(userId: string): Promise<string | null> {
    const rows: { mfa_secret: string | null }[] = await api.dataSource.query(
      'SELECT mfa_secret FROM users WHERE id = $1',
      [userId],
    );
    return rows[0]?.mfa_secret ?? null;
  }

  /** A user of the role with a confirmed second factor (the confirming code is of step -1). */
  async function enrolledUser(role: 'coordinator' | 'member_reporter') {
    const org = await createOrganization(
      api.dataSource,
      role === 'coordinator' ? 'coalition' : 'member',
    );
    const user = await createUser(api.dataSource, org, role);
    const session = await login(api.http, user.email);
    const enrol = await post('/auth/mfa/enrol', session.auth).expect(200);
    const secret = enrol.body.secret as string;
    const confirm = await post('/auth/mfa/confirm', session.auth)
      .send({ otp: codeAt(secret, -1) })
      .expect(200);
    return { user, session, secret, recoveryCodes: confirm.body.recoveryCodes as string[] };
  }

  function signIn(email: string, otp?: string): Promise<Response> {
    return post('/auth/login').send({ email, password: TEST_PASSWORD, ...(otp ? { otp } : {}) });
  }

  it('should enrol, confirm with a current code and from then on require a fresh code at sign-in', async () => {
    await startOfAStep();
    const org = await createOrganization(api.dataSource, 'coalition');
    const user = await createUser(api.dataSource, org, 'coordinator');
    const session = await login(api.http, user.email);

    const first = await post('/auth/mfa/enrol', session.auth).expect(200);
    // Enrolling again before confirming replaces the pending secret.
    const enrol = await post('/auth/mfa/enrol', session.auth).expect(200);
    const secret = enrol.body.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(secret).not.toBe(first.body.secret);
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/CRH%20Test:/);
    expect(new URL(enrol.body.otpauthUri as string).searchParams.get('secret')).toBe(secret);

    // Sealed at rest, bound to the user, without the cipher's clear-text hint.
    const stored = await storedSecret(user.id);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(-4));
    expect(JSON.parse(stored as string)).toMatchObject({ kid: 'test1', hint: '' });

    // A wrong code is refused naming otp.
    const stale = await post('/auth/mfa/confirm', session.auth).send({
      otp: wrongCode(secret),
    });
    expect(stale.status).toBe(400);
    expect(stale.body).toMatchObject({ code: 'otp_invalid', errors: [{ field: 'otp' }] });

    const confirm = await post('/auth/mfa/confirm', session.auth)
      .send({ otp: codeAt(secret, -1) })
      .expect(200);
    const codes = confirm.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(RECOVERY_CODE);
    const rows = await api.dataSource.manager.findBy(MfaRecoveryCodeEntity, { userId: user.id });
    expect(rows).toHaveLength(10);
    const storedCodes = JSON.stringify(rows);
    for (const code of codes) {
      expect(storedCodes).not.toContain(code);
      expect(storedCodes).not.toContain(code.replace(/-/g, ''));
    }

    await post('/auth/mfa/enrol', session.auth)
      .expect(409)
      .expect((res) => expect(res.body.code).toBe('mfa_already_enabled'));
    const me = await api.http.get('/api/v1/auth/me').set(session.auth).expect(200);
    expect(me.body).toMatchObject({ mfaEnabled: true, mfaRequired: true });

    // Password alone: 401 mfa_required and no tokens.
    const noCode = await signIn(user.email);
    expect(noCode.status).toBe(401);
    expect(noCode.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(noCode.body.code).toBe('mfa_required');
    expect(noCode.body.accessToken).toBeUndefined();
    expect(noCode.body.refreshToken).toBeUndefined();

    const current = codeAt(secret, 0);
    const ok = await signIn(user.email, current);
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ mfaEnabled: true, mfaRequired: true });
    await api.http
      .get('/api/v1/cases')
      .set({ Authorization: `Bearer ${ok.body.accessToken}` })
      .expect(200);

    // The same code again, or one of an earlier step, is refused (replay).
    const replay = await signIn(user.email, current);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('mfa_invalid');
    expect(replay.body.accessToken).toBeUndefined();
    expect((await signIn(user.email, codeAt(secret, -1))).body.code).toBe('mfa_invalid');

    // A recovery code works once, typed in any case and without hyphens too.
    expect((await signIn(user.email, codes[0])).status).toBe(200);
    expect((await signIn(user.email, codes[0])).body.code).toBe('mfa_invalid');
    expect((await signIn(user.email, codes[1].replace(/-/g, '').toUpperCase())).status).toBe(200);
    const used = await api.dataSource.manager.findBy(MfaRecoveryCodeEntity, { userId: user.id });
    expect(used.filter((r) => r.usedAt !== null)).toHaveLength(2);

    // A new set needs a current code; the old set stops working.
    const regenerated = await post('/auth/mfa/recovery-codes', session.auth)
      .send({ otp: codeAt(secret, 1) })
      .expect(200);
    const fresh = regenerated.body.recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect((await signIn(user.email, codes[2])).body.code).toBe('mfa_invalid');
    expect((await signIn(user.email, fresh[0])).status).toBe(200);

    // A role that must use a second factor cannot turn it off.
    const disable = await post('/auth/mfa/disable', session.auth).send({ otp: fresh[1] });
    expect(disable.status).toBe(403);
    expect(disable.body.code).toBe('mfa_required_for_role');

    const events = await auditOf(user.id);
    const actions = events.map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.mfa_enrol:success',
        'auth.mfa_enrol:denied',
        'auth.mfa_failed:failure',
        'auth.mfa_confirm:success',
        'auth.login:denied',
        'auth.mfa_recovery_used:success',
        'auth.mfa_recovery_codes_regenerate:success',
        'auth.mfa_disable:denied',
      ]),
    );
    // No secret and no code in the trail; only the enrol answer carried the secret.
    const trail = JSON.stringify(events);
    for (const secretValue of [secret, first.body.secret as string, ...codes, ...fresh]) {
      expect(trail).not.toContain(secretValue);
    }
    for (const res of [confirm, me, noCode, ok, replay, regenerated]) {
      expect(JSON.stringify(res.body)).not.toContain(secret);
    }
  });

  it('should end every other session of the account, access and refresh, when a second factor is confirmed', async () => {
    await startOfAStep();
    const org = await createOrganization(api.dataSource, 'member');
    const user = await createUser(api.dataSource, org, 'member_reporter');
    // Opened with the password alone, before any second factor existed.
    const laptop = await login(api.http, user.email);
    const phone = await login(api.http, user.email);
    const meWith = (auth: { Authorization: string }) => api.http.get('/api/v1/auth/me').set(auth);
    await meWith(laptop.auth).expect(200);

    const enrol = await post('/auth/mfa/enrol', phone.auth).expect(200);
    await post('/auth/mfa/confirm', phone.auth)
      .send({ otp: codeAt(enrol.body.secret as string, 0) })
      .expect(200);

    // The password-only session ends at once: its access token and its refresh token.
    expect((await meWith(laptop.auth)).status).toBe(401);
    const refreshed = await post('/auth/refresh').send({ refreshToken: laptop.refreshToken });
    expect(refreshed.status).toBe(401);
    // The session that confirmed (and showed the factor) continues.
    await meWith(phone.auth).expect(200);
    await post('/auth/refresh').send({ refreshToken: phone.refreshToken }).expect(200);
    const events = await auditOf(user.id);
    expect(events.find((e) => e.action === 'auth.mfa_confirm')?.details).toMatchObject({
      endedSessionTokens: 1,
    });
  });

  it('should count wrong codes as failed sign-ins, locking the account like wrong passwords', async () => {
    await startOfAStep();
    const { user, secret } = await enrolledUser('member_reporter');
    const wrong = wrongCode(secret);
    for (let i = 1; i <= 4; i++) {
      const res = await signIn(user.email, wrong);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('mfa_invalid');
    }
    const locking = await signIn(user.email, wrong);
    expect(locking.status).toBe(429);
    expect(Number(locking.headers['retry-after'])).toBeGreaterThan(0);
    // Locked: even the right password with a right code is refused.
    const locked = await signIn(user.email, codeAt(secret, 0));
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('login_locked');

    const actions = (await auditOf(user.id)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions.filter((a) => a === 'auth.mfa_failed:failure')).toHaveLength(5);
    expect(actions).toContain('auth.lockout:success');
  });

  it('should give a coordinator without a second factor a session that may only enrol', async () => {
    await startOfAStep();
    const org = await createOrganization(api.dataSource, 'coalition');
    const user = await createUser(api.dataSource, org, 'coordinator');
    const res = await signIn(user.email);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ mfaEnabled: false, mfaRequired: true });
    const auth = { Authorization: `Bearer ${res.body.accessToken}` };

    const cases = await api.http.get('/api/v1/cases').set(auth);
    expect(cases.status).toBe(403);
    expect(cases.body.code).toBe('mfa_enrolment_required');
    // The route's permission is checked first: a route the role may not use is plainly forbidden.
    expect((await post('/referrals', auth).send({})).body.code).toBe('forbidden');
    expect(
      (await post('/auth/password', auth).send({ currentPassword: 'x', newPassword: 'y' })).body
        .code,
    ).toBe('mfa_enrolment_required');

    await api.http.get('/api/v1/auth/me').set(auth).expect(200);
    // A refreshed session is still restricted.
    const refreshed = await post('/auth/refresh').send({ refreshToken: res.body.refreshToken });
    expect(refreshed.status).toBe(200);
    const auth2 = { Authorization: `Bearer ${refreshed.body.accessToken}` };
    expect((await api.http.get('/api/v1/cases').set(auth2)).body.code).toBe(
      'mfa_enrolment_required',
    );

    // Enrolment and confirmation are open to it, and confirming lifts the restriction.
    const enrol = await post('/auth/mfa/enrol', auth2).expect(200);
    await post('/auth/mfa/confirm', auth2)
      .send({ otp: codeAt(enrol.body.secret as string, 0) })
      .expect(200);
    await api.http.get('/api/v1/cases').set(auth2).expect(200);
    await post('/auth/logout', auth2).expect(204);

    const actions = (await auditOf(user.id)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toContain('auth.mfa_enrolment_required:denied');
  });

  it('should let a role outside MFA_REQUIRED_ROLES sign in without a second factor, and enable and disable one', async () => {
    await startOfAStep();
    const org = await createOrganization(api.dataSource, 'member');
    const plain = await createUser(api.dataSource, org, 'member_reporter');
    const res = await signIn(plain.email);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ mfaEnabled: false, mfaRequired: false });
    await api.http
      .get('/api/v1/referrals')
      .set({ Authorization: `Bearer ${res.body.accessToken}` })
      .expect(200);

    const { user, session, secret, recoveryCodes } = await enrolledUser('member_reporter');
    expect((await signIn(user.email)).body.code).toBe('mfa_required');
    // Disabling needs a valid code; a recovery code will do (and is spent).
    const refused = await post('/auth/mfa/disable', session.auth).send({ otp: wrongCode(secret) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'otp_invalid', errors: [{ field: 'otp' }] });
    await post('/auth/mfa/disable', session.auth).send({ otp: recoveryCodes[0] }).expect(204);
    expect(await storedSecret(user.id)).toBeNull();
    expect(await api.dataSource.manager.countBy(MfaRecoveryCodeEntity, { userId: user.id })).toBe(
      0,
    );
    expect((await signIn(user.email)).status).toBe(200);
    await post('/auth/mfa/disable', session.auth)
      .send({ otp: codeAt(secret, 1) })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('mfa_not_enabled'));
    await post('/auth/mfa/recovery-codes', session.auth)
      .send({ otp: codeAt(secret, 1) })
      .expect(409);
  });

  it('should refuse malformed codes naming otp', async () => {
    const org = await createOrganization(api.dataSource, 'member');
    const user = await createUser(api.dataSource, org, 'member_reporter');
    const session = await login(api.http, user.email);
    const bad = await signIn(user.email, '12ab');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'otp' })]);
    const confirm = await post('/auth/mfa/confirm', session.auth).send({ otp: 'abcd-efgh' });
    expect(confirm.status).toBe(400);
    expect(confirm.body.errors).toEqual([expect.objectContaining({ field: 'otp' })]);
    await post('/auth/mfa/confirm', session.auth)
      .send({ otp: '123456' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('mfa_not_enrolled'));
  });
});
