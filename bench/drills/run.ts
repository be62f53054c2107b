import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { drill8, type Drill8Options, type Drill8Result } from './drill8';
import { drill9, type Drill9Options, type Drill9Result } from './drill9';
import { log } from './infra';
import { readReplicaDrill, type ReadReplicaDrillOptions } from './read-replica';
import { replicasDrill, replicasEnv, type ReplicasOptions, type ReplicasResult } from './replicas';
import { sentinelDrill, type SentinelDrillOptions } from './sentinel';
import { Stack } from './stack';

/**
 * Fault drills (docs/reliability.md). `npm run drill` runs the full counts
 * (about 8–12 minutes); `npm run drill:smoke` one fault of each kind, a short
 * SIGTERM check and a short replicas run (about 2–3 minutes);
 * `--only=faults,sigterm,replicas,sentinel,read-replica` picks drills (the
 * Redis failover and read-replica drills run in the full set and on request,
 * not in the smoke set). They run on private
 * PostgreSQL clusters and Redis servers that they start, break and delete
 * themselves, and exit non-zero when a drill finds a loss, a duplicate, a
 * stuck job, a hang or a forbidden 5xx.
 */

const DRILLS = ['faults', 'sigterm', 'replicas', 'sentinel', 'read-replica'] as const;
const SMOKE_SET: readonly DrillName[] = ['faults', 'sigterm', 'replicas'];
type DrillName = (typeof DRILLS)[number];

const smoke = process.argv.includes('--smoke');
/** Redis with its append-only file on, as docker/compose.yaml runs it: a restart keeps the jobs. */
const redisAof = process.argv.includes('--redis-aof');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg
  ?.slice('--only='.length)
  .split(',')
  .map((n) => n.trim())
  .filter(Boolean);
const unknown = (only ?? []).filter((n) => !(DRILLS as readonly string[]).includes(n));
if (only && (only.length === 0 || unknown.length)) {
  process.stderr.write(
    `--only takes a comma-separated list of ${DRILLS.join(', ')}${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}\n`,
  );
  process.exit(2);
}
const wants = (name: DrillName): boolean =>
  only ? only.includes(name) : !smoke || SMOKE_SET.includes(name);
const mode = `${smoke ? 'smoke' : 'full'}${redisAof ? '-aof' : ''}${only ? `-${only.join('+')}` : ''}`;

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

