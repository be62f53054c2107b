import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { isUncompressedRoute } from '../../apps/api/src/compression';
import { signedInUser, type Session } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Answers are compressed as the client asks (br preferred, gzip), on the wire:
 * the requests go through Fastify's inject, which hands back the bytes as sent
 * (supertest would decompress them before the test sees them).
 */
describe('Compression (e2e)', () => {
  let api: TestApi;
  let officer: Session;
  let officerId: string;
  let auditor: Session;

  const get = (url: string, session: Session | null, acceptEncoding?: string) =>
    api.app.inject({
      method: 'GET',
      url,
      headers: {
        ...(session ? session.auth : {}),
        ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }),
      },
    });

  const decoded = (res: LightMyRequestResponse): string => {
    const raw = res.rawPayload;
    switch (res.headers['content-encoding']) {
      case 'br':
        return brotliDecompressSync(raw).toString('utf8');
      case 'gzip':
        return gunzipSync(raw).toString('utf8');
      default:
        return raw.toString('utf8');
    }
  };

  beforeAll(async () => {
    api = await startTestApi();
    const filer = await signedInUser(api.dataSource, api.http, 'member_reporter');
    officer = filer.session;
    officerId = filer.user.id;
    for (let i = 0; i < 6; i += 1) {
      await api.http.post('/api/v1/referrals').set(officer.auth).send(referralBody()).expect(201);
    }
    auditor = (await signedInUser(api.dataSource, api.http, 'auditor')).session;
  });
  afterAll(() => api.close());

  it.each([
    ['a referral list', () => '/api/v1/referrals?limit=50', () => officer],
    // The officer's own events: specs running alongside add events to the trail, not to these.
    ['an audit page', () => `/api/v1/audit/events?limit=50&actorId=${officerId}`, () => auditor],
  ])('should compress %s with br or gzip, to the same JSON', async (_what, urlOf, who) => {
    const url = urlOf();
    const plain = await get(url, who(), 'identity');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const json = JSON.parse(plain.body) as unknown;
    expect(plain.rawPayload.length).toBeGreaterThan(1024);

    for (const [accept, encoding] of [
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['gzip, deflate, br', 'br'],
      ['gzip;q=1, br;q=0.5', 'gzip'],
    ] as const) {
      const res = await get(url, who(), accept);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length);
      expect(JSON.parse(decoded(res))).toEqual(json);
    }
    // No Accept-Encoding at all: as with identity.
    expect((await get(url, who())).headers['content-encoding']).toBeUndefined();
  });

  it('should leave small answers alone', async () => {
    const res = await get('/api/v1/health', null, 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBeLessThan(1024);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('should never compress an answer that carries the session tokens', async () => {
    // A platform admin has the longest list of permissions: an answer long enough
    // to be compressed if it were not left alone on purpose.
    const { user } = await signedInUser(api.dataSource, api.http, 'platform_admin');
    for (const accept of ['br', 'gzip']) {
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'accept-encoding': accept, 'content-type': 'application/json' },
        payload: { email: user.email, password: 'correct-horse-battery-staple' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.length).toBeGreaterThan(1024);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.json()).toHaveProperty('accessToken');
    }
  });

  it('should not take a compressed request body', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: { ...officer.auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify(referralBody())),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('should list every operation whose answer holds a secret among the uncompressed', async () => {
    const doc = (await api.http.get('/api/docs/openapi.json').expect(200)).body as OpenApi;
    const secretish = secretBearingOperations(doc);
    // The document does describe them (the check would pass vacuously otherwise).
    expect(secretish).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/refresh',
        'POST /api/v1/auth/mfa/enrol',
        'POST /api/v1/organizations/{id}/api-keys',
      ]),
    );
    const compressed = secretish.filter((op) => {
      const [method, path] = op.split(' ');
      return !isUncompressedRoute(method, path.replace(/\{(\w+)\}/g, ':$1'));
    });
    expect(compressed).toEqual([]);
  });

  it('should serve a console asset precompressed at build, br first', async () => {
    const assetsDir = join(__dirname, '../../dist/web/assets');
    const assets = readdirSync(assetsDir);
    const script = assets.find((name) => name.startsWith('index-') && name.endsWith('.js'));
    const plain = await get(`/assets/${script}`, null, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const [accept, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await get(`/assets/${script}`, null, accept);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.headers['content-type']).toMatch(/javascript/);
      // The file the build wrote, not a copy compressed now.
      const written = join(assetsDir, `${script}.${encoding === 'br' ? 'br' : 'gz'}`);
      expect(res.headers['content-length']).toBe(String(statSync(written).size));
      expect(decoded(res)).toBe(plain.body);
    }
  });
});

interface OpenApi {
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
}

const SECRET_NAMES = [
  'accessToken',
  'refreshToken',
  'secret',
  'otpauthUri',
  'recoveryCodes',
  'key',
];

/** `METHOD /path` of every operation whose success answer has a property named like a secret. */
function secretBearingOperations(doc: OpenApi): string[] {
  const found: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const ok = Object.entries(operation.responses ?? {}).filter(([code]) => code.startsWith('2'));
      if (ok.some(([, response]) => holdsSecret(response, doc, new Set()))) {
        found.push(`${method.toUpperCase()} ${path}`);
      }
    }
  }
  return found;
}

function holdsSecret(node: unknown, doc: OpenApi, seen: Set<string>): boolean {
  if (Array.isArray(node)) return node.some((item) => holdsSecret(item, doc, seen));
  if (node === null || typeof node !== 'object') return false;
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === 'string') {
    const name = record.$ref.split('/').pop() ?? '';
    if (seen.has(name)) return false;
    seen.add(name);
    return holdsSecret(doc.components.schemas[name], doc, seen);
  }
  const properties = record.properties as Record<string, unknown> | undefined;
  if (properties && Object.keys(properties).some((name) => SECRET_NAMES.includes(name))) {
    return true;
  }
  return Object.values(record).some((value) => holdsSecret(value, doc, seen));
}
