import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures (docs/webhooks.md). The signed text is
 * `<unix seconds>.<raw body>`, so a receiver that checks the signature and the
 * age of the timestamp rejects both forged and replayed deliveries. The `v1=`
 * prefix names the scheme, leaving room for another one during a migration.
 */

/** Scheme prefix of X-CRH-Signature. */
export const WEBHOOK_SIGNATURE_SCHEME = 'v1';

/** Deliveries older (or further in the future) than this are rejected by receivers. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<rawBody>")>`; timestamp in unix seconds. */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new Error('webhook timestamps are whole unix seconds');
  }
  return `${WEBHOOK_SIGNATURE_SCHEME}=${hmacHex(secret, timestamp, rawBody)}`;
}

/**
 * Whether a delivery is authentic and fresh: the timestamp header is whole unix
 * seconds within `toleranceSeconds` of `nowSeconds` (either side), and one of
 * the `v1=` signatures in the header (comma-separated, so a sender may sign
 * with two secrets while one is rotated) matches, compared in constant time.
 */
export function verifyWebhook(
  secret: string,
  header: string | null | undefined,
  timestampHeader: string | null | undefined,
  rawBody: string,
  nowSeconds: number,
  toleranceSeconds: number = WEBHOOK_TOLERANCE_SECONDS,
): boolean {
  if (typeof header !== 'string' || typeof timestampHeader !== 'string') return false;
  if (!/^\d{1,12}$/.test(timestampHeader.trim())) return false;
  const timestamp = Number(timestampHeader.trim());
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;

  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex');
  let matched = false;
  for (const part of header.split(',')) {
    const [scheme, value] = part.trim().split('=', 2);
    if (scheme !== WEBHOOK_SIGNATURE_SCHEME || !value || !/^[0-9a-f]{64}$/i.test(value)) continue;
    // Check every candidate (no early exit), each in constant time.
    if (timingSafeEqual(Buffer.from(value, 'hex'), expected)) matched = true;
  }
  return matched;
}
