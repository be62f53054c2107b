import { fileAll, waitUntil } from './lib/filing-client';
import { BenchEnvironment } from './lib/infra';
import { describeLoad, load, type LoadResult } from './lib/load';
import { benchMerchant, benchReferralBody } from './lib/referral-body';
import { formatSpread, round, spread } from './lib/stats';
import type { Bench, TargetCheck } from './lib/types';

/**
 * 3. Reads for a coordinator: case detail (GET /api/v1/cases/:id, which also
 * writes a case.read audit event as one autocommit INSERT) and the referral list
 * (GET /api/v1/referrals, first page). Seeded through the real pipeline:
 * referrals sharing a merchant domain are attached by intake to one case.
 */
export const run: Bench = async ({ smoke, runs }) => {
  const env = await BenchEnvironment.create('reads');
  try {
    const api = await env.startApi();
    const worker = await env.startWorker();
    const reporter = await env.signedIn(api, 'member_reporter');
    const coordinator = await env.signedIn(api, 'coordinator');

    // A few hundred cases with 2-5 referrals each (smoke: a dozen).
    const caseCount = smoke ? 12 : 300;
    const bodies: object[] = [];
    for (let c = 0; c < caseCount; c++) {
      // Referrals about one merchant share its keys: intake attaches them to one case.
      const merchant = benchMerchant();
      const referrals = 2 + (c % 4);
      for (let r = 0; r < referrals; r++) bodies.push(benchReferralBody(merchant));
    }
    const seedStart = Date.now();
    await fileAll(api.url, reporter.token, bodies, 8);
    const drained = await waitUntil(async () => {
      const { rows } = await env.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM referrals WHERE status = 'submitted'`,
      );
      return Number(rows[0].n) === 0;
    }, 180_000);
    if (!drained) throw new Error('seeded referrals did not all reach in_review within 180 s');
    const seedSeconds = (Date.now() - seedStart) / 1000;
    await env.stop(worker);
    const { rows: caseRows } = await env.pool.query<{ id: string; n: string }>(
      `SELECT c.id, count(r.id) AS n FROM cases c JOIN referrals r ON r.case_id = c.id GROUP BY c.id`,
    );
    const caseIds = caseRows.map((r) => r.id);
    const perCase = spread(caseRows.map((r) => Number(r.n)));

    const headers = { authorization: `Bearer ${coordinator.token}` };
    const durationS = smoke ? 1 : 10;
    const routes = [
      {
        name: 'case detail',
        requests: [
          {
            method: 'GET' as const,
            path: '/api/v1/cases',
            setupRequest: (req: { path?: string }) => ({
              ...req,
              path: `/api/v1/cases/${caseIds[Math.floor(Math.random() * caseIds.length)]}`,
            }),
          },
        ],
      },
      { name: 'referral list', requests: [{ method: 'GET' as const, path: '/api/v1/referrals' }] },
    ];
    const summary: string[] = [
      `Seeded ${bodies.length} referrals into ${caseIds.length} cases (referrals per case ${perCase.min}-${perCase.max}) through the API + worker in ${seedSeconds.toFixed(0)} s`,
    ];
    const figures: Record<string, number | string> = {
      referrals: bodies.length,
      cases: caseIds.length,
    };
    const targets: TargetCheck[] = [];
    for (const route of routes) {
      const run = (overallRate?: number) =>
        load({
          url: api.url,
          durationS,
          connections: overallRate ? 10 : 20,
          overallRate,
          headers,
          requests: route.requests as never,
        });
      if (!smoke)
        await load({
          url: api.url,
          durationS: 1,
          connections: 10,
          headers,
          requests: route.requests as never,
        });
      const saturation: LoadResult[] = [];
      for (let i = 0; i < runs; i++) saturation.push(await run());
      const max = spread(saturation.map((r) => r.rps));
      const rate = Math.max(5, Math.round(max.median / 2));
      const fixed: LoadResult[] = [];
      for (let i = 0; i < runs; i++) fixed.push(await run(rate));
      const p99 = spread(fixed.map((r) => r.p99));
      const errors = [...saturation, ...fixed].reduce((n, r) => n + r.non2xx + r.errors, 0);
      summary.push(
        `${route.name}: saturation ${formatSpread(max)} req/s (p99 ${spread(saturation.map((r) => r.p99)).median} ms)`,
        `${route.name}: at ${rate} req/s (half of max) p99 ${formatSpread(p99, 0, ' ms')}, p50 ${spread(fixed.map((r) => r.p50)).median} ms, errors ${errors}`,
        ...fixed.map((r, i) => `  run ${i + 1}: ${describeLoad(r)}`),
      );
      const key = route.name.replace(' ', '');
      Object.assign(figures, {
        [`${key}MaxRpsMedian`]: round(max.median, 1),
        [`${key}MaxRpsMin`]: round(max.min, 1),
        [`${key}MaxRpsMax`]: round(max.max, 1),
        [`${key}FixedRate`]: rate,
        [`${key}FixedP50Median`]: spread(fixed.map((r) => r.p50)).median,
        [`${key}FixedP99Median`]: p99.median,
        [`${key}FixedP99Min`]: p99.min,
        [`${key}FixedP99Max`]: p99.max,
        [`${key}Errors`]: errors,
      });
      targets.push({
        name: `${route.name} p99 at half of max`,
        target: '<= 25 ms',
        actual: `${p99.median} ms at ${rate} req/s`,
        met: p99.median <= 25 && errors === 0,
      });
    }
    return { name: 'reads', summary, figures, targets };
  } finally {
    await env.dispose();
  }
};