const replicasOptions: ReplicasOptions = smoke
  ? {
      apis: 2,
      workers: 2,
      workerKills: 2,
      gapMs: [2000, 4000],
      filingPerSecond: 3,
      slaClocks: 'triage=8s,le_acknowledgement=8s,info_request=7d',
      refuseFirstShare: 0.25,
      webhookBackoffMs: 500,
      clientTimeoutMs: 10_000,
      checkWithinMs: 60_000,
      lateCheckMs: 0,
    }
  : {
      apis: 2,
      workers: 2,
      workerKills: 10,
      gapMs: [3000, 6000],
      filingPerSecond: 3,
      slaClocks: 'triage=20s,le_acknowledgement=15s,info_request=7d',
      refuseFirstShare: 0.25,
      webhookBackoffMs: 500,
      clientTimeoutMs: 10_000,
      checkWithinMs: 60_000,
      lateCheckMs: 300_000,
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
  let stack = new Stack();
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
  let replicas: ReplicasResult | undefined;
  const alone: { sentinel?: { ok: boolean }; readReplica?: { ok: boolean } } = {};
  let error: string | undefined;
  let machine: Record<string, unknown> = {};
  const logDirs: string[] = [];
  const describeMachine = () => {
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
  };
  try {
    if (wants('faults') || wants('sigterm')) {
      await stack.up({ redisAof });
      logDirs.push(stack.logDir);
      describeMachine();
      if (wants('faults')) {
        log(`— drill 8 (${mode}): faults while filing`);
        d8 = await drill8(stack, drill8Options);
      }
      if (wants('sigterm')) {
        log(`— drill 9 (${mode}): SIGTERM under load`);
        d9 = await drill9(stack, drill9Options);
      }
      await stack.cleanup();
    }
    if (wants('replicas')) {
      // Its own servers and processes: two APIs behind a proxy, two workers.
      stack = new Stack();
      log(
        `— replicas (${mode}): ${replicasOptions.apis} APIs and ${replicasOptions.workers} workers on one PostgreSQL and Redis`,
      );
      await stack.up({
        redisAof,
        apis: replicasOptions.apis,
        workers: replicasOptions.workers,
        env: replicasEnv(stack, replicasOptions),
      });
      logDirs.push(stack.logDir);
      if (!machine.cores) describeMachine();
      replicas = await replicasDrill(stack, replicasOptions);
      await stack.cleanup();
    }
    if (wants('sentinel') || wants('read-replica')) {
      // Their own PostgreSQL and Redis servers beside the stack's.
      stack = new Stack();
      await stack.up({ redisAof });
      logDirs.push(stack.logDir);
      if (!machine.cores) describeMachine();
      if (wants('sentinel')) {
        log('— Redis failover through Sentinel under load');
        alone.sentinel = await sentinelDrill(stack, sentinelOptions);
      }
      if (wants('read-replica')) {
        log('— PostgreSQL streaming replica serving the lists');
        alone.readReplica = await readReplicaDrill(stack, readReplicaOptions);
      }
    }
  } catch (e) {
    error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    log(`drill aborted: ${error}`);
  } finally {
    await stack.cleanup();
  }

  const ok =
    !error &&
    (!wants('faults') || !!d8?.ok) &&
    (!wants('sigterm') || !!d9?.ok) &&
    (!wants('replicas') || !!replicas?.ok) &&
    (!wants('sentinel') || !!alone.sentinel?.ok) &&
    (!wants('read-replica') || !!alone.readReplica?.ok);
  const result = {
    mode,
    date: new Date().toISOString(),
    ok,
    machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))) },
    options: {
      drill8: wants('faults') ? drill8Options : undefined,
      drill9: wants('sigterm') ? drill9Options : undefined,
      replicas: wants('replicas') ? replicasOptions : undefined,
      sentinel: wants('sentinel') ? sentinelOptions : undefined,
      readReplica: wants('read-replica') ? readReplicaOptions : undefined,
    },
    drill8: d8,
    drill9: d9,
    replicas,
    ...alone,
    error,
    logs: logDirs,
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
  if (replicas) {
    const r = replicas;
    // The figures of the last reading: the late check's when there was one.
    const final = r.late?.report ?? r.check;
    log(
      `replicas: ${r.ok ? 'PASS' : 'FAIL'} — ${r.processes.apis} APIs (connections ${JSON.stringify(r.connectionsPerApi)}), ` +
        `${r.processes.workers} workers, ${r.kills.length} kills -9; ${r.filing.submitted} referrals submitted (2xx), ` +
        `${r.routing.approvedAck} cases approved (2xx), ${final.dispatches} dispatches, ` +
        `webhook requests ${r.webhook.requests} (${r.webhook.accepted} accepted, ${r.webhook.refused} refused), ` +
        `redeliveries after a kill ${final.webhooks?.redeliveriesAfterKill ?? 0}, ` +
        `SLA breaches ${final.sla?.breaches ?? 0} (alerts ${final.sla?.alerts ?? 0}), ` +
        `audit events ${final.chain?.events ?? 0} in one chain; ` +
        `consistent ${r.secondsFromLastKillToConsistent ?? 'never'} s after the last kill; ` +
        `5xx ${r.http.fiveXx}, timeouts ${r.http.timeouts}, exits on their own ${r.unexpectedExits.length}`,
    );
    for (const p of r.check.problems) log(`   problem: ${p}`);
    if (r.late) {
      log(
        `   late check: ${r.late.consistent ? `consistent ${r.late.secondsFromLastKill} s after the last kill` : `still not consistent: ${r.late.problems.join('; ')}`}`,
      );
    }
  }
  if (alone.sentinel) log(`sentinel: ${alone.sentinel.ok ? 'PASS' : 'FAIL'} (figures above)`);
  if (alone.readReplica) {
    log(`read-replica: ${alone.readReplica.ok ? 'PASS' : 'FAIL'} (figures above)`);
  }
  if (error) log(`error: ${error.split('\n')[0]}`);
  log(
    `result: ${ok ? 'PASS' : 'FAIL'} (written to ${file}; process logs in ${logDirs.join(', ')})`,
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  },
);
