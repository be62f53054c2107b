import { Agent, request } from 'node:http';

/** How one HTTP call ended, from the client's side. */
export type Outcome =
  | { kind: 'response'; status: number; retryAfter?: string; body: unknown }
  | { kind: 'timeout' }
  | { kind: 'reset'; code: string }
  | { kind: 'refused' };

export interface CallRecord {
  method: string;
  path: string;
  startedAt: number;
  endedAt: number;
  outcome: Outcome;
}

/**
 * A small HTTP client with a hard timeout, keep-alive connections, and every
 * call recorded, so a hang is told apart from an error and from a dropped
 * connection.
 */
export class DrillClient {
  readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  readonly calls: CallRecord[] = [];
  /** Turn off to keep only the counts (long runs). */
  record = true;

  constructor(
    readonly port: number,
    readonly timeoutMs: number,
  ) {}

  call(method: string, path: string, token?: string, body?: unknown): Promise<Outcome> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const startedAt = Date.now();
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        if (this.record) {
          this.calls.push({ method, path, startedAt, endedAt: Date.now(), outcome });
        }
        resolve(outcome);
      };
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path: `/api/v1${path}`,
          agent: this.agent,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': payload.length }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e: NodeJS.ErrnoException) =>
            finish({ kind: 'reset', code: e.code ?? e.message }),
          );
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text
            }
            const ra = res.headers['retry-after'];
            finish({
              kind: 'response',
              status: res.statusCode ?? 0,
              retryAfter: Array.isArray(ra) ? ra[0] : ra,
              body: parsed,
            });
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => {
        finish({ kind: 'timeout' });
        req.destroy();
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ECONNREFUSED') finish({ kind: 'refused' });
        else finish({ kind: 'reset', code: e.code ?? e.message });
      });
      if (payload) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export function ok(o: Outcome): o is Extract<Outcome, { kind: 'response' }> {
  return o.kind === 'response' && o.status >= 200 && o.status < 300;
}

export function bodyOf<T>(o: Outcome): T | undefined {
  return o.kind === 'response' ? (o.body as T) : undefined;
}

export function describe(o: Outcome): string {
  switch (o.kind) {
    case 'response':
      return String(o.status);
    case 'timeout':
      return 'timeout';
    case 'refused':
      return 'refused';
    case 'reset':
      return `reset:${o.code}`;
  }
}
