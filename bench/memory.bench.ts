import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  BenchEnvironment,
  DIST_DIR,
  REDIS_URL,
  RssSampler,
  ServiceProcess,
  deleteRedisKeys,
  freePort,
  login,
} from './lib/infra';
import { API_FILING_PATHS, describeLoad, filingRequests, load } from './lib/load';
import { peakRss } from './lib/memory-registry';
import { round, sleep, slope } from './lib/stats';
import type { Bench, TargetCheck } from './lib/types';

const LIMIT_MB = 350;
/** Growth after warm-up that still counts as flat (MB per minute). */
const LEAK_SLOPE_MB_PER_MIN = 1;

/**
 * 7. Memory: peak RSS (VmHWM / sampled VmRSS from /proc) of the API and the
 * worker during the filing and pipeline benchmarks (recorded by them), of the
 * single-machine start on the embedded database under a short filing load,
 * and a leak check: a steady filing run sampling RSS every 10 s, with the
 * slope after warm-up.
 */
export const run: Bench = async ({ smoke }) => {
  const summary: string[] = [];
  const figures: Record<string, number | string> = {};
  const targets: TargetCheck[] = [];

  // During filing (2) and pipeline (4).
  for (const role of ['api', 'worker']) {
    const labels = Object.keys(peakRss).filter((l) => l.startsWith(role));
    if (labels.length === 0) {
      summary.push(
        `${role}: no peak recorded (run the filing and pipeline benchmarks in the same invocation)`,
      );
      continue;
    }
    const peak = Math.max(...labels.map((l) => peakRss[l]));
    summary.push(
      `${role} peak RSS: ${labels.map((l) => `${l} ${peakRss[l].toFixed(0)} MB`).join(', ')}`,
    );
    figures[`${role}PeakRssMb`] = round(peak, 0);
    targets.push({
      name: `${role} peak RSS (filing + pipeline)`,
      target: `<= ${LIMIT_MB} MB`,
      actual: `${peak.toFixed(0)} MB`,
      met: peak <= LIMIT_MB,
    });
  }

  // The single-machine start on the embedded database, under a short filing load.
  // Its failures are findings about the product, reported rather than thrown.
  try {
    const standalone = await standaloneUnderLoad(smoke);
    summary.push(...standalone.summary);
    figures.standalonePeakRssMb = round(standalone.peakMb, 0);
    figures.standaloneSequentialErrors = standalone.sequentialErrors;
    figures.standaloneConcurrentErrors = standalone.concurrentErrors;
    targets.push({
      name: 'single-machine start serves a filing load without errors',
      target: '0 errors (no RSS target in the issue)',
      actual: `${standalone.sequentialErrors} errors with 1 client, ${standalone.concurrentErrors} with 4; peak RSS ${standalone.peakMb.toFixed(0)} MB`,
      met: standalone.sequentialErrors + standalone.concurrentErrors === 0,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    summary.push(`single-machine start FAILED under load: ${message.split('\n')[0]}`);
    figures.standaloneError = message.slice(0, 300);
    targets.push({
      name: 'single-machine start serves a filing load without errors',
      target: '0 errors (no RSS target in the issue)',
      actual: `failed: ${message.slice(0, 120)}`,
      met: false,
    });
  }

  // The leak check.
  const leak = await leakCheck(smoke);
  summary.push(...leak.summary);
  Object.assign(figures, leak.figures);
  targets.push(...leak.targets);
  return { name: 'memory', summary, figures, targets };
};

async function standaloneUnderLoad(smoke: boolean): Promise<{
  peakMb: number;
  summary: string[];
  sequentialErrors: number;
  concurrentErrors: number;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crh-bench-standalone-'));
  const prefix = `crh-bench-standalone-${process.pid}-${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  const password = `bench-${randomBytes(9).toString('hex')}`;
  let service: ServiceProcess | undefined;
  try {
    const startedAt = Date.now();
    service = await ServiceProcess.start(
      'standalone',
      join(DIST_DIR, 'apps/standalone/src/main.js'),
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        DEMO_PASSWORD: password,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
        RATE_LIMIT_FILING_PER_MINUTE: '100000',
        RATE_LIMIT_USER_PER_MINUTE: '100000',
      },
      `http://127.0.0.1:${port}/api/v1/health`,
      port,
      [],
      240_000,
    );
    const bootSeconds = (Date.now() - startedAt) / 1000;
    const sampler = new RssSampler([service.pid]).start(500);
    const idleMb = sampler.peakMb(service.pid);
    // The embedded database can fail a request while the worker starts: a few
    // tries before giving up.
    let token = '';
    for (let attempt = 1; ; attempt++) {
      try {
        token = await login(service.url, 'officer@northbank.example', password);
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await sleep(500);
      }
    }
    const rate = smoke ? 3 : 10;
    // One client at a time (a demo's single user), then four at once.
    const sequential = await load({
      url: service.url,
      durationS: smoke ? 1 : 30,
      connections: 1,
      overallRate: rate * 2,
      requests: filingRequests(token, API_FILING_PATHS),
    });
    const concurrent = await load({
      url: service.url,
      durationS: smoke ? 1 : 15,
      connections: 4,
      overallRate: rate * 2,
      requests: filingRequests(token, API_FILING_PATHS),
    });
    sampler.stop();
    const peak = sampler.peakMb(service.pid);
    return {
      peakMb: peak,
      sequentialErrors: sequential.non2xx + sequential.errors,
      concurrentErrors: concurrent.non2xx + concurrent.errors,
      summary: [
        `single-machine start (npm start, embedded PGlite) booted in ${bootSeconds.toFixed(0)} s, RSS after boot ${idleMb.toFixed(0)} MB`,
        `  ${rate} filings/s, 1 connection:  ${describeLoad(sequential)}`,
        `  ${rate} filings/s, 4 connections: ${describeLoad(concurrent)}`,
        `  peak RSS ${peak.toFixed(0)} MB (one process: API + worker + embedded database; no target set by the issue)`,
      ],
    };
  } finally {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await deleteRedisKeys(prefix);
  }
}

