import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, PrivateRedis } from './drills/infra';
import { BENCH_PASSWORD, BenchEnvironment, DIST_DIR } from './lib/infra';
import { formatSpread, spread, type Spread } from './lib/stats';
import type { Bench, TargetCheck } from './lib/types';

const NOWHERE = 'redis://127.0.0.1:1';

/** Milliseconds from spawning a built entry point until it exits 1 (anything else is an error). */
function refusal(script: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(DIST_DIR, script)], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 1 && /Redis is not reachable/.test(stderr)) resolve(performance.now() - started);
      else reject(new Error(`${script} exited ${code} without refusing:\n${stderr}`));
    });
  });
}

/** Milliseconds until the request answers, which must be with `status`. */
async function answer(url: string, status: number, init: RequestInit = {}): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  await res.arrayBuffer();
  if (res.status !== status) throw new Error(`${url} answered ${res.status}, not ${status}`);
  return performance.now() - started;
}

/**
 * 9. Redis out of reach: how soon each process answers rather than hangs. The
 * API and `npm start` refusing to start (until the process exits 1); then,
 * against an API whose Redis is killed under it, the health check's 503, the
 * queue overview's 503, and a sign-in (the rate limits fail open). The e2e
 * tests assert what is answered; this measures how soon.
 */
export const run: Bench = async ({ smoke, runs }) => {
  const samples = smoke ? 1 : runs;
  const env = await BenchEnvironment.create('outage');
  const redis = new PrivateRedis(await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'crh-bench-outage-'));
  try {
    const apiRefusal: number[] = [];
    const startRefusal: number[] = [];
    for (let i = 0; i < samples; i++) {
      apiRefusal.push(
        await refusal('apps/api/src/main.js', { ...env.vars, PORT: '0', REDIS_URL: NOWHERE }),
      );
      startRefusal.push(
        await refusal('apps/standalone/src/main.js', {
          DATA_DIR: dataDir,
          PORT: '0',
          WORKER_HEALTH_PORT: '0',
          REDIS_URL: NOWHERE,
          QUEUE_PREFIX: env.prefix,
          LOG_LEVEL: 'warn',
        }),
      );
    }

    await redis.start();
    const api = await env.startApi({ REDIS_URL: redis.url });
    const { token, organizationId } = await env.signedIn(api, 'coordinator');
    const { email } = await env.createUser(organizationId, 'coordinator');
    await redis.stop();
    const health: number[] = [];
    const queues: number[] = [];
    const login: number[] = [];
    for (let i = 0; i < samples; i++) {
      health.push(await answer(`${api.url}/api/v1/health`, 503));
      queues.push(
        await answer(`${api.url}/api/v1/queues`, 503, {
          headers: { authorization: `Bearer ${token}` },
        }),
      );
      login.push(
        await answer(`${api.url}/api/v1/auth/login`, 200, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: BENCH_PASSWORD }),
        }),
      );
    }

    const measured: [string, string, Spread, number][] = [
      [
        'API start refused (exit 1) with Redis out of reach',
        'apiRefusalMs',
        spread(apiRefusal),
        10_000,
      ],
      [
        'npm start refused (exit 1) with Redis out of reach',
        'startRefusalMs',
        spread(startRefusal),
        10_000,
      ],
      ['GET /health answers 503 after Redis died', 'health503Ms', spread(health), 5000],
      ['GET /queues answers 503 after Redis died', 'queues503Ms', spread(queues), 6000],
      ['sign-in answers (rate limits fail open) after Redis died', 'loginMs', spread(login), 5000],
    ];
    const targets: TargetCheck[] = measured.map(([name, , s, limit]) => ({
      name,
      target: `< ${limit} ms`,
      actual: `${s.median.toFixed(0)} ms`,
      met: s.median < limit,
    }));
    return {
      name: 'outage',
      summary: measured.map(([name, , s]) => `${name}: ${formatSpread(s, 0, ' ms')}`),
      figures: Object.fromEntries(measured.map(([, key, s]) => [key, Math.round(s.median)])),
      targets,
    };
  } finally {
    await redis.stop().catch(() => undefined);
    await env.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
