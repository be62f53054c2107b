import { AuditEventEntity, type OrganizationEntity } from '@app/persistence';
import { randomUUID } from 'node:crypto';
import type { FindOptionsWhere } from 'typeorm';
import { createOrganization, createUser, TEST_PASSWORD, type Session } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { TcpProxy } from '../support/tcp-proxy';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Rate limits (rate-limit-rules.ts), with small limits. The app trusts one
 * proxy hop so each test can speak from its own client address.
 */
describe('Rate limits (e2e)', () => {
  let api: TestApi;
  const limits = {
    RATE_LIMIT_LOGIN_PER_MINUTE: '3',
    RATE_LIMIT_REFRESH_PER_MINUTE: '2',
    RATE_LIMIT_FILING_PER_MINUTE: '2',
    RATE_LIMIT_API_KEY_PER_MINUTE: '4',
    RATE_LIMIT_USER_PER_MINUTE: '8',
    TRUST_PROXY_HOPS: '1',
    CORS_ORIGINS: 'https://console.test.example',
  };
  let ipCounter = 0;
  /** A fresh documentation-range address, so tests never share a login counter. */
  const nextIp = () => `198.51.100.${++ipCounter}`;

  beforeAll(async () => {
    api = await startTestApi({
      ...limits,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-rate-limits`,
    });
  });
  afterAll(() => api.close());

  const attemptLogin = (http: TestApi['http'], ip: string) =>
    http
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', ip)
      // A new (unknown) account name each time: the per-account lockout stays out of the way.
      .send({
        email: `nobody-${randomUUID().slice(0, 8)}@test.example`,
        password: 'not-the-password',
      });
  const exceeded = (rule: string, where: FindOptionsWhere<AuditEventEntity> = {}) =>
    api.dataSource.getRepository(AuditEventEntity).find({
      where: { action: 'rate_limit.exceeded', targetId: rule, ...where },
    });
  /** A user signed in from their own address (so sign-ins do not use up another test's budget). */
  const signedIn = async (
    role: 'member_admin' | 'member_reporter',
    ip: string,
    organization?: OrganizationEntity,
  ) => {
    const org = organization ?? (await createOrganization(api.dataSource, 'member'));
    const user = await createUser(api.dataSource, org, role);
    const res = await api.http
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', ip)
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const session: Session = {
      ...(res.body as { accessToken: string; refreshToken: string }),
      auth: { Authorization: `Bearer ${res.body.accessToken as string}` },
    };
    return { org, user, session };
  };

  it('should refuse the 4th login a minute from one address with 429 and Retry-After, audited once', async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await attemptLogin(api.http, ip);
      statuses.push(res.status);
      expect(res.headers['ratelimit-policy']).toBe('"login";q=3;w=60');
      const [, remaining, reset] = /^"login";r=(\d+);t=(\d+)$/.exec(res.headers['ratelimit'])!;
      expect(Number(remaining)).toBe(2 - i);
      expect(Number(reset)).toBeGreaterThan(0);
      expect(Number(reset)).toBeLessThanOrEqual(60);
    }
    expect(statuses).toEqual([401, 401, 401]);

    const fourth = await attemptLogin(api.http, ip);
    expect(fourth.status).toBe(429);
    expect(fourth.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fourth.body).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(fourth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(fourth.headers['ratelimit-policy']).toBe('"login";q=3;w=60');
    const [, reset] = /^"login";r=0;t=(\d+)$/.exec(fourth.headers['ratelimit'])!;
    // Retry-After is never earlier than the end of the window the field announces.
    expect(retryAfter).toBeGreaterThanOrEqual(Number(reset));
    // Refused before the password is even looked at, so even a right one waits.
    await attemptLogin(api.http, ip).expect(429);

    expect(await exceeded('login', { ip })).toHaveLength(1);
    const [event] = await exceeded('login', { ip });
    expect(event).toMatchObject({ outcome: 'denied', targetType: 'rate_limit' });
    expect(event.details).toMatchObject({ rule: 'login', by: 'ip', limit: 3, windowSeconds: 60 });

    // Another address is not affected.
    expect((await attemptLogin(api.http, nextIp())).status).toBe(401);
  });

  it('should limit token refreshes per address', async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.http
        .post('/api/v1/auth/refresh')
        .set('x-forwarded-for', ip)
        .send({ refreshToken: 'not-a-refresh-token-0123456789' });
      statuses.push(res.status);
    }
    expect(statuses[2]).toBe(429);
    expect(statuses.slice(0, 2)).not.toContain(429);
  });

  it('should limit filing per user, counting creations and submissions, and leave other users alone', async () => {
    const first = await signedIn('member_reporter', nextIp());
    const file = (s: Session) =>
      api.http.post('/api/v1/referrals').set(s.auth).send(referralBody());
    const one = await file(first.session);
    expect(one.status).toBe(201);
    expect(one.headers['ratelimit-policy']).toBe('"filing";q=2;w=60, "requests";q=8;w=60');
    expect(one.headers['ratelimit']).toMatch(/^"filing";r=1;t=\d+, "requests";r=7;t=\d+$/);
    const submitted = await api.http
      .post(`/api/v1/referrals/${one.body.id as string}/submit`)
      .set(first.session.auth);
    expect(submitted.status).toBe(200);
    const refused = await file(first.session);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Nothing was filed by the refused request.
    const count = await api.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM referrals WHERE created_by = $1`,
      [first.user.id],
    );
    expect(count[0].n).toBe(1);

    // Reads are not filing.
    await api.http.get('/api/v1/referrals').set(first.session.auth).expect(200);
    // A colleague in the same organization has a counter of their own.
    const other = await signedIn('member_reporter', nextIp(), first.org);
    expect((await file(other.session)).status).toBe(201);

    const events = await exceeded('filing', { actorUserId: first.user.id });
    expect(events).toHaveLength(1);
  });

  it('should limit every request made with an API key, per key', async () => {
    const { org, user, session } = await signedIn('member_admin', nextIp());
    const makeKey = async () => {
      const res = await api.http
        .post(`/api/v1/organizations/${org.id}/api-keys`)
        .set(session.auth)
        .send({ name: `key ${randomUUID().slice(0, 4)}`, scopes: ['referrals:read'] });
      expect(res.status).toBe(201);
      return res.body as { id: string; key: string };
    };
    const busy = await makeKey();
    const quiet = await makeKey();
    const read = (key: string) => api.http.get('/api/v1/referrals').set('X-API-Key', key);
    for (let i = 0; i < 4; i++) {
      const res = await read(busy.key);
      expect(res.status).toBe(200);
      // A key's requests count against the key alone (not its creator's per-user limit).
      expect(res.headers['ratelimit-policy']).toBe('"api_key";q=4;w=60');
      expect(res.headers['ratelimit']).toMatch(new RegExp(`^"api_key";r=${3 - i};t=\\d+$`));
    }
    const refused = await read(busy.key);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await read(busy.key).expect(429);

    // Another key of the same organization, and its creator signed in, are unaffected.
    expect((await read(quiet.key)).status).toBe(200);
    const asUser = await api.http.get('/api/v1/referrals').set(session.auth);
    expect(asUser.status).toBe(200);
    expect(asUser.headers['ratelimit-policy']).toBe('"requests";q=8;w=60');

    const events = await exceeded('api_key', { actorUserId: user.id });
    expect(events).toHaveLength(1);
    expect(events[0].details).toMatchObject({ apiKeyId: busy.id, by: 'api_key', limit: 4 });
  });

  it('should count filing with a key against the key, not its creator', async () => {
    const { org, session } = await signedIn('member_admin', nextIp());
    const res = await api.http
      .post(`/api/v1/organizations/${org.id}/api-keys`)
      .set(session.auth)
      .send({ name: 'filer', scopes: ['referrals:write'] });
    const key = (res.body as { key: string }).key;
    const fileWith = (headers: Record<string, string>) =>
      api.http.post('/api/v1/referrals').set(headers).send(referralBody());
    expect((await fileWith({ 'X-API-Key': key })).status).toBe(201);
    expect((await fileWith({ 'X-API-Key': key })).status).toBe(201);
    expect((await fileWith({ 'X-API-Key': key })).status).toBe(429);
    // The creator, signed in, files on their own counter.
    expect((await fileWith(session.auth)).status).toBe(201);
  });

  it('should limit every request of a signed-in user, per user, stating the count on every answer', async () => {
    const { session } = await signedIn('member_reporter', nextIp());
    const remaining: number[] = [];
    const statuses: number[] = [];
    // Successes and refusals alike are counted and carry the fields.
    const calls = [
      () => api.http.get('/api/v1/referrals').set(session.auth),
      () => api.http.get(`/api/v1/referrals/${randomUUID()}`).set(session.auth),
    ];
    for (let i = 0; i < 8; i++) {
      const res = await calls[i % 2]();
      statuses.push(res.status);
      expect(res.headers['ratelimit-policy']).toBe('"requests";q=8;w=60');
      const match = /^"requests";r=(\d+);t=(\d+)$/.exec(res.headers['ratelimit']);
      expect(match).not.toBeNull();
      remaining.push(Number(match![1]));
    }
    expect(statuses).toEqual([200, 404, 200, 404, 200, 404, 200, 404]);
    expect(remaining).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);

    const refused = await api.http.get('/api/v1/referrals').set(session.auth);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-policy']).toBe('"requests";q=8;w=60');
    expect(refused.headers['ratelimit']).toMatch(/^"requests";r=0;t=\d+$/);

    // Health stays unlimited (and says nothing of limits): load balancers probe it.
    for (let i = 0; i < 10; i++) {
      const health = await api.http.get('/api/v1/health');
      expect(health.headers['ratelimit-policy']).toBeUndefined();
    }
  });

  it('should let a browser on an allowed origin read the rate-limit fields', async () => {
    const origin = 'https://console.test.example';
    const res = await attemptLogin(api.http, nextIp()).set('Origin', origin);
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    const exposed = String(res.headers['access-control-expose-headers'])
      .toLowerCase()
      .split(/\s*,\s*/);
    expect(exposed).toEqual(
      expect.arrayContaining(['ratelimit-policy', 'ratelimit', 'retry-after']),
    );
    expect(res.headers['ratelimit-policy']).toBe('"login";q=3;w=60');
  });

  it('should let requests through, not fail, while Redis is unreachable', async () => {
    const proxy = new TcpProxy('127.0.0.1', 6379);
    await proxy.start();
    const flaky = await startTestApi({
      ...limits,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-rate-limits-down`,
    });
    try {
      const ip = nextIp();
      const before: number[] = [];
      for (let i = 0; i < 4; i++) before.push((await attemptLogin(flaky.http, ip)).status);
      expect(before).toEqual([401, 401, 401, 429]);

      await proxy.cut();
      // How soon these answers come is measured by `npm run bench -- --only=outage`.
      const during: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await attemptLogin(flaky.http, ip);
        during.push(res.status);
        expect(res.headers['ratelimit-policy']).toBeUndefined();
        expect(res.headers['ratelimit']).toBeUndefined();
      }
      expect(during).toEqual([401, 401, 401]);
    } finally {
      // Back up first, so the app's Redis clients close cleanly rather than keep reconnecting.
      await proxy.restore();
      await flaky.close();
      await proxy.cut();
    }
  });
});
