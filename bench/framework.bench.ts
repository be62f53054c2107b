import { BenchEnvironment, type ServiceProcess } from './lib/infra';
import { describeLoad, load, type LoadResult } from './lib/load';
import { formatSpread, round, spread, type Spread } from './lib/stats';
import type { Bench, BenchReport } from './lib/types';

/**
 * 1. Framework overhead, on two routes, each against a bare Fastify server
 * doing the same work without the framework:
 *
 * - the API's cheapest authenticated route, GET /api/v1/auth/me (JWT check,
 *   session query in PostgreSQL, then the user and organization), against the
 *   bare GET /me (HS256 check with node:crypto, the same session query and
 *   user/organization select with plain pg). Every authenticated route of the
 *   API runs that session query, so no cheaper authenticated route exists;
 * - its cheapest public route, GET /api/v1/health (ping PostgreSQL and Redis),
 *   against the bare GET /health/ping (the same two pings with plain pg and
 *   ioredis). The API has no route that answers without touching either.
 */

interface Pair {
  label: string;
  apiPath: string;
  barePath: string;
  headers: Record<string, string>;
  target: number;
}

interface PairResult {
  apiRuns: LoadResult[];
  bareRuns: LoadResult[];
  apiRps: Spread;
  bareRps: Spread;
  ratios: Spread;
  ratio: number;
  rate: number;
  apiFixed: LoadResult;
  bareFixed: LoadResult;
}

export const run: Bench = async ({ smoke, runs }) => {
  const env = await BenchEnvironment.create('framework');
  try {
    const api = await env.startApi();
    const bare = await env.startBare();
    const { token } = await env.signedIn(api, 'member_reporter');
    const durationS = smoke ? 1 : 10;
    const connections = 20;
    const warmUpS = smoke ? 1 : 3;
    const pairs: Pair[] = [
      {
        label: 'GET /api/v1/auth/me (JWT + session query + user/org load)',
        apiPath: '/api/v1/auth/me',
        barePath: '/me',
        headers: { authorization: `Bearer ${token}` },
        target: 0.7,
      },
      {
        label: 'GET /api/v1/health (public; PostgreSQL and Redis pings)',
        apiPath: '/api/v1/health',
        barePath: '/health/ping',
        headers: {},
        target: 0.8,
      },
    ];
    const measure = async (pair: Pair): Promise<PairResult> => {
      const target = (
        server: ServiceProcess,
        path: string,
        durationSeconds: number,
        rate?: number,
      ) =>
        load({
          url: server.url,
          durationS: durationSeconds,
          connections: rate ? 10 : connections,
          overallRate: rate,
          headers: pair.headers,
          requests: [{ method: 'GET', path }],
        });
      // Warm-up (JIT, pools) for both.
      await target(api, pair.apiPath, warmUpS);
      await target(bare, pair.barePath, warmUpS);
      const apiRuns: LoadResult[] = [];
      const bareRuns: LoadResult[] = [];
      for (let i = 0; i < runs; i++) {
        // Alternate so drift in the machine's load hits both sides alike.
        apiRuns.push(await target(api, pair.apiPath, durationS));
        bareRuns.push(await target(bare, pair.barePath, durationS));
      }
      const apiRps = spread(apiRuns.map((r) => r.rps));
      const bareRps = spread(bareRuns.map((r) => r.rps));
      // Latency at a fixed offered rate both can carry: half the API's maximum.
      const rate = Math.max(10, Math.round(apiRps.median / 2));
      return {
        apiRuns,
        bareRuns,
        apiRps,
        bareRps,
        ratios: spread(apiRuns.map((r, i) => r.rps / bareRuns[i].rps)),
        ratio: apiRps.median / bareRps.median,
        rate,
        apiFixed: await target(api, pair.apiPath, durationS, rate),
        bareFixed: await target(bare, pair.barePath, durationS, rate),
      };
    };

    const me = await measure(pairs[0]);
    const health = await measure(pairs[1]);
    const results: [Pair, PairResult][] = [
      [pairs[0], me],
      [pairs[1], health],
    ];
    const errors = results
      .flatMap(([, r]) => [...r.apiRuns, ...r.bareRuns, r.apiFixed, r.bareFixed])
      .reduce((n, r) => n + r.non2xx + r.errors, 0);
    const describe = (pair: Pair, r: PairResult): string[] => [
      `${pair.label} vs bare Fastify+pg doing the same; ${connections} connections, ${durationS} s per run`,
      `  API saturation:  ${formatSpread(r.apiRps)} req/s`,
      `  Bare saturation: ${formatSpread(r.bareRps)} req/s`,
      `  Ratio API/bare:  ${r.ratio.toFixed(2)}x (per-run ratios ${formatSpread(r.ratios, 2)})`,
      `  At ${r.rate} req/s fixed: API ${describeLoad(r.apiFixed)}`,
      `  At ${r.rate} req/s fixed: bare ${describeLoad(r.bareFixed)}`,
      `  Saturation p99 (median of runs): API ${spread(r.apiRuns.map((x) => x.p99)).median} ms, bare ${spread(r.bareRuns.map((x) => x.p99)).median} ms`,
    ];
    // The /auth/me keys keep their names from earlier result files.
    const figures = (api: string, bareName: string, r: PairResult): Record<string, number> => ({
      [`${api}RpsMedian`]: round(r.apiRps.median, 1),
      [`${api}RpsMin`]: round(r.apiRps.min, 1),
      [`${api}RpsMax`]: round(r.apiRps.max, 1),
      [`${bareName}RpsMedian`]: round(r.bareRps.median, 1),
      [`${bareName}RpsMin`]: round(r.bareRps.min, 1),
      [`${bareName}RpsMax`]: round(r.bareRps.max, 1),
    });

    const report: BenchReport = {
      name: 'framework',
      summary: [
        ...describe(pairs[0], me),
        ...describe(pairs[1], health),
        `Errors/non-2xx over all runs: ${errors}`,
      ],
      figures: {
        ...figures('api', 'bare', me),
        ratio: round(me.ratio, 3),
        fixedRate: me.rate,
        apiFixedP50: me.apiFixed.p50,
        apiFixedP99: me.apiFixed.p99,
        bareFixedP50: me.bareFixed.p50,
        bareFixedP99: me.bareFixed.p99,
        ...figures('publicApi', 'publicBare', health),
        publicRatio: round(health.ratio, 3),
        publicFixedRate: health.rate,
        publicApiFixedP50: health.apiFixed.p50,
        publicApiFixedP99: health.apiFixed.p99,
        publicBareFixedP50: health.bareFixed.p50,
        publicBareFixedP99: health.bareFixed.p99,
        errors,
      },
      targets: results.map(([pair, r], i) => ({
        name: i === 0 ? 'framework throughput vs bare' : 'public route throughput vs bare',
        target: `>= ${pair.target.toFixed(2)}x`,
        actual: `${r.ratio.toFixed(2)}x`,
        met: r.ratio >= pair.target,
      })),
    };
    return report;
  } finally {
    await env.dispose();
  }
};
