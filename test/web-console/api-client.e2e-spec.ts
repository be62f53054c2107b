import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApi, type TestApi } from '../support/test-app';

const ROOT = join(__dirname, '../..');

/** The console's typed client is generated from the API; it must match the API that ships. */
describe('Web console API client (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('should have committed client types that match the OpenAPI document', () => {
    const run = spawnSync(process.execPath, ['dist/scripts/api-client.js', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(`${run.stdout}${run.stderr}`).toContain('match the API');
    expect(run.status).toBe(0);
  });

  it('should have the build leave the committed client types unchanged', () => {
    // The build regenerates schema.d.ts in place (build:console-types), so the
    // check above sees the fresh file; what is committed must equal it too.
    const inGit = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: ROOT });
    if (inGit.status !== 0) return; // Not a git checkout (an unpacked release): nothing is committed.
    const diff = spawnSync('git', ['diff', '--stat', '--', 'apps/web/src/api/schema.d.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(diff.status).toBe(0);
    // Non-empty: the API changed and the regenerated types are not staged or committed yet.
    expect(diff.stdout).toBe('');
  });

  it('should generate from the same routes the running API documents', async () => {
    const res = await api.http.get('/api/docs/openapi.json').expect(200);
    const served = Object.keys((res.body as { paths: Record<string, unknown> }).paths).sort();
    const schema = readFileSync(join(ROOT, 'apps/web/src/api/schema.d.ts'), 'utf8');
    const generated = [...schema.matchAll(/^ {4}"(\/api\/v1\/[^"]*)": \{$/gm)]
      .map((m) => m[1])
      .sort();
    expect(served.length).toBeGreaterThan(60);
    expect(generated).toEqual(served);
  });
});
