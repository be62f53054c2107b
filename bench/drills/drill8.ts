import { Queue } from 'bullmq';
import { checkUntil, type CheckReport } from './checker';
import { DrillClient, type CallRecord } from './client';
import { log, sleep } from './infra';
import { FilingLoad, RoutingLoad, setUp, summarise } from './load';
import type { Stack } from './stack';

export interface Drill8Options {
  workerKills: number;
  redisRestarts: number;
  postgresRestarts: number;
  /** Gap between faults, drawn uniformly from [min, max] ms. */
  gapMs: [number, number];
  filingPerSecond: number;
  redisDownMs: number;
  postgresDownMs: number;
  clientTimeoutMs: number;
  checkWithinMs: number;
  /**
   * When the 60 s check fails: keep checking this long after the last fault,
   * asking the worker's reconciler to run every 20 s (0: no late check).
   */
  lateCheckMs: number;
}

type FaultKind = 'worker' | 'redis' | 'postgres';

interface FaultRecord {
  kind: FaultKind;
  detail: string;
  startedAt: number;
  endedAt: number;
}

export interface Drill8Result {
  ok: boolean;
  faults: FaultRecord[];
  unexpectedExits: {
    duringStart: boolean;
    service: string;
    code: number | null;
    signal: string | null;
    at: string;
    lastLog: string;
  }[];
  filing: {
    created: number;
    submitted: number;
    createFailures: Record<string, number>;
    submitFailures: Record<string, number>;
    skippedTicks: number;
  };
  routing: { attempted: number; approvedAck: number; failures: Record<string, number> };
  http: {
    calls: number;
    fiveXx: number;
    fiveXxDuringPostgresOutage: number;
    fiveXxAllowed: number;
    fiveXxViolations: {
      path: string;
      status: number;
      retryAfter: string | null;
      at: string;
      during: string;
    }[];
    timeouts: number;
    resets: number;
    refused: number;
  };
  check: CheckReport;
  secondsFromLastFaultToConsistent: number | null;
  /** Whether the reconciler (lost-job replay) repaired what the 60 s check found. */
  late: {
    consistent: boolean;
    secondsFromLastFault: number | null;
    problems: string[];
    reconcileRuns: number;
  } | null;
  durationSeconds: number;
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

const between = ([a, b]: [number, number]) => a + Math.random() * (b - a);

/**
 * Drill 8: file and route at a steady rate while the worker is killed -9,
 * Redis restarts (empty), and PostgreSQL restarts; then check PostgreSQL and
 * Redis against every answer the clients got.
 */
export async function drill8(stack: Stack, o: Drill8Options): Promise<Drill8Result> {
  const began = Date.now();
  const actors = await setUp(stack, 4);
  const client = new DrillClient(stack.apiPort, o.clientTimeoutMs);
  const filing = new FilingLoad(client, actors.filers, o.filingPerSecond);
  const routing = new RoutingLoad(stack, client, actors, 1500);

  // A supervisor, as systemd or Kubernetes would be: a process that exits on
  // its own is recorded (a finding) and started again.
  const unexpectedExits: Drill8Result['unexpectedExits'] = [];
  let supervising = true;
  let workerBeingKilled = false;
  const supervisor = (async () => {
    while (supervising) {
      await sleep(250);
      for (const s of [stack.api, stack.worker]) {
        if (s.alive || (s === stack.worker && workerBeingKilled) || !supervising) continue;
        const c = s.child;
        // Refusing to start while a dependency is down is the intended behaviour
        // (the supervisor tries again); dying while running is a finding.
        const duringStart = /failed to start|is not reachable/.test(s.tail());
        unexpectedExits.push({
          duringStart,
          service: s.name,
          code: c?.exitCode ?? null,
          signal: c?.signalCode ?? null,
          at: new Date().toISOString(),
          lastLog: s
            .tail()
            .split('\n')
            .filter((l) => l && !/^\s+at /.test(l))
            .slice(-3)
            .join(' | ')
            .slice(0, 600),
        });
        log(
          `${duringStart ? '' : '!! '}${s.name} exited on its own (${c?.exitCode ?? c?.signalCode})` +
            `${duringStart ? ' while starting (a dependency was down)' : ' while running'}; restarting`,
        );
        s.start();
      }
    }
  })();

  const faults: FaultRecord[] = [];
  const plan = shuffle<FaultKind>([
    ...Array<FaultKind>(o.workerKills).fill('worker'),
    ...Array<FaultKind>(o.redisRestarts).fill('redis'),
    ...Array<FaultKind>(o.postgresRestarts).fill('postgres'),
  ]);
  let pgRestarts = 0;

  filing.start();
  routing.start();
  await sleep(3000);
  for (const kind of plan) {
    await sleep(between(o.gapMs));
    const startedAt = Date.now();
    let detail = '';
    switch (kind) {
      case 'worker': {
        workerBeingKilled = true;
        const pid = stack.worker.pid;
        await stack.worker.kill9();
        stack.worker.start();
        workerBeingKilled = false;
        detail = `kill -9 worker pid ${pid}; restarted as pid ${stack.worker.pid}`;
        break;
      }
      case 'redis':
        await stack.redis.stop();
        await sleep(o.redisDownMs);
        await stack.redis.start();
        detail = stack.redis.persistDir
          ? `redis-server shut down (SIGTERM; append-only file kept), down ${o.redisDownMs} ms, started again`
          : `redis-server killed (no persistence: its data is gone), down ${o.redisDownMs} ms, started again`;
        break;
      case 'postgres': {
        const mode = pgRestarts++ % 2 === 0 ? 'fast' : 'immediate';
        await stack.pg.stop(mode);
        await sleep(o.postgresDownMs);
        await stack.pg.start();
        detail =
          mode === 'fast'
            ? `pg_ctl stop -m fast, down ${o.postgresDownMs} ms, pg_ctl start`
            : `pg_ctl stop -m immediate (crash: no checkpoint, WAL recovery at start), down ${o.postgresDownMs} ms, pg_ctl start`;
        break;
      }
    }
    const endedAt = Date.now();
    faults.push({ kind, detail, startedAt, endedAt });
    log(`fault ${faults.length}/${plan.length}: ${detail} (${endedAt - startedAt} ms)`);
  }
  const lastFault = Date.now();
  // Keep filing briefly after the last fault, then stop and let in-flight calls end.
  await sleep(3000);
  await Promise.all([filing.stop(), routing.stop()]);
  summarise('filing', filing.stats);
  log(
    `routing: attempted ${routing.stats.attempted}, approved (2xx) ${routing.stats.approvedAck.length}, failures ${JSON.stringify(routing.stats.failures)}`,
  );

  // Every case approved in PostgreSQL counts, acknowledged or not.
  const approvedRows = await stack.query<{ id: string }>(
    `SELECT id FROM cases WHERE approved_at IS NOT NULL`,
  );
  const approved = [...new Set([...routing.stats.approvedAck, ...approvedRows.map((r) => r.id)])];
  const { report, convergedAt } = await checkUntil(
    stack,
    { submitted: filing.stats.submitted, approved },
    lastFault + o.checkWithinMs,
  );
  let late: Drill8Result['late'] = null;
  if (!report.ok && o.lateCheckMs > 0) {
    log(
      `not consistent within ${o.checkWithinMs / 1000} s; late check with the reconciler for up to ${o.lateCheckMs / 1000} s`,
    );
    const reconciles = triggerReconcileEvery(stack, 20_000);
    const lateRun = await checkUntil(
      stack,
      { submitted: filing.stats.submitted, approved },
      lastFault + o.lateCheckMs,
    );
    await reconciles.stop();
    late = {
      consistent: lateRun.report.ok,
      secondsFromLastFault: lateRun.convergedAt ? (lateRun.convergedAt - lastFault) / 1000 : null,
      problems: lateRun.report.problems,
      reconcileRuns: reconciles.triggered(),
    };
    log(
      `late check: ${late.consistent ? `consistent ${late.secondsFromLastFault?.toFixed(0)} s after the last fault` : 'still NOT consistent'}` +
        (late.problems.length ? `: ${late.problems.join('; ')}` : ''),
    );
  }
  supervising = false;
  await supervisor;

  const http = classify(client.calls, faults);
  client.close();
  const secondsToConsistent = convergedAt ? (convergedAt - lastFault) / 1000 : null;
  log(
    `checker: ${report.ok ? 'CONSISTENT' : 'PROBLEMS'} ` +
      (secondsToConsistent !== null
        ? `${secondsToConsistent.toFixed(1)} s after the last fault`
        : `after ${o.checkWithinMs / 1000} s`),
  );
  for (const p of report.problems) log(`  - ${p}`);
  log(
    `http: ${http.calls} calls, 5xx ${http.fiveXx} (${http.fiveXxAllowed} allowed 503+Retry-After while PostgreSQL was down), ` +
      `violations ${http.fiveXxViolations.length}, timeouts ${http.timeouts}, resets ${http.resets}, refused ${http.refused}`,
  );
  return {
    ok:
      report.ok &&
      http.fiveXxViolations.length === 0 &&
      http.timeouts === 0 &&
      unexpectedExits.length === 0,
    faults,
    unexpectedExits,
    filing: { ...filing.stats, submitted: filing.stats.submitted.length },
    routing: {
      attempted: routing.stats.attempted,
      approvedAck: routing.stats.approvedAck.length,
      failures: routing.stats.failures,
    },
    http,
    check: report,
    secondsFromLastFaultToConsistent: secondsToConsistent,
    late,
    durationSeconds: (Date.now() - began) / 1000,
  };
}

/** A PostgreSQL outage counts from the stop until a few seconds after it is back (pools reconnect). */
const PG_GRACE_MS = 3000;

function classify(calls: CallRecord[], faults: FaultRecord[]): Drill8Result['http'] {
  const overlapping = (c: CallRecord, kind: FaultKind, grace: number) =>
    faults.find(
      (f) => f.kind === kind && c.startedAt <= f.endedAt + grace && c.endedAt >= f.startedAt,
    );
  let fiveXx = 0;
  let duringPg = 0;
  let allowed = 0;
  let timeouts = 0;
  let resets = 0;
  let refused = 0;
  const violations: Drill8Result['http']['fiveXxViolations'] = [];
  for (const c of calls) {
    const o = c.outcome;
    if (o.kind === 'timeout') timeouts += 1;
    else if (o.kind === 'reset') resets += 1;
    else if (o.kind === 'refused') refused += 1;
    else if (o.status >= 500) {
      fiveXx += 1;
      const pg = overlapping(c, 'postgres', PG_GRACE_MS);
      if (pg) duringPg += 1;
      if (pg && o.status === 503 && o.retryAfter) {
        allowed += 1;
        continue;
      }
      const during =
        (pg ? 'postgres outage' : '') ||
        (overlapping(c, 'redis', 1000) ? 'redis outage' : '') ||
        (overlapping(c, 'worker', 1000) ? 'worker restart' : '') ||
        'no fault';
      violations.push({
        path: `${c.method} ${c.path.replace(/[0-9a-f-]{36}/g, ':id')}`,
        status: o.status,
        retryAfter: o.retryAfter ?? null,
        at: new Date(c.startedAt).toISOString(),
        during,
      });
    }
  }
  return {
    calls: calls.length,
    fiveXx,
    fiveXxDuringPostgresOutage: duringPg,
    fiveXxAllowed: allowed,
    fiveXxViolations: violations,
    timeouts,
    resets,
    refused,
  };
}

/**
 * Ask the worker's housekeeping to replay lost work now (the same job its
 * 5-minute schedule adds), every `everyMs`.
 */
function triggerReconcileEvery(stack: Stack, everyMs: number) {
  const queue = new Queue('maintenance', {
    connection: { host: '127.0.0.1', port: stack.redis.port, maxRetriesPerRequest: 1 },
    prefix: stack.prefix,
  });
  queue.on('error', () => undefined);
  let runs = 0;
  const add = () =>
    queue
      .add(
        'reconcile',
        { outboxId: null, organizationId: null },
        { jobId: `drill-reconcile-${Date.now()}`, removeOnComplete: true, removeOnFail: true },
      )
      .then(() => (runs += 1))
      .catch(() => undefined);
  void add();
  const timer = setInterval(() => void add(), everyMs);
  return {
    triggered: () => runs,
    stop: async () => {
      clearInterval(timer);
      await queue.close().catch(() => undefined);
    },
  };
}
