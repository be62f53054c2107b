import type autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import { quantile } from './stats';

/** What one paced run gives back; the same shape as an autocannon run's figures. */
export interface PacedResult {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  total: number;
  durationS: number;
  statusCodes: Record<string, number>;
  latenciesMs: number[];
}

export interface PacedOptions {
  url: string;
  durationS: number;
  /** Requests per second over the run. */
  rate: number;
  /** Connections the client may open (its pool); a request waits for one when all are busy. */
  connections: number;
  headers?: Record<string, string>;
  /** One sequence of requests (e.g. create then submit), started as a whole at each arrival. */
  requests: autocannon.Request[];
  timeoutS: number;
}

/**
 * An open-loop load at a fixed rate: sequences arrive independently
 * (exponential gaps, i.e. a Poisson process) whether or not earlier ones
 * have been answered, as requests from many members do. autocannon's fixed
 * rate instead lets each connection send back to back until its quota for
 * the second is spent and then wait for the next second: at "half the
 * maximum" the server runs flat out for half of every second, and the
 * latencies measured are those of saturation. A sequence's first request is
 * timed from its scheduled arrival, so a slow answer that delays later
 * sends is counted, not hidden (no coordinated omission).
 */
export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(options.url);
  const result: PacedResult = {
    ok: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    total: 0,
    durationS: options.durationS,
    statusCodes: {},
    latenciesMs: [],
  };
  const send = (req: autocannon.Request): Promise<{ status: number; body: string } | null> =>
    new Promise((resolve) => {
      const body = typeof req.body === 'string' ? req.body : undefined;
      const headers: Record<string, string> = {
        ...options.headers,
        ...(req.headers as Record<string, string> | undefined),
      };
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const outgoing = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: req.method ?? 'GET',
          path: req.path ?? '/',
          headers,
          timeout: options.timeoutS * 1000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', () => resolve(null));
        },
      );
      outgoing.on('timeout', () => {
        result.timeouts++;
        outgoing.destroy(new Error('timeout'));
      });
      outgoing.on('error', () => resolve(null));
      outgoing.end(body);
    });

  const runSequence = async (scheduledAt: number): Promise<void> => {
    const context = {};
    let startedAt = scheduledAt;
    for (const template of options.requests) {
      const base: autocannon.Request = { ...template, headers: { ...template.headers } };
      const req =
        typeof template.setupRequest === 'function' ? template.setupRequest(base, context) : base;
      result.total++;
      const answer = await send(req);
      const now = performance.now();
      result.latenciesMs.push(now - startedAt);
      startedAt = now;
      if (!answer) {
        result.errors++;
        return;
      }
      result.statusCodes[answer.status] = (result.statusCodes[answer.status] ?? 0) + 1;
      if (answer.status >= 200 && answer.status < 300) result.ok++;
      else result.non2xx++;
      if (typeof template.onResponse === 'function') {
        template.onResponse(answer.status, answer.body, context, {});
      }
    }
  };

  const sequencesPerSecond = options.rate / options.requests.length;
  const start = performance.now();
  const end = start + options.durationS * 1000;
  const running = new Set<Promise<void>>();
  let next = start;
  while (next < end) {
    const wait = next - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const sequence = runSequence(next).finally(() => running.delete(sequence));
    running.add(sequence);
    next += (-Math.log(1 - Math.random()) / sequencesPerSecond) * 1000;
  }
  await Promise.all(running);
  agent.destroy();
  return result;
}

/** p50 / p90 / p99 / max of a paced run, in ms with one decimal. */
export function pacedPercentiles(latenciesMs: number[]): {
  p50: number;
  p90: number;
  p99: number;
  max: number;
} {
  const at = (q: number) => Math.round(quantile(latenciesMs, q) * 10) / 10;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}
