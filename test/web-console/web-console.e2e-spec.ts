import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApi, type TestApi } from '../support/test-app';

/** The API serves the built console at / (npm test builds it first). */
describe('Web console serving (e2e)', () => {
  let api: TestApi;
  const assets = readdirSync(join(__dirname, '../../dist/web/assets'));
  // The entry script (pages are chunks of their own, loaded when shown).
  const script = assets.find((name) => name.startsWith('index-') && name.endsWith('.js'));

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('should serve the console page at / with the security headers, revalidated on every load', async () => {
    const res = await api.http.get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.text).toContain('<div id="root"></div>');
    expect(res.text).toContain(`/assets/${script}`);
  });

  it('should answer a console address typed by hand (a deep link) with the console page', async () => {
    for (const path of [
      '/referrals',
      '/cases/0b6f4c2e-8a55-4e55-9d0a-5f0f2a3b9c11',
      '/audit?from=x',
    ]) {
      const res = await api.http.get(path).expect(200);
      expect(res.text).toContain('<div id="root"></div>');
    }
  });

  it('should cache hashed assets for good', async () => {
    const res = await api.http.get(`/assets/${script}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('should send the compressed copy the build made to a browser that accepts it', async () => {
    const br = await api.http
      .get(`/assets/${script}`)
      .set('accept-encoding', 'br, gzip')
      .expect(200);
    expect(br.headers['content-encoding']).toBe('br');
    const gzip = await api.http.get('/').set('accept-encoding', 'gzip').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.text).toContain('<div id="root"></div>');
  });

  it('should keep a missing file and an unknown API path 404 problems, not the page', async () => {
    for (const path of [
      '/assets/missing.js',
      '/favicon.ico',
      '/api/v1/no-such-route',
      '/api',
      // The build's manifest stays on disk for the tests; it is not served.
      '/.vite/manifest.json',
    ]) {
      const res = await api.http.get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('should not serve the console for other methods', async () => {
    await api.http.post('/referrals').send({}).expect(404);
  });
});
