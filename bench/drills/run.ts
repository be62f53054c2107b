import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { drill8, type Drill8Options, type Drill8Result } from './drill8';
import { drill9, type Drill9Options, type Drill9Result } from './drill9';
import { log } from './infra';
import { readReplicaDrill, type ReadReplicaDrillOptions } from './read-replica';
import { sentinelDrill, type SentinelDrillOptions } from './sentinel';
import { Stack } from './stack';

/**
 * Fault drills (docs/reliability.md). `npm run drill` runs the full counts
 * (about 5–8 minutes); `npm run drill:smoke` one fault of each kind and a short
 * SIGTERM check (well under 2 minutes). Both run on a private PostgreSQL
 * cluster and Redis server that they start, break and delete themselves, and
 * exit non-zero when a drill finds a loss, a duplicate, a stuck job, a hang or
 * a forbidden 5xx.
 */

const smoke = process.argv.includes('--smoke');
/** Redis with its append-only file on, as docker/compose.yaml runs it: a restart keeps the jobs. */
const redisAof = process.argv.includes('--redis-aof');
/** `--only=NAME`: that drill alone (drill8, drill9, sentinel, read-replica). */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const ONLY = ['drill8', 'drill9', 'sentinel', 'read-replica'];
if (only !== undefined && !ONLY.includes(only)) {
  process.stderr.write(`--only takes one of ${ONLY.join(', ')}\n`);
  process.exit(2);
}
const runs = (name: string) =>
  only === undefined ? name === 'drill8' || name === 'drill9' : only === name;
const mode = `${only ?? (smoke ? 'smoke' : 'full')}${redisAof ? '-aof' : ''}`;

const drill8Options: Drill8Options = smoke
  ? {
      workerKills: 1,
      redisRestarts: 1,
      postgresRestarts: 1,
      gapMs: [2000, 4000],
      filingPerSecond: 5,
      redisDownMs: 1000,
      postgresDownMs: 2000,
      clientTimeoutMs: 10_000,
      checkWithinMs: 60_000,
      lateCheckMs: 0,
    }
  : {
      workerKills: 10,
      redisRestarts: 5,
      postgresRestarts: 2,
      gapMs: [3000, 9000],
      filingPerSecond: 8,
      redisDownMs: 2000,
      postgresDownMs: 3000,
      clientTimeoutMs: 10_000,
      checkWithinMs: 60_000,
      lateCheckMs: 360_000,
    };

const drill9Options: Drill9Options = smoke
  ? {
      concurrency: 8,
      loadBeforeSigtermMs: 2000,
      exitWithinMs: 15_000,
      backlog: 80,
      clientTimeoutMs: 10_000,
      drainWithinMs: 60_000,
    }
  : {
      concurrency: 24,
      loadBeforeSigtermMs: 5000,
      exitWithinMs: 15_000,
      backlog: 300,
      clientTimeoutMs: 10_000,
      drainWithinMs: 60_000,
    };

const sentinelOptions: SentinelDrillOptions = {
  filingPerSecond: smoke ? 4 : 8,
  loadBeforeKillMs: smoke ? 5000 : 15_000,
  loadAfterFailoverMs: smoke ? 5000 : 15_000,
  replicationStallMs: 1000,
  downAfterMs: 1500,
  failoverTimeoutMs: 5000,
  clientTimeoutMs: 10_000,
  checkWithinMs: 120_000,
};

const readReplicaOptions: ReadReplicaDrillOptions = {
  referrals: smoke ? 20 : 100,
  listReads: smoke ? 50 : 300,
  lagSamples: smoke ? 10 : 50,
};

