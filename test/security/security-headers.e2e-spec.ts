import { signedInUser } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Item-7 controls not already covered by pipeline.e2e-spec.ts (which checks
 * nosniff, CSP frame-ancestors, referrer policy, no CORS for an unknown origin
 * on a simple GET, 413 on login, and a 500 without SQL or stack).
 */
describe('Security headers, CORS and size limits (e2e)', () => {
  let api: TestApi;
  const allowed = 'https://console.coalition.example';

  beforeAll(async () => {
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-security-headers`,
      BODY_LIMIT_BYTES: '8192',
      CORS_ORIGINS: allowed,
    });
  });
  afterAll(() => api.close());

  it('should send HSTS, frame and content-type protections on API answers and errors alike', async () => {
    for (const res of [
      await api.http.get('/api/v1/health'),
      await api.http.get('/api/v1/referrals'),
      await api.http.get('/api/v1/no-such-route'),
    ]) {
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it("should allow scripts only from the server's own files, on the console, the OpenAPI page and the API alike", async () => {
    for (const path of ['/', '/referrals', '/api/v1/health', '/api/docs', '/admin/queues']) {
      const policy = String((await api.http.get(path)).headers['content-security-policy']);
      const scriptSrc = policy.split(';').find((d) => d.trim().startsWith('script-src '));
      expect([path, scriptSrc?.trim()]).toEqual([path, "script-src 'self'"]);
      expect([path, policy]).toEqual([path, expect.stringContaining("script-src-attr 'none'")]);
    }
  });

  it('should answer a preflight only for a configured origin', async () => {
    const preflight = (origin: string) =>
      api.http
        .options('/api/v1/referrals')
        .set('origin', origin)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'authorization,content-type');
    const evil = await preflight('https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    expect(evil.headers['access-control-allow-credentials']).toBeUndefined();
    const fromConsole = await preflight(allowed);
    expect(fromConsole.headers['access-control-allow-origin']).toBe(allowed);
    expect(fromConsole.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('should close CORS entirely when no origin is configured', async () => {
    const closed = await startTestApi({
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-security-headers-closed`,
    });
    try {
      const res = await closed.http
        .options('/api/v1/referrals')
        .set('origin', allowed)
        .set('access-control-request-method', 'POST');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await closed.close();
    }
  });

  it('should refuse an oversized body on an authenticated write with 413 and store nothing', async () => {
    const { org, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const res = await api.http
      .post('/api/v1/referrals')
      .set(session.auth)
      .send(referralBody({ narrative: 'Long narrative. '.repeat(1000) }));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('payload_too_large');
    const rows = await api.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM referrals WHERE organization_id = $1`,
      [org.id],
    );
    expect(rows[0].n).toBe(0);
  });
});
