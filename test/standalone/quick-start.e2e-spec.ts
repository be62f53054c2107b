import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';

const ROOT = join(__dirname, '../..');
const START = join(ROOT, 'dist/apps/standalone/src/main.js');
const DEMO_PASSWORD = 'quick-start-demo-password';

interface Started {
  child: ChildProcessWithoutNullStreams;
  baseUrl: string;
  output: () => string;
}

/** `npm start` as a user runs it (after the build), on the embedded database in a fresh folder. */
function start(dataDir: string, extraEnv: Record<string, string> = {}): Promise<Started> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATA_DIR: dataDir,
    PORT: '0',
    QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-quickstart`,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
    WORKER_HEALTH_PORT: '0',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [START], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    // A first start migrates the embedded database and tells the demo's story (about a
    // minute on a busy 2-core machine); later starts take seconds.
    const timer = setTimeout(() => reject(new Error(`no banner within 180 s:\n${out}`)), 180_000);
    const poll = setInterval(() => {
      const match = /API:\s+(http:\/\/localhost:\d+)\/api\/v1/.exec(out);
      if (match && out.includes('Stop with Ctrl+C.')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ child, baseUrl: match[1], output: () => out });
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`start exited with ${code} before it was ready:\n${out}`));
    });
  });
}

function stop(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.removeAllListeners('exit');
    started.child.on('exit', (code) => resolve(code));
    started.child.kill('SIGTERM');
  });
}

describe('Quick start: npm start on the embedded database (e2e)', () => {
  let dataDir: string;

  beforeAll(() => {
    if (!existsSync(START)) throw new Error('Run `npm run build` first (npm test does it).');
    dataDir = mkdtempSync(join(tmpdir(), 'crh-quickstart-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should not rebuild before the start when dist/ holds a build of the current sources', () => {
    const stamp = join(ROOT, 'dist/.build-stamp');
    if (!existsSync(stamp)) throw new Error('Run `npm run build` first (npm test does it).');
    const stamped = statSync(stamp).mtimeMs;
    const check = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--if-stale'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(check.status).toBe(0);
    expect(check.stdout).toBe('The build in dist/ is current: not rebuilding.\n');
    expect(statSync(stamp).mtimeMs).toBe(stamped);
  });

  it('should start, serve health, let a demo user sign in and call the API, survive a restart and stop cleanly', async () => {
    const first = await start(dataDir);
    try {
      expect(first.output()).toContain('embedded (PGlite)');
      expect(first.output()).toContain('admin@coalition.example');
      expect(first.output()).toContain(DEMO_PASSWORD);
      // The story is told before the console opens (demo-story.e2e-spec checks what it holds).
      expect(first.output()).toMatch(/Demo story: 10 referrals from 4 members, 8 cases/);
      const http = supertest(first.baseUrl);
      const health = await http.get('/api/v1/health');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok', db: 'up', redis: 'up' });

      const login = await http
        .post('/api/v1/auth/login')
        .send({ email: 'admin@coalition.example', password: DEMO_PASSWORD });
      expect(login.status).toBe(200);
      const orgs = await http
        .get('/api/v1/organizations')
        .set('Authorization', `Bearer ${login.body.accessToken}`);
      expect(orgs.status).toBe(200);
      const names = (orgs.body.items as { legalName: string; isDemo: boolean }[]).map(
        (o) => o.legalName,
      );
      expect(names).toEqual(
        expect.arrayContaining([
          'Coalition Secretariat',
          'Northbank',
          'SouthPay',
          'Eastgate Bank',
          'Meridian Card Network',
          'Metro Cyber Unit',
        ]),
      );
      const officer = await http
        .post('/api/v1/auth/login')
        .send({ email: 'officer@northbank.example', password: DEMO_PASSWORD });
      expect(officer.status).toBe(200);
      expect(officer.body.user.organization.legalName).toBe('Northbank');
      await http.get('/api/docs/openapi.json').expect(200);
      // The web console is served at / by the same process, and the start says where.
      expect(first.output()).toContain('Console:');
      const page = await http.get('/cases').expect(200);
      expect(page.text).toContain('<div id="root"></div>');
    } finally {
      expect(await stop(first)).toBe(0);
    }

    // Second start on the same folder: data kept, seed idempotent, sessions still valid.
    const second = await start(dataDir, { LOG_LEVEL: 'info' });
    try {
      expect(second.output()).not.toContain('Migrations:');
      const http = supertest(second.baseUrl);
      const login = await http
        .post('/api/v1/auth/login')
        .send({ email: 'lead@coalition.example', password: DEMO_PASSWORD });
      expect(login.status).toBe(200);
      const orgs = await http
        .get('/api/v1/organizations?limit=200')
        .set(
          'Authorization',
          `Bearer ${(await http.post('/api/v1/auth/login').send({ email: 'admin@coalition.example', password: DEMO_PASSWORD })).body.accessToken}`,
        );
      expect(orgs.body.items).toHaveLength(8);
      expect(second.output()).toContain('Demo story: already in place');

      // The banner comes last, after both apps' start-up logs (not before the worker's).
      const output = second.output();
      const banner = output.indexOf('Coalition Referral Hub is running.');
      expect(output.indexOf('WorkerModule dependencies initialized')).toBeGreaterThan(-1);
      expect(output.indexOf('WorkerModule dependencies initialized')).toBeLessThan(banner);
      expect(output.slice(banner)).not.toMatch(
        /"context":"(NestFactory|InstanceLoader|RoutesResolver|RouterExplorer|NestApplication)"/,
      );
    } finally {
      expect(await stop(second)).toBe(0);
    }
  }, 360_000);

  // How soon it gives up is measured by `npm run bench -- --only=outage`.
  it('should refuse to start with one clear line when Redis is not there', async () => {
    await expect(
      start(mkdtempSync(join(tmpdir(), 'crh-noredis-')), { REDIS_URL: 'redis://127.0.0.1:1' }),
    ).rejects.toThrow(
      /start exited with 1 before it was ready:\nstart: Redis is not reachable at redis:\/\/127\.0\.0\.1:1/,
    );
  });
});
