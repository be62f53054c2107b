import { fileAll, waitUntil } from './lib/filing-client';
import { BenchEnvironment, RssSampler, type ServiceProcess } from './lib/infra';
import { API_FILING_PATHS, filingRequests, load } from './lib/load';
import { benchReferralBody } from './lib/referral-body';
import { recordPeak } from './lib/memory-registry';
import { formatSpread, quantile, round, sleep, spread } from './lib/stats';
import type { Bench } from './lib/types';

interface DrainResult {
  referrals: number;
  /** From the new worker's health answer to the last referral in_review. */
  seconds: number;
  /** Referrals per second between the first and the last referral.intake event. */
  rate: number;
}

interface StepResult {
  rate: number;
  seconds: number;
  achieved: number;
  submitted: number;
  processed: number;
  p50: number;
  p99: number;
  max: number;
  backlogMid: number;
  backlogEnd: number;
  drainSeconds: number;
  flat: boolean;
  errors: number;
}

/**
 * 4. Pipeline: submits at a fixed rate with the worker running; the time from
 * the submit's 2xx (client clock) to intake putting the referral in_review
 * (the referral.intake audit event's occurred_at, written in the same
 * transaction as the status change), and the highest rate at which the
 * backlog (submitted, not yet in_review) stays flat. Then the worker's own
 * capacity apart from the API's filing rate: a backlog filed while no worker
 * runs, and the rate at which a fresh worker takes it in.
 */
