import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { pacedLoad, pacedPercentiles } from './paced-load';
import { benchReferralBody } from './referral-body';

export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  /** Requests sent per second (offered load actually achieved). */
  sentPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  statusCodes: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  durationS: number;
  connections: number;
  /** Fixed offered rate, requests per second over all connections (omit for saturation). */
  overallRate?: number;
  headers?: Record<string, string>;
  requests: autocannon.Request[];
  timeoutS?: number;
}

/**
 * One autocannon run. Without a rate it is a closed loop (each connection
 * sends its next request when the last is answered): the maximum. With a rate
 * it is autocannon's fixed rate, which lets each connection send back to back
 * until its quota for the second is spent; BENCH_RATE_MODE=paced replaces it
 * with an open-loop load of independent arrivals (paced-load.ts), to tell a
 * tail caused by those bursts from one the server makes. Latency percentiles
 * are in milliseconds over every response of the run, success or not.
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  if (options.overallRate && process.env.BENCH_RATE_MODE === 'paced') {
    const paced = await pacedLoad({
      url: options.url,
      durationS: options.durationS,
      rate: options.overallRate,
      connections: options.connections,
      headers: options.headers,
      requests: options.requests,
      timeoutS: options.timeoutS ?? 10,
    });
    return {
      rps: paced.ok / paced.durationS,
      sentPerSecond: paced.total / paced.durationS,
      ...pacedPercentiles(paced.latenciesMs),
      total: paced.total,
      ok: paced.ok,
      non2xx: paced.non2xx,
      errors: paced.errors,
      timeouts: paced.timeouts,
      durationS: paced.durationS,
      statusCodes: paced.statusCodes,
    };
  }
  const result = await autocannon({
    url: options.url,
    duration: options.durationS,
    connections: options.connections,
    overallRate: options.overallRate,
    headers: options.headers,
    requests: options.requests,
    timeout: options.timeoutS ?? 10,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = stat.count ?? 0;
  }
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    sentPerSecond: result.requests.sent / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    total: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    statusCodes,
  };
}

export function describeLoad(r: LoadResult): string {
  const bad =
    r.non2xx + r.errors > 0
      ? `; non-2xx ${r.non2xx} ${JSON.stringify(r.statusCodes)}, errors ${r.errors}`
      : '';
  return `${r.rps.toFixed(1)} ok/s (sent ${r.sentPerSecond.toFixed(1)}/s), p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, max ${r.max} ms${bad}`;
}

/**
 * The filing sequence for one connection: create a draft (fresh merchant and
 * Idempotency-Key each time) then submit it. Two requests per filing.
 * `paths` lets the same sequence drive the API and the baseline.
 */
export function filingRequests(
  token: string,
  paths: { create: string; submit: (id: string) => string },
  onSubmitted?: (id: string, at: number) => void,
): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: paths.create,
      setupRequest: (req, context) => {
        (context as { id?: string }).id = undefined;
        return {
          ...req,
          headers: {
            ...req.headers,
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify(benchReferralBody()),
        };
      },
      onResponse: (status, body, context) => {
        if (status === 201)
          (context as { id?: string }).id = (JSON.parse(body) as { id: string }).id;
      },
    },
    {
      method: 'POST',
      path: paths.create,
      setupRequest: (req, context) => {
        const id = (context as { id?: string }).id ?? '00000000-0000-4000-8000-000000000000';
        return {
          ...req,
          path: paths.submit(id),
          headers: {
            ...req.headers,
            authorization: `Bearer ${token}`,
            'idempotency-key': randomUUID(),
          },
          body: undefined,
        };
      },
      onResponse: (status, _body, context) => {
        const id = (context as { id?: string }).id;
        if (status === 200 && id && onSubmitted) onSubmitted(id, Date.now());
      },
    },
  ];
}

export const API_FILING_PATHS = {
  create: '/api/v1/referrals',
  submit: (id: string) => `/api/v1/referrals/${id}/submit`,
};
