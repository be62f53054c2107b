import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { checkUntil, type CheckReport } from './checker';
import { DrillClient, type CallRecord } from './client';
import { log, sleep } from './infra';
import { FilingLoad, RoutingLoad, setUp, summarise } from './load';
import { RoundRobinProxy } from './proxy';
import { WebhookReceiver } from './receiver';
import type { Stack } from './stack';

export interface ReplicasOptions {
  apis: number;
  workers: number;
  /** Kills -9, one at a time, alternating between the workers. */
  workerKills: number;
  /** Gap between kills, drawn uniformly from [min, max] ms. */
  gapMs: [number, number];
  filingPerSecond: number;
  /** SLA_CLOCKS of the drill: short, so that clocks breach while it runs. */
  slaClocks: string;
  /** Share of dispatches whose first webhook attempt the receiver refuses (503). */
  refuseFirstShare: number;
  /** First retry delay of a refused webhook attempt (WEBHOOK_BACKOFF_MS). */
  webhookBackoffMs: number;
  clientTimeoutMs: number;
  checkWithinMs: number;
  /** When the check fails within its budget: keep checking this long after the last kill (0: no). */
  lateCheckMs: number;
}

export interface ReplicasResult {
  ok: boolean;
  processes: { apis: number; workers: number };
  kills: {
    worker: string;
    pid: number | undefined;
    restartedAs: number | undefined;
    at: string;
    /** From the restart until the replacement answered its health check (null: never). */
    replacementReadyMs: number | null;
  }[];
  unexpectedExits: { service: string; code: number | null; signal: string | null; at: string }[];
  /** Client connections the proxy handed to each API process. */
  connectionsPerApi: Record<string, number>;
  filing: { created: number; submitted: number; createFailures: Record<string, number> };
  routing: { attempted: number; approvedAck: number; failures: Record<string, number> };
  http: { calls: number; fiveXx: number; timeouts: number; resets: number; refused: number };
  webhook: { requests: number; accepted: number; refused: number; dispatches: number };
  /** Breaches seen while the load ran (two workers up), and in all at the check. */
  slaBreachesDuringLoad: number;
  check: CheckReport;
  secondsFromLastKillToConsistent: number | null;
  /** Whether what the check found in its budget was late (resolved later) or lost. */
  late: {
    consistent: boolean;
    secondsFromLastKill: number | null;
    problems: string[];
    /** The late check's last reading (its figures are the run's final ones). */
    report: CheckReport;
  } | null;
  durationSeconds: number;
}

const between = ([a, b]: [number, number]) => a + Math.random() * (b - a);

/** The settings the drill's processes run with (beyond the stack's own). */
export function replicasEnv(stack: Stack, o: ReplicasOptions): NodeJS.ProcessEnv {
  return {
    SLA_CLOCKS: o.slaClocks,
    // The agencies' receiver is a plain-HTTP server on loopback.
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_BACKOFF_MS: String(o.webhookBackoffMs),
    WEBHOOK_TIMEOUT_MS: '5000',
    MAIL_OUTBOX_DIR: join(stack.root, 'mail-outbox'),
  };
}

/**
 * The replicas drill: API and worker processes side by side on one PostgreSQL
 * and one Redis, the load spread over the APIs by a proxy, the workers killed
 * -9 in turn, dispatches delivered by webhook to a real receiver and SLA
 * clocks short enough to breach; then the checker holds PostgreSQL, Redis and
 * the receiver's records against every answer the clients got.
 */