export const run: Bench = async ({ smoke, runs }) => {
  const env = await BenchEnvironment.create('pipeline');
  try {
    const api = await env.startApi();
    let worker = await env.startWorker();
    const sampler = new RssSampler([api.pid, worker.pid]).start(500);
    const { token } = await env.signedIn(api, 'member_reporter');

    const backlog = async () =>
      Number(
        (
          await env.pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM referrals WHERE status = 'submitted'`,
          )
        ).rows[0].n,
      );

    const step = async (rate: number, seconds: number): Promise<StepResult> => {
      const submittedAt = new Map<string, number>();
      const backlogSamples: number[] = [];
      const timer = setInterval(() => {
        void backlog().then((n) => backlogSamples.push(n));
      }, 1000);
      const result = await load({
        url: api.url,
        durationS: seconds,
        // About 5 requests/s per connection: enough connections that the offered
        // rate does not depend on the response time.
        connections: Math.min(60, Math.max(2, Math.ceil((rate * 2) / 5))),
        overallRate: rate * 2,
        requests: filingRequests(token, API_FILING_PATHS, (id, at) => submittedAt.set(id, at)),
      });
      clearInterval(timer);
      const backlogEnd = await backlog();
      const backlogMid = backlogSamples[Math.floor(backlogSamples.length / 2)] ?? 0;
      const drainStart = Date.now();
      await waitUntil(async () => (await backlog()) === 0, smoke ? 20_000 : 60_000, 100);
      const drainSeconds = (Date.now() - drainStart) / 1000;
      const ids = [...submittedAt.keys()];
      const { rows } = await env.pool.query<{ target_id: string; occurred_at: Date }>(
        `SELECT target_id, occurred_at FROM audit_events
          WHERE action = 'referral.intake' AND target_id = ANY($1::text[])`,
        [ids],
      );
      const latencies = rows.map(
        (r) => r.occurred_at.getTime() - (submittedAt.get(r.target_id) as number),
      );
      const achieved = submittedAt.size / result.durationS;
      const flat =
        backlogEnd - backlogMid <= Math.max(5, rate * 0.5) &&
        backlogEnd <= Math.max(5, rate) &&
        achieved >= rate * 0.9;
      return {
        rate,
        seconds,
        achieved,
        submitted: submittedAt.size,
        processed: rows.length,
        p50: quantile(latencies, 0.5),
        p99: quantile(latencies, 0.99),
        max: Math.max(...latencies),
        backlogMid,
        backlogEnd,
        drainSeconds,
        flat,
        errors: result.non2xx + result.errors,
      };
    };
    const describe = (s: StepResult) =>
      `${s.rate}/s offered for ${s.seconds} s: ${s.achieved.toFixed(1)} submits/s achieved, ${s.processed}/${s.submitted} in_review, ` +
      `submit->in_review p50 ${s.p50} ms p99 ${s.p99} ms max ${s.max} ms, backlog mid ${s.backlogMid} end ${s.backlogEnd} ` +
      `(drained in ${s.drainSeconds.toFixed(1)} s), errors ${s.errors}, ${s.flat ? 'flat' : 'GROWING'}`;

    if (!smoke) await step(20, 3); // warm-up

    // The target: 100 referrals/s (smoke: 10/s), `runs` times.
    const targetRate = smoke ? 10 : 100;
    const targetRuns: StepResult[] = [];
    for (let i = 0; i < runs; i++) {
      targetRuns.push(await step(targetRate, smoke ? 2 : 15));
      if (!smoke) await sleep(1000);
    }
    const p99 = spread(targetRuns.map((s) => s.p99));
    const p50 = spread(targetRuns.map((s) => s.p50));
    const lost = targetRuns.reduce((n, s) => n + s.submitted - s.processed, 0);

    // Step the rate up until the backlog grows.
    const rates = smoke ? [5] : [10, 25, 50, 75, 100, 125, 150, 200, 250];
    const steps: StepResult[] = [];
    for (const rate of rates) {
      const s = await step(rate, smoke ? 2 : 15);
      steps.push(s);
      if (!s.flat) break;
    }
    const flatRates = steps.filter((s) => s.flat).map((s) => s.rate);
    const highestFlat = flatRates.length > 0 ? Math.max(...flatRates) : 0;

    const drain = async (count: number): Promise<DrainResult> => {
      await env.stop(worker);
      const bodies = Array.from({ length: count }, () => benchReferralBody());
      const ids = await fileAll(api.url, token, bodies, 10);
      worker = await env.startWorker();
      const started = Date.now();
      await waitUntil(async () => (await backlog()) === 0, smoke ? 30_000 : 300_000, 100);
      const seconds = (Date.now() - started) / 1000;
      const { rows } = await env.pool.query<{ n: string; span: number }>(
        `SELECT count(*) AS n, EXTRACT(EPOCH FROM max(occurred_at) - min(occurred_at))::float8 AS span
           FROM audit_events WHERE action = 'referral.intake' AND target_id = ANY($1::text[])`,
        [ids],
      );
      const taken = Number(rows[0].n);
      return { referrals: taken, seconds, rate: taken / Math.max(rows[0].span, 0.001) };
    };
    sampler.stop();
    const apiPeak = sampler.peakMb(api.pid);
    const workerPeak = sampler.peakMb(worker.pid);
    recordPeak('api during pipeline', apiPeak);
    recordPeak('worker during pipeline', workerPeak);
    const cpu = await cpuSeconds([api, worker]);
    const drained = await drain(smoke ? 50 : 1500);

    return {
      name: 'pipeline',
      summary: [
        `At ${targetRate} referrals/s (${runs} run(s)): submit->in_review p50 ${formatSpread(p50, 0, ' ms')}, p99 ${formatSpread(p99, 0, ' ms')}, not processed ${lost}`,
        ...targetRuns.map((s, i) => `  run ${i + 1}: ${describe(s)}`),
        `Highest rate with a flat backlog: ${highestFlat} referrals/s (steps tried: ${steps.map((s) => s.rate).join(', ')})`,
        ...steps.map((s) => `  step: ${describe(s)}`),
        `Worker alone, a backlog of ${drained.referrals} filed while it was stopped: taken in at ${drained.rate.toFixed(1)} referrals/s (all in_review ${drained.seconds.toFixed(1)} s after the worker answered its health check)`,
        `Peak RSS: API ${apiPeak.toFixed(0)} MB, worker ${workerPeak.toFixed(0)} MB; CPU used: API ${cpu[0]} s, worker ${cpu[1]} s`,
      ],
      figures: {
        targetRate,
        p50Median: p50.median,
        p99Median: p99.median,
        p99Min: p99.min,
        p99Max: p99.max,
        notProcessed: lost,
        highestFlatRate: highestFlat,
        drainRate: round(drained.rate, 1),
        steps: steps.map((s) => `${s.rate}:${s.flat ? 'flat' : 'growing'}:p99=${s.p99}`).join(' '),
        apiPeakRssMb: round(apiPeak, 0),
        workerPeakRssMb: round(workerPeak, 0),
      },
      targets: [
        {
          name: `pipeline p99 at ${targetRate} referrals/s`,
          target: smoke ? '<= 1 s (full mode: at 100/s)' : '<= 1 s',
          actual: `${p99.median} ms (highest flat rate ${highestFlat}/s)`,
          met: p99.median <= 1000 && lost === 0 && targetRuns.every((s) => s.flat),
        },
      ],
    };
  } finally {
    await env.dispose();
  }
};

/** CPU time (user + system, seconds) the processes used so far, from /proc. */
async function cpuSeconds(processes: ServiceProcess[]): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  return Promise.all(
    processes.map(async (p) => {
      try {
        const fields = (await readFile(`/proc/${p.pid}/stat`, 'utf8')).split(') ')[1].split(' ');
        return ((Number(fields[11]) + Number(fields[12])) / 100).toFixed(1);
      } catch {
        return '?';
      }
    }),
  );
}