async function leakCheck(smoke: boolean): Promise<{
  summary: string[];
  figures: Record<string, number>;
  targets: TargetCheck[];
}> {
  const env = await BenchEnvironment.create('leak');
  try {
    const api = await env.startApi();
    const worker = await env.startWorker();
    const { token } = await env.signedIn(api, 'member_reporter');
    // BENCH_LEAK_SECONDS shortens the full run's 10 minutes when only the peaks are wanted.
    const durationS = smoke ? 6 : Number(process.env.BENCH_LEAK_SECONDS ?? 600);
    const intervalMs = smoke ? 1_000 : 10_000;
    const rate = smoke ? 5 : 20;
    const sampler = new RssSampler([api.pid, worker.pid]);
    sampler.start(intervalMs);
    const result = await load({
      url: api.url,
      durationS,
      connections: 10,
      overallRate: rate * 2,
      requests: filingRequests(token, API_FILING_PATHS),
    });
    sampler.stop();
    const warmUpMs = durationS * 1000 * 0.2;
    const summary = [
      `leak check: ${rate} filings/s for ${durationS} s, RSS sampled every ${intervalMs / 1000} s; slope after the first ${(warmUpMs / 1000).toFixed(0)} s (warm-up)`,
      `  load: ${describeLoad(result)}`,
    ];
    const figures: Record<string, number> = { leakDurationS: durationS, leakRate: rate };
    const targets: TargetCheck[] = [];
    for (const [role, pid] of [
      ['api', api.pid],
      ['worker', worker.pid],
    ] as const) {
      const points = sampler.samples.filter((s) => s.pid === pid && s.atMs >= warmUpMs);
      const perMinute =
        slope(
          points.map((p) => p.atMs / 60_000),
          points.map((p) => p.rssMb),
        ) || 0;
      const first = points[0]?.rssMb ?? Number.NaN;
      const last = points[points.length - 1]?.rssMb ?? Number.NaN;
      summary.push(
        `  ${role}: RSS ${first.toFixed(0)} -> ${last.toFixed(0)} MB after warm-up, slope ${perMinute.toFixed(2)} MB/min, peak ${sampler.peakMb(pid).toFixed(0)} MB (${points.length} samples)`,
      );
      figures[`${role}LeakSlopeMbPerMin`] = round(perMinute, 3);
      figures[`${role}LeakFirstMb`] = round(first, 0);
      figures[`${role}LeakLastMb`] = round(last, 0);
      // 20 s of smoke cannot tell a leak from warm-up: reported, not judged.
      targets.push({
        name: `${role} RSS growth in a steady run`,
        target: smoke
          ? 'not judged in smoke mode (full: 10 minutes)'
          : `slope <= ${LEAK_SLOPE_MB_PER_MIN} MB/min after warm-up`,
        actual: `${perMinute.toFixed(2)} MB/min`,
        met: smoke || perMinute <= LEAK_SLOPE_MB_PER_MIN,
      });
    }
    return { summary, figures, targets };
  } finally {
    await env.dispose();
  }
}
