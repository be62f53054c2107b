import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { checkUntil, queueStates, type CheckReport, type QueueState } from './checker';
import { bodyOf, describe, DrillClient, ok } from './client';
import { log, sleep } from './infra';
import { referralBody, setUp } from './load';
import type { Stack } from './stack';

export interface Drill9Options {
  /** Concurrent request loops against the API. */
  concurrency: number;
  loadBeforeSigtermMs: number;
  exitWithinMs: number;
  /** Referrals filed as the worker's backlog before its SIGTERM. */
  backlog: number;
  clientTimeoutMs: number;
  drainWithinMs: number;
}

export interface Drill9Result {
  ok: boolean;
  api: {
    ok: boolean;
    requestsBeforeSigterm: number;
    inFlightAtSigterm: number;
    failuresBeforeSigterm: Record<string, number>;
    afterSigterm: Record<string, number>;
    exitCode: number | null;
    exitSignal: string | null;
    exitMs: number | null;
  };
  worker: {
    ok: boolean;
    activeAtSigterm: number;
    exitCode: number | null;
    exitSignal: string | null;
    exitMs: number | null;
    queuesAfterExit: QueueState[];
    /** Jobs whose attempt failed after the SIGTERM (the shutdown cut them short). */
    interruptedJobs: { id: string; reason: string; attemptsMade: number }[];
    drainSeconds: number | null;
    check: CheckReport;
  };
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

/**
 * Drill 9: SIGTERM the API while it serves a steady load (every request it
 * had accepted must be answered, with no 5xx), then SIGTERM the worker while
 * jobs run (they finish or are released; none stalls), and check that a new
 * worker drains the rest.
 */
export async function drill9(stack: Stack, o: Drill9Options): Promise<Drill9Result> {
  const since = new Date();
  const actors = await setUp(stack, 2);
  const filer = actors.filers[0];

  // --- The API under load.
  const client = new DrillClient(stack.apiPort, o.clientTimeoutMs);
  let sigtermAt = Number.POSITIVE_INFINITY;
  let stop = false;
  const loops: Promise<void>[] = [];
  for (let i = 0; i < o.concurrency; i++) {
    loops.push(
      (async () => {
        while (!stop) {
          const kind = i % 3;
          if (kind === 0) {
            const res = await client.call(
              'POST',
              '/referrals',
              filer.token,
              referralBody(`sig-${i}-${randomUUID().slice(0, 8)}.example`),
            );
            const id = bodyOf<{ id?: string }>(res)?.id;
            if (ok(res) && id) await client.call('POST', `/referrals/${id}/submit`, filer.token);
          } else if (kind === 1) {
            await client.call('GET', '/cases?limit=20', actors.coordinator.token);
          } else {
            await client.call('GET', '/referrals?limit=20', filer.token);
          }
          // After the listener closed, do not spin on refused connections.
          if (Date.now() > sigtermAt) await sleep(20);
        }
      })(),
    );
  }
  await sleep(o.loadBeforeSigtermMs);
  sigtermAt = Date.now();
  stack.api.signal('SIGTERM');
  log(`SIGTERM → API pid ${stack.api.pid} under load (${o.concurrency} loops)`);
  const apiExit = await stack.api.waitExit(o.exitWithinMs);
  await sleep(500);
  stop = true;
  await Promise.all(loops);
  client.close();
  const before = client.calls.filter((c) => c.startedAt < sigtermAt);
  const inFlight = before.filter((c) => c.endedAt >= sigtermAt).length;
  const failuresBefore: Record<string, number> = {};
  const route = (c: { method: string; path: string }) =>
    `${c.method} ${c.path.replace(/[0-9a-f-]{36}/g, ':id').split('?')[0]}`;
  for (const c of before) {
    if (!ok(c.outcome)) bump(failuresBefore, `${route(c)} → ${describe(c.outcome)}`);
  }
  const after: Record<string, number> = {};
  for (const c of client.calls.filter((x) => x.startedAt >= sigtermAt))
    bump(after, `${route(c)} → ${describe(c.outcome)}`);
  const apiOk = Object.keys(failuresBefore).length === 0 && !!apiExit && apiExit.code === 0;
  log(
    `API: ${before.length} requests sent before SIGTERM (${inFlight} in flight at SIGTERM), ` +
      `failures among them ${JSON.stringify(failuresBefore)}; after SIGTERM ${JSON.stringify(after)}; ` +
      `exit ${apiExit ? `code ${apiExit.code} signal ${apiExit.signal} after ${apiExit.at - sigtermAt} ms` : `none within ${o.exitWithinMs} ms`}`,
  );
  if (!apiExit) await stack.api.kill9();

  // --- The worker with jobs running.
  stack.api.start();
  await stack.waitApiHealthy(60_000);
  const filing = new DrillClient(stack.apiPort, o.clientTimeoutMs);
  filing.record = false;
  // Stop the worker (gracefully) while a backlog builds, so that jobs are queued and
  // running when it gets its SIGTERM.
  stack.worker.signal('SIGTERM');
  if (!(await stack.worker.waitExit(o.exitWithinMs))) await stack.worker.kill9();
  const submitted: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < o.backlog) {
        next += 1;
        const res = await filing.call(
          'POST',
          '/referrals',
          filer.token,
          referralBody(`drain-${randomUUID().slice(0, 8)}.example`),
        );
        const id = bodyOf<{ id?: string }>(res)?.id;
        if (!ok(res) || !id) continue;
        if (ok(await filing.call('POST', `/referrals/${id}/submit`, filer.token)))
          submitted.push(id);
      }
    }),
  );
  filing.close();
  log(`worker: ${submitted.length} referrals submitted while it was down; starting it`);
  stack.worker.start();
  let activeAtSigterm = 0;
  const watchUntil = Date.now() + 30_000;
  while (Date.now() < watchUntil) {
    const intake = (await queueStates(stack)).find((q) => q.queue === 'intake');
    if (intake && intake.active > 0) {
      activeAtSigterm = intake.active;
      break;
    }
    await sleep(20);
  }
  const termAt = Date.now();
  stack.worker.signal('SIGTERM');
  log(`SIGTERM → worker pid ${stack.worker.pid} with ${activeAtSigterm} intake jobs active`);
  const workerExit = await stack.worker.waitExit(o.exitWithinMs);
  if (!workerExit) await stack.worker.kill9();
  const queuesAfterExit = await queueStates(stack);
  const stuckAfterExit = queuesAfterExit.filter((q) => q.active > 0 || q.stalledSet > 0);
  // A job the shutdown cut short fails its attempt and waits (delayed) for a retry.
  const interrupted = await interruptedJobs(stack, termAt);
  log(
    `worker exit ${workerExit ? `code ${workerExit.code} signal ${workerExit.signal} after ${workerExit.at - termAt} ms` : 'none in time (killed)'}; ` +
      `queues after exit: ${queuesAfterExit.map((q) => `${q.queue} active ${q.active} waiting ${q.waiting} stalled ${q.stalledSet}`).join('; ')}`,
  );
  const restartAt = Date.now();
  stack.worker.start();
  const { report, convergedAt } = await checkUntil(
    stack,
    { submitted, approved: [], since },
    restartAt + o.drainWithinMs,
  );
  const drainSeconds = convergedAt ? (convergedAt - restartAt) / 1000 : null;
  log(
    `restarted worker: ${report.ok ? `drained in ${drainSeconds?.toFixed(1)} s` : 'did NOT drain'}` +
      (report.problems.length ? `: ${report.problems.join('; ')}` : ''),
  );
  if (interrupted.length) {
    log(
      `!! ${interrupted.length} intake jobs failed an attempt during the worker's shutdown: ` +
        `${[...new Set(interrupted.map((j) => j.reason))].join('; ')}`,
    );
  }
  const workerOk =
    report.ok &&
    interrupted.length === 0 &&
    !!workerExit &&
    workerExit.code === 0 &&
    stuckAfterExit.length === 0 &&
    activeAtSigterm > 0;
  return {
    ok: apiOk && workerOk,
    api: {
      ok: apiOk,
      requestsBeforeSigterm: before.length,
      inFlightAtSigterm: inFlight,
      failuresBeforeSigterm: failuresBefore,
      afterSigterm: after,
      exitCode: apiExit?.code ?? null,
      exitSignal: apiExit?.signal ?? null,
      exitMs: apiExit ? apiExit.at - sigtermAt : null,
    },
    worker: {
      ok: workerOk,
      activeAtSigterm,
      exitCode: workerExit?.code ?? null,
      exitSignal: workerExit?.signal ?? null,
      exitMs: workerExit ? workerExit.at - termAt : null,
      queuesAfterExit,
      interruptedJobs: interrupted,
      drainSeconds,
      check: report,
    },
  };
}

/** Intake jobs with an attempt that failed after `since` (read before the restarted worker runs them). */
async function interruptedJobs(
  stack: Stack,
  since: number,
): Promise<{ id: string; reason: string; attemptsMade: number }[]> {
  const queue = new Queue('intake', {
    connection: { host: '127.0.0.1', port: stack.redis.port, maxRetriesPerRequest: 1 },
    prefix: stack.prefix,
  });
  queue.on('error', () => undefined);
  try {
    const jobs = await queue.getJobs(['delayed', 'failed', 'waiting'], 0, 1000);
    return jobs
      .filter((j) => j.attemptsMade > 0 && (j.finishedOn ?? j.processedOn ?? 0) >= since)
      .map((j) => ({ id: String(j.id), reason: j.failedReason, attemptsMade: j.attemptsMade }));
  } finally {
    await queue.close().catch(() => undefined);
  }
}
