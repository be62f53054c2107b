import { BenchEnvironment } from './lib/infra';
import { describeLoad, load, type LoadResult } from './lib/load';
import { formatSpread, round, spread } from './lib/stats';
import type { Bench, BenchReport } from './lib/types';

/**
 * 1. Framework overhead: the API's cheapest authenticated route, GET
 * /api/v1/auth/me (JWT check by Passport, session query in PostgreSQL, then
 * the user and organization loaded by TypeORM), against a bare Fastify server
 * doing the same work (HS256 check with node:crypto, the same session query
 * and user/organization select with plain pg). Every authenticated route of
 * the API runs that session query, so no cheaper authenticated route exists.
 */
export const run: Bench = async ({ smoke, runs }) => {
  const env = await BenchEnvironment.create('framework');
  try {
    const api = await env.startApi();
    const bare = await env.startBare();
    const { token } = await env.signedIn(api, 'member_reporter');
    const durationS = smoke ? 1 : 10;
    const connections = 20;
    const headers = { authorization: `Bearer ${token}` };
    const target = (url: string, path: string, overallRate?: number) =>
      load({
        url,
        durationS,
        connections: overallRate ? 10 : connections,
        overallRate,
        headers,
        requests: [{ method: 'GET', path }],
      });
    // Warm-up (JIT, pools) for both.
    const warmUp = smoke ? 1 : 3;
    await load({
      url: api.url,
      durationS: warmUp,
      connections,
      headers,
      requests: [{ method: 'GET', path: '/api/v1/auth/me' }],
    });
    await load({
      url: bare.url,
      durationS: warmUp,
      connections,
      headers,
      requests: [{ method: 'GET', path: '/me' }],
    });

    const apiRuns: LoadResult[] = [];
    const bareRuns: LoadResult[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate so drift in the machine's load hits both sides alike.
      apiRuns.push(await target(api.url, '/api/v1/auth/me'));
      bareRuns.push(await target(bare.url, '/me'));
    }
    const apiRps = spread(apiRuns.map((r) => r.rps));
    const bareRps = spread(bareRuns.map((r) => r.rps));
    const ratios = spread(apiRuns.map((r, i) => r.rps / bareRuns[i].rps));
    const ratio = apiRps.median / bareRps.median;

    // Latency at a fixed offered rate both can carry: half the API's maximum.
    const rate = Math.max(10, Math.round(apiRps.median / 2));
    const apiFixed = await target(api.url, '/api/v1/auth/me', rate);
    const bareFixed = await target(bare.url, '/me', rate);
    const errors = [...apiRuns, ...bareRuns, apiFixed, bareFixed].reduce(
      (n, r) => n + r.non2xx + r.errors,
      0,
    );

    const report: BenchReport = {
      name: 'framework',
      summary: [
        `GET /api/v1/auth/me (JWT + session query + user/org load) vs bare Fastify+pg doing the same; ${connections} connections, ${durationS} s per run`,
        `API saturation:  ${formatSpread(apiRps)} req/s`,
        `Bare saturation: ${formatSpread(bareRps)} req/s`,
        `Ratio API/bare:  ${ratio.toFixed(2)}x (per-run ratios ${formatSpread(ratios, 2)})`,
        `At ${rate} req/s fixed: API ${describeLoad(apiFixed)}`,
        `At ${rate} req/s fixed: bare ${describeLoad(bareFixed)}`,
        `Saturation p99 (median of runs): API ${spread(apiRuns.map((r) => r.p99)).median} ms, bare ${spread(bareRuns.map((r) => r.p99)).median} ms`,
        `Errors/non-2xx over all runs: ${errors}`,
      ],
      figures: {
        apiRpsMedian: round(apiRps.median, 1),
        apiRpsMin: round(apiRps.min, 1),
        apiRpsMax: round(apiRps.max, 1),
        bareRpsMedian: round(bareRps.median, 1),
        bareRpsMin: round(bareRps.min, 1),
        bareRpsMax: round(bareRps.max, 1),
        ratio: round(ratio, 3),
        fixedRate: rate,
        apiFixedP50: apiFixed.p50,
        apiFixedP99: apiFixed.p99,
        bareFixedP50: bareFixed.p50,
        bareFixedP99: bareFixed.p99,
        errors,
      },
      targets: [
        {
          name: 'framework throughput vs bare',
          target: '>= 0.70x',
          actual: `${ratio.toFixed(2)}x`,
          met: ratio >= 0.7,
        },
      ],
    };
    return report;
  } finally {
    await env.dispose();
  }
};