async function main(): Promise<number> {
  const stack = new Stack();
  const onSignal = (sig: NodeJS.Signals) => {
    log(`${sig}: stopping the drill and removing its servers`);
    void stack.cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => stack.cleanupSync());

  const started = Date.now();
  let d8: Drill8Result | undefined;
  let d9: Drill9Result | undefined;
  const alone: { sentinel?: { ok: boolean }; readReplica?: { ok: boolean } } = {};
  let error: string | undefined;
  let machine: Record<string, unknown> = {};
  try {
    await stack.up({ redisAof });
    machine = {
      cores: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: stack.pg.version(),
      redis: stack.redis.version(),
      redisPersistence: redisAof ? 'appendonly yes (everysec)' : 'none (--save "" --appendonly no)',
      loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
    };
    log(`machine: ${JSON.stringify(machine)}`);
    if (runs('drill8')) {
      log(`— drill 8 (${mode}): faults while filing`);
      d8 = await drill8(stack, drill8Options);
    }
    if (runs('drill9')) {
      log(`— drill 9 (${mode}): SIGTERM under load`);
      d9 = await drill9(stack, drill9Options);
    }
    if (runs('sentinel')) {
      log('— Redis failover through Sentinel under load');
      alone.sentinel = await sentinelDrill(stack, sentinelOptions);
    }
    if (runs('read-replica')) {
      log('— PostgreSQL streaming replica serving the lists');
      alone.readReplica = await readReplicaDrill(stack, readReplicaOptions);
    }
  } catch (e) {
    error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    log(`drill aborted: ${error}`);
  } finally {
    await stack.cleanup();
  }

  const ok =
    !error &&
    (!runs('drill8') || !!d8?.ok) &&
    (!runs('drill9') || !!d9?.ok) &&
    (!runs('sentinel') || !!alone.sentinel?.ok) &&
    (!runs('read-replica') || !!alone.readReplica?.ok);
  const result = {
    mode,
    date: new Date().toISOString(),
    ok,
    machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))) },
    options: {
      drill8: drill8Options,
      drill9: drill9Options,
      sentinel: sentinelOptions,
      readReplica: readReplicaOptions,
    },
    drill8: d8,
    drill9: d9,
    ...alone,
    error,
    logs: stack.logDir,
    durationSeconds: (Date.now() - started) / 1000,
  };
  const dir = join(process.cwd(), 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `drills-${result.date.slice(0, 10)}-${mode}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  log('==================== drill report ====================');
  log(
    `mode ${mode}, ${result.durationSeconds.toFixed(0)} s, machine ${JSON.stringify(result.machine)}`,
  );
  if (d8) {
    log(
      `drill 8: ${d8.ok ? 'PASS' : 'FAIL'} — ${d8.faults.length} faults; ${d8.filing.submitted} referrals submitted (2xx), ` +
        `${d8.routing.approvedAck} cases approved (2xx), ${d8.check.dispatches} dispatches; ` +
        `consistent ${d8.secondsFromLastFaultToConsistent ?? 'never'} s after the last fault; ` +
        `5xx ${d8.http.fiveXx} (allowed ${d8.http.fiveXxAllowed}), violations ${d8.http.fiveXxViolations.length}, ` +
        `timeouts ${d8.http.timeouts}, resets ${d8.http.resets}, ` +
        `exits on their own: ${d8.unexpectedExits.filter((e) => !e.duringStart).length} while running, ` +
        `${d8.unexpectedExits.filter((e) => e.duringStart).length} refused starts`,
    );
    for (const p of d8.check.problems) log(`   problem: ${p}`);
    if (d8.late) {
      log(
        `   late check (reconciler triggered ${d8.late.reconcileRuns}×): ` +
          (d8.late.consistent
            ? `consistent ${d8.late.secondsFromLastFault} s after the last fault`
            : `still not consistent: ${d8.late.problems.join('; ')}`),
      );
    }
    for (const v of d8.http.fiveXxViolations.slice(0, 10)) log(`   5xx: ${JSON.stringify(v)}`);
  }
  if (d9) {
    log(
      `drill 9: ${d9.ok ? 'PASS' : 'FAIL'} — API: ${d9.api.requestsBeforeSigterm} requests before SIGTERM ` +
        `(${d9.api.inFlightAtSigterm} in flight), failures ${JSON.stringify(d9.api.failuresBeforeSigterm)}, ` +
        `exit ${d9.api.exitCode} in ${d9.api.exitMs} ms; worker: ${d9.worker.activeAtSigterm} jobs active at SIGTERM, ` +
        `exit ${d9.worker.exitCode} in ${d9.worker.exitMs} ms, drained in ${d9.worker.drainSeconds ?? 'never'} s`,
    );
    for (const p of d9.worker.check.problems) log(`   problem: ${p}`);
    if (d9.worker.interruptedJobs.length) {
      log(
        `   problem: ${d9.worker.interruptedJobs.length} jobs failed an attempt during the worker's shutdown`,
      );
    }
    if (d9.api.exitCode !== 0)
      log(`   problem: the API did not exit 0 (signal ${d9.api.exitSignal})`);
    if (d9.worker.exitCode !== 0)
      log(`   problem: the worker did not exit 0 (signal ${d9.worker.exitSignal})`);
  }
  if (error) log(`error: ${error.split('\n')[0]}`);
  log(`result: ${ok ? 'PASS' : 'FAIL'} (written to ${file}; process logs in ${stack.logDir})`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  },
);
