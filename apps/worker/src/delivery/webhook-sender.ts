import { signWebhook, webhookUrlProblem, type WebhookUrlPolicy } from '@app/domain';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, type Resolver } from './guarded-lookup';
import type { WebhookContent } from './webhook-content';

export const WEBHOOK_USER_AGENT = 'CoalitionReferralHub-Webhook/1';
/** The most of a receiver's answer we read; the rest is dropped unread. */
export const WEBHOOK_RESPONSE_LIMIT_BYTES = 4096;

export interface WebhookDelivery {
  url: string;
  secret: string;
  dispatchId: string;
  content: WebhookContent;
}

export interface WebhookSendOptions extends WebhookUrlPolicy {
  timeoutMs: number;
  /** The clock, for tests; defaults to now. */
  now?: () => Date;
  /** Name resolution, for tests; defaults to the system resolver. */
  resolve?: Resolver;
}

export type WebhookOutcome =
  | { delivered: true; httpStatus: number; durationMs: number }
  | {
      delivered: false;
      httpStatus: number | null;
      /** Short and safe to store: no URL, secret, headers or response body. */
      error: string;
      durationMs: number;
      /** The URL itself is unacceptable: retrying cannot help until it is changed. */
      permanent: boolean;
    };

/** The exact bytes sent and signed, and the headers that go with them. */
export function buildWebhookRequest(
  delivery: WebhookDelivery,
  now: Date,
): { body: string; headers: Record<string, string> } {
  const { type, ...content } = delivery.content;
  const body = JSON.stringify({
    type,
    dispatchId: delivery.dispatchId,
    idempotencyKey: delivery.dispatchId,
    sentAt: now.toISOString(),
    ...content,
  });
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body, 'utf8')),
      'User-Agent': WEBHOOK_USER_AGENT,
      'X-CRH-Dispatch-Id': delivery.dispatchId,
      'X-CRH-Timestamp': String(timestamp),
      'X-CRH-Signature': signWebhook(delivery.secret, timestamp, body),
      'Idempotency-Key': delivery.dispatchId,
    },
  };
}

/** A transport error as a short phrase (Node's codes are stable; messages may carry hosts). */
function describeError(error: unknown, timeoutMs: number): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.name === 'ForbiddenAddressError') return `refused: ${e.message}`;
  switch (e?.code) {
    case 'EWEBHOOKTIMEOUT':
      return `no answer within ${timeoutMs} ms`;
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset by the receiver';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'receiver unreachable';
    case undefined:
      return 'request failed';
    default:
      return /CERT|SSL|TLS/i.test(e.code) ? `TLS error (${e.code})` : `request failed (${e.code})`;
  }
}

/**
 * POST one dispatch to an agency's receiver. Never follows a redirect (a 3xx
 * is a failure: the receiver must be configured with its final URL), bounds
 * the whole exchange by `timeoutMs`, reads at most 4 KiB of the answer and
 * keeps none of it, and connects only to public addresses unless
 * `allowPrivateNetworks`. Resolves with the outcome; never rejects.
 */
export async function sendWebhook(
  delivery: WebhookDelivery,
  options: WebhookSendOptions,
): Promise<WebhookOutcome> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  // The URL was checked on entry; check again under today's policy before calling it.
  const problem = webhookUrlProblem(delivery.url, options);
  if (problem !== null) {
    return {
      delivered: false,
      httpStatus: null,
      error: `refused: ${problem}`,
      durationMs: elapsed(),
      permanent: true,
    };
  }
  const url = new URL(delivery.url);
  const { body, headers } = buildWebhookRequest(delivery, (options.now ?? (() => new Date()))());
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

  return new Promise<WebhookOutcome>((resolve) => {
    let settled = false;
    let req: ClientRequest | undefined;
    const finish = (outcome: WebhookOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const fail = (error: unknown) =>
      finish({
        delivered: false,
        httpStatus: null,
        error: describeError(error, options.timeoutMs),
        durationMs: elapsed(),
        permanent: false,
      });
    // One deadline for everything: resolving, connecting, sending and the answer.
    const timer = setTimeout(() => {
      const timeout: NodeJS.ErrnoException = new Error('webhook timed out');
      timeout.code = 'EWEBHOOKTIMEOUT';
      fail(timeout);
      req?.destroy();
    }, options.timeoutMs);

    const onResponse = (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      let received = 0;
      const done = () => {
        const outcome: WebhookOutcome =
          status >= 200 && status < 300
            ? { delivered: true, httpStatus: status, durationMs: elapsed() }
            : {
                delivered: false,
                httpStatus: status,
                error:
                  status >= 300 && status < 400
                    ? `HTTP ${status}: redirect not followed`
                    : `HTTP ${status}`,
                durationMs: elapsed(),
                permanent: false,
              };
        finish(outcome);
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        // Enough: the status decides, and nothing of the body is kept.
        if (received >= WEBHOOK_RESPONSE_LIMIT_BYTES) done();
      });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    };

    try {
      req = send(
        url,
        {
          method: 'POST',
          headers,
          agent: false,
          lookup: guardedLookup(options.allowPrivateNetworks, options.resolve),
        },
        onResponse,
      );
    } catch (error) {
      fail(error);
      return;
    }
    req.on('error', fail);
    req.end(body);
  });
}