export async function replicasDrill(stack: Stack, o: ReplicasOptions): Promise<ReplicasResult> {
  const began = Date.now();
  const receiver = new WebhookReceiver({
    secret: randomBytes(24).toString('base64'),
    refuseFirstShare: o.refuseFirstShare,
    answerAfterMs: 100,
  });
  await receiver.start();
  const proxy = new RoundRobinProxy(stack.apiPorts);
  await proxy.start();
  stack.apiPort = proxy.port;
  log(
    `proxy :${proxy.port} → APIs ${stack.apiPorts.map((p) => `:${p}`).join(', ')}; ` +
      `webhook receiver ${receiver.url}; SLA_CLOCKS ${o.slaClocks}`,
  );

  try {
    const actors = await setUp(stack, 4, {
      webhookUrl: receiver.url,
      webhookSecret: receiver.secret,
    });
    const client = new DrillClient(stack.apiPort, o.clientTimeoutMs);
    const filing = new FilingLoad(client, actors.filers, o.filingPerSecond);
    const routing = new RoutingLoad(stack, client, actors, 1500);

    const unexpectedExits: ReplicasResult['unexpectedExits'] = [];
    let supervising = true;
    const beingKilled = new Set<string>();
    const supervisor = (async () => {
      while (supervising) {
        await sleep(250);
        for (const s of [...stack.apis, ...stack.workers]) {
          if (s.alive || beingKilled.has(s.name) || !supervising) continue;
          unexpectedExits.push({
            service: s.name,
            code: s.child?.exitCode ?? null,
            signal: s.child?.signalCode ?? null,
            at: new Date().toISOString(),
          });
          log(`!! ${s.name} exited on its own; restarting`);
          s.start();
        }
      }
    })();

    const kills: ReplicasResult['kills'] = [];
    const killTimes: number[] = [];
    filing.start();
    routing.start();
    // The kills start once intake is under way (both workers up, cases being opened).
    const warmUpUntil = Date.now() + 60_000;
    while (Date.now() < warmUpUntil) {
      const [{ n }] = await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases`);
      if (n >= 3) break;
      await sleep(500);
    }
    await sleep(2000);
    for (let i = 0; i < o.workerKills; i++) {
      await sleep(between(o.gapMs));
      const index = i % stack.workers.length;
      const worker = stack.workers[index];
      beingKilled.add(worker.name);
      const pid = worker.pid;
      killTimes.push(Date.now());
      await worker.kill9();
      worker.start();
      beingKilled.delete(worker.name);
      // One at a time: the next kill waits until this one's replacement serves,
      // so that a worker always runs and takes over the killed one's jobs.
      const restartedAt = Date.now();
      const ready = await stack.waitWorkerHealthy(index, 120_000);
      const readyMs = ready ? Date.now() - restartedAt : null;
      kills.push({
        worker: worker.name,
        pid,
        restartedAs: worker.pid,
        at: new Date(killTimes[i]).toISOString(),
        replacementReadyMs: readyMs,
      });
      log(
        `kill ${i + 1}/${o.workerKills}: kill -9 ${worker.name} pid ${pid}; restarted as pid ${worker.pid}, ` +
          (ready ? `serving after ${readyMs} ms` : 'NOT serving after 120 s'),
      );
    }
    const lastKill = Date.now();
    await sleep(3000);
    await Promise.all([filing.stop(), routing.stop()]);
    const [{ n: slaBreachesDuringLoad }] = await stack.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sla_clocks WHERE status IN ('breached', 'met_late')`,
    );
    summarise('filing', filing.stats);
    log(
      `routing: attempted ${routing.stats.attempted}, approved (2xx) ${routing.stats.approvedAck.length}, ` +
        `failures ${JSON.stringify(routing.stats.failures)}; SLA breaches so far ${slaBreachesDuringLoad}`,
    );

    const approvedRows = await stack.query<{ id: string }>(
      `SELECT id FROM cases WHERE approved_at IS NOT NULL`,
    );
    const approved = [...new Set([...routing.stats.approvedAck, ...approvedRows.map((r) => r.id)])];
    const expected = {
      submitted: filing.stats.submitted,
      approved,
      webhooks: { requests: receiver.requests, agencies: actors.agencies, kills: killTimes },
      sla: { minBreaches: 1 },
    };
    const { report, convergedAt } = await checkUntil(stack, expected, lastKill + o.checkWithinMs);
    let late: ReplicasResult['late'] = null;
    if (!report.ok && o.lateCheckMs > 0) {
      log(
        `not consistent within ${o.checkWithinMs / 1000} s; checking on for up to ${o.lateCheckMs / 1000} s`,
      );
      const lateRun = await checkUntil(stack, expected, lastKill + o.lateCheckMs);
      late = {
        consistent: lateRun.report.ok,
        secondsFromLastKill: lateRun.convergedAt ? (lateRun.convergedAt - lastKill) / 1000 : null,
        problems: lateRun.report.problems,
        report: lateRun.report,
      };
      log(
        `late check: ${late.consistent ? `consistent ${late.secondsFromLastKill?.toFixed(0)} s after the last kill` : 'still NOT consistent'}` +
          (late.problems.length ? `: ${late.problems.join('; ')}` : ''),
      );
    }
    supervising = false;
    await supervisor;
    const http = classify(client.calls);
    client.close();

    const connectionsPerApi: Record<string, number> = {};
    stack.apis.forEach((api, i) => {
      connectionsPerApi[api.name] = proxy.connections.get(stack.apiPorts[i]) ?? 0;
    });
    const spread = Object.values(connectionsPerApi).every((n) => n > 0);
    const problems = [...report.problems];
    if (!spread)
      problems.push(`the load did not reach every API: ${JSON.stringify(connectionsPerApi)}`);
    const notServing = kills.filter((k) => k.replacementReadyMs === null);
    if (notServing.length) {
      problems.push(
        `restarted workers that never served: ${notServing.map((k) => k.restartedAs).join(', ')}`,
      );
    }
    if (!report.webhooks?.dispatches)
      problems.push('no webhook dispatch: the drill did not test delivery');
    const secondsToConsistent = convergedAt ? (convergedAt - lastKill) / 1000 : null;
    log(
      `checker: ${report.ok ? 'CONSISTENT' : 'PROBLEMS'} ` +
        (secondsToConsistent !== null
          ? `${secondsToConsistent.toFixed(1)} s after the last kill`
          : `after ${o.checkWithinMs / 1000} s`),
    );
    for (const p of problems) log(`  - ${p}`);
    log(
      `http: ${http.calls} calls, 5xx ${http.fiveXx}, timeouts ${http.timeouts}, resets ${http.resets}, ` +
        `refused ${http.refused}; connections per API ${JSON.stringify(connectionsPerApi)}`,
    );
    return {
      ok:
        report.ok &&
        spread &&
        notServing.length === 0 &&
        !!report.webhooks?.dispatches &&
        http.fiveXx === 0 &&
        http.timeouts === 0 &&
        unexpectedExits.length === 0,
      processes: { apis: stack.apis.length, workers: stack.workers.length },
      kills,
      unexpectedExits,
      connectionsPerApi,
      filing: {
        created: filing.stats.created,
        submitted: filing.stats.submitted.length,
        createFailures: filing.stats.createFailures,
      },
      routing: {
        attempted: routing.stats.attempted,
        approvedAck: routing.stats.approvedAck.length,
        failures: routing.stats.failures,
      },
      http,
      webhook: {
        requests: receiver.requests.length,
        accepted: receiver.requests.filter((r) => r.accepted).length,
        refused: receiver.requests.filter((r) => !r.accepted).length,
        dispatches: report.webhooks?.dispatches ?? 0,
      },
      slaBreachesDuringLoad,
      check: { ...report, problems },
      secondsFromLastKillToConsistent: secondsToConsistent,
      late,
      durationSeconds: (Date.now() - began) / 1000,
    };
  } finally {
    await proxy.close();
    await receiver.close();
  }
}

function classify(calls: CallRecord[]): ReplicasResult['http'] {
  const count = (kind: string) => calls.filter((c) => c.outcome.kind === kind).length;
  return {
    calls: calls.length,
    fiveXx: calls.filter((c) => c.outcome.kind === 'response' && c.outcome.status >= 500).length,
    timeouts: count('timeout'),
    resets: count('reset'),
    refused: count('refused'),
  };
}
