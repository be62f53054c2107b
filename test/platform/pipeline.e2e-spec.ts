import { signedInUser } from '../support/factories';
import { createScratchDatabase } from '../support/scratch-database';
import { TcpProxy } from '../support/tcp-proxy';
import { startTestApi, type TestApi } from '../support/test-app';

/** The request pipeline every route shares: errors, limits, headers, docs, health. */
describe('Request pipeline (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ BODY_LIMIT_BYTES: '4096' });
  });
  afterAll(() => api.close());

  const login = (body: unknown) =>
    api.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(body as object);

  it('should answer malformed JSON with 400 problem+json and code malformed_json', async () => {
    const res = await api.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send('{"email": "a@b.example", bad');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'urn:crh:problem:malformed_json',
      title: 'Bad Request',
      status: 400,
      code: 'malformed_json',
      instance: '/api/v1/auth/login',
    });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('should list every invalid and unknown field at once', async () => {
    const res = await login({
      email: 42,
      password: ['x'],
      isAdmin: true,
      __proto__: { polluted: 1 },
    });
    expect(res.status).toBe(400);
    const byField = Object.fromEntries(
      (res.body.errors as { field: string; messages: string[] }[]).map((e) => [
        e.field,
        e.messages,
      ]),
    );
    expect(Object.keys(byField).sort()).toEqual(['email', 'isAdmin', 'password']);
    expect(byField.isAdmin).toEqual(['Is admin is not a known field']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('should refuse a body over the size limit with 413', async () => {
    const res = await login({ email: 'a@b.example', password: 'x'.repeat(10_000) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('should refuse a non-JSON body with 415', async () => {
    const res = await api.http
      .post('/api/v1/auth/login')
      .set('content-type', 'text/plain')
      .send('hello');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
    const xml = await api.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/xml')
      .send('<a/>');
    expect(xml.status).toBe(415);
  });

  it('should answer an over-long path parameter with a 414 problem that does not echo it', async () => {
    const long = 'a'.repeat(150);
    const res = await api.http.patch(`/api/v1/organizations/${long}`).send({});
    expect(res.status).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'uri_too_long', status: 414 });
    expect(JSON.stringify(res.body)).not.toContain(long);
  });

  it('should answer an unknown route with a 404 problem', async () => {
    const res = await api.http.get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, code: 'not_found', detail: 'No such resource.' });
  });

  it("should answer its own request id, echo a well-formed X-Request-Id apart as the client's and drop a malformed one", async () => {
    const given = await api.http.get('/api/v1/health').set('x-request-id', 'client-abc-12345');
    expect(given.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(given.headers['x-client-request-id']).toBe('client-abc-12345');
    const bad = await api.http
      .get('/api/v1/health')
      .set('x-request-id', 'no spaces allowed\tor tabs');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(bad.headers['x-client-request-id']).toBeUndefined();
  });

  it('should send security headers and refuse cross-origin browsers by default', async () => {
    const res = await api.http.get('/api/v1/health').set('origin', 'https://evil.example');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('should not leak SQL, stack traces or internals when something breaks', async () => {
    const scratch = await createScratchDatabase();
    const broken = await startTestApi({ DATABASE_URL: scratch.url });
    const { session } = await signedInUser(broken.dataSource, broken.http, 'platform_admin');
    // Break the schema under the running app: the next list query fails inside the service.
    await broken.dataSource.query(
      'ALTER TABLE organizations RENAME COLUMN legal_name TO legal_name_gone',
    );
    try {
      const res = await broken.http.get('/api/v1/organizations').set(session.auth);
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 500, type: 'about:blank', code: 'internal_error' });
      const text = JSON.stringify(res.body);
      for (const leak of ['legal_name', 'SELECT', 'column', ' at ', '.ts:', 'QueryFailedError']) {
        expect(text).not.toContain(leak);
      }
    } finally {
      await broken.close();
      await scratch.drop();
    }
  });

  it('should answer 503 with Retry-After, not 401, while the database is unreachable, and recover', async () => {
    const proxy = new TcpProxy('127.0.0.1', 5432);
    await proxy.start();
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.port = String(proxy.port);
    const app = await startTestApi({ DATABASE_URL: url.toString(), LOG_LEVEL: 'error' });
    const { session } = await signedInUser(app.dataSource, app.http, 'platform_admin');
    try {
      await proxy.cut();
      const res = await app.http.get('/api/v1/organizations').set(session.auth);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('service_unavailable');
      expect(res.headers['retry-after']).toBe('5');
      const health = await app.http.get('/api/v1/health');
      expect(health.status).toBe(503);
      expect(health.body.db).toBe('down');
      await proxy.restore();
      await app.http.get('/api/v1/organizations').set(session.auth).expect(200);
    } finally {
      await app.close();
      await proxy.cut();
    }
  });

  describe('OpenAPI', () => {
    it('should serve the OpenAPI document with the routes, bearer security and problem shape', async () => {
      const res = await api.http.get('/api/docs/openapi.json');
      expect(res.status).toBe(200);
      const doc = res.body as {
        openapi: string;
        paths: Record<string, Record<string, unknown>>;
        components: { securitySchemes: Record<string, unknown> };
      };
      expect(doc.openapi).toMatch(/^3\./);
      for (const path of [
        '/api/v1/auth/login',
        '/api/v1/auth/refresh',
        '/api/v1/auth/logout',
        '/api/v1/auth/me',
        '/api/v1/organizations',
        '/api/v1/organizations/{id}',
        '/api/v1/organizations/{id}/users',
        '/api/v1/users/{id}',
        '/api/v1/health',
      ]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
      expect(doc.components.securitySchemes).toHaveProperty('bearer');
    });

    it('should serve the interactive page at /api/docs', async () => {
      const res = await api.http.get('/api/docs').redirects(1);
      expect(res.status).toBe(200);
      expect(res.text).toContain('swagger');
    });
  });

  describe('health', () => {
    it('should report the database and Redis up', async () => {
      const res = await api.http.get('/api/v1/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', db: 'up', redis: 'up' });
    });

    it('should answer 503 naming Redis when Redis cannot be reached', async () => {
      const noRedis = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:1' });
      try {
        // How soon it answers is measured by `npm run bench -- --only=outage`.
        const res = await noRedis.http.get('/api/v1/health');
        expect(res.status).toBe(503);
        expect(res.body).toEqual({ status: 'error', db: 'up', redis: 'down' });
        expect(res.headers['retry-after']).toBeDefined();
      } finally {
        await noRedis.close();
      }
    });
  });
});
