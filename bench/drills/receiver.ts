import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** One webhook request as the receiving agency saw it, and what it answered. */
export interface ReceivedRequest {
  dispatchId: string;
  /**
   * The attempt's identity: the dispatch and the attempt's `sentAt` (each
   * attempt is signed anew with its own time; a replayed request repeats it).
   */
  attemptId: string;
  receivedAt: number;
  status: number;
  /** Answered 2xx: the agency accepted this attempt. */
  accepted: boolean;
  /** First acceptance of this idempotency key (later ones are duplicates it ignored). */
  first: boolean;
  signatureValid: boolean;
}

export interface ReceiverOptions {
  secret: string;
  /** Answer 503 to the first attempt of roughly this share of dispatches (retries are exercised). */
  refuseFirstShare: number;
  /** Time taken before answering (a receiver storing the package). */
  answerAfterMs: number;
}

const TOLERANCE_SECONDS = 300;

/**
 * An agency's webhook endpoint on loopback, as docs/webhooks.md tells agencies
 * to build it: raw body, timestamp window, constant-time HMAC, idempotency key.
 * It records every request, so the checker can hold the hub's records against
 * what the agency actually accepted.
 */
export class WebhookReceiver {
  private server?: Server;
  port = 0;
  readonly requests: ReceivedRequest[] = [];
  private readonly stored = new Set<string>();
  private readonly refusedOnce = new Set<string>();

  constructor(private readonly o: ReceiverOptions) {}

  /** The shared secret the agency was registered with. */
  get secret(): string {
    return this.o.secret;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/crh-webhook`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const header = (name: string) => {
          const v = req.headers[name];
          return Array.isArray(v) ? v[0] : v;
        };
        const dispatchId = header('x-crh-dispatch-id') ?? '';
        const valid = this.verify(header('x-crh-signature'), header('x-crh-timestamp'), raw);
        let body: { dispatchId?: string; idempotencyKey?: string; sentAt?: string } = {};
        try {
          body = valid ? (JSON.parse(raw.toString('utf8')) as typeof body) : {};
        } catch {
          body = {};
        }
        const key = body.idempotencyKey ?? '';
        const record: ReceivedRequest = {
          dispatchId,
          attemptId: `${dispatchId}@${body.sentAt ?? header('x-crh-timestamp') ?? '?'}`,
          receivedAt: Date.now(),
          status: 0,
          accepted: false,
          first: false,
          signatureValid: valid,
        };
        const answer = (status: number) => {
          record.status = status;
          record.accepted = status >= 200 && status < 300;
          this.requests.push(record);
          setTimeout(() => res.writeHead(status).end(), this.o.answerAfterMs);
        };
        if (!valid) return answer(401);
        if (body.dispatchId !== dispatchId || key !== dispatchId) return answer(400);
        if (!this.refusedOnce.has(key) && this.refusesFirst(key)) {
          this.refusedOnce.add(key);
          return answer(503);
        }
        record.first = !this.stored.has(key);
        this.stored.add(key);
        answer(204);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  /** A stable choice per dispatch (the same run after run for the same id). */
  private refusesFirst(key: string): boolean {
    const h = createHash('sha256').update(key).digest();
    return h[0] / 256 < this.o.refuseFirstShare;
  }

  private verify(signature?: string, timestamp?: string, raw?: Buffer): boolean {
    if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp) || !raw) return false;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
    const expected = createHmac('sha256', this.o.secret)
      .update(`${timestamp}.`)
      .update(raw)
      .digest();
    return signature.split(',').some((part) => {
      const [scheme, hex] = part.trim().split('=');
      return (
        scheme === 'v1' &&
        /^[0-9a-f]{64}$/i.test(hex ?? '') &&
        timingSafeEqual(Buffer.from(hex, 'hex'), expected)
      );
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
