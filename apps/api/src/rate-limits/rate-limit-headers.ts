/**
 * The RateLimit-Policy and RateLimit response fields of the IETF httpapi
 * draft "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers):
 * both are Structured Field Lists (RFC 9651) of items named by a String.
 *
 *   RateLimit-Policy: "requests";q=600;w=60, "filing";q=120;w=60
 *   RateLimit: "requests";r=598;t=42, "filing";r=119;t=42
 *
 * No partition key (`pk`) is sent: it would carry a user, key or address
 * identifier, and each caller only ever sees its own counters anyway.
 */

export const RATE_LIMIT_POLICY_HEADER = 'RateLimit-Policy';
export const RATE_LIMIT_HEADER = 'RateLimit';

/** One policy that counted a request, and where that request left its counter. */
export interface PolicyState {
  name: string;
  /** Requests a window allows (`q`). */
  quota: number;
  windowSeconds: number;
  /** Requests left in the current window (`r`), never negative. */
  remaining: number;
  /** Milliseconds until the current window ends. */
  msBeforeReset: number;
}

/** An SF String (RFC 9651 section 3.3.3): printable ASCII, `"` and `\` escaped. */
export function sfString(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) {
    throw new Error(`A rate-limit policy name must be printable ASCII: ${JSON.stringify(value)}`);
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** An SF Integer: whole, non-negative here, at most 15 digits. */
function sfInteger(value: number): string {
  const n = Math.max(0, Math.floor(value));
  if (!Number.isSafeInteger(n) || n > 999_999_999_999_999) {
    throw new Error(`Not a structured-field integer: ${value}`);
  }
  return String(n);
}

/** `"name";q=<quota>;w=<window seconds>` per policy, comma-separated. */
export function formatRateLimitPolicy(states: readonly PolicyState[]): string {
  return states
    .map((s) => `${sfString(s.name)};q=${sfInteger(s.quota)};w=${sfInteger(s.windowSeconds)}`)
    .join(', ');
}

/**
 * `"name";r=<remaining>;t=<seconds until the window ends>` per policy, in the
 * order of RateLimit-Policy. `t` is rounded up: a client that waits that long
 * finds the window over.
 */
export function formatRateLimit(states: readonly PolicyState[]): string {
  return states
    .map(
      (s) =>
        `${sfString(s.name)};r=${sfInteger(s.remaining)};t=${sfInteger(Math.ceil(s.msBeforeReset / 1000))}`,
    )
    .join(', ');
}

/** Both fields for a response, or none when no policy counted the request. */
export function rateLimitHeaders(states: readonly PolicyState[]): Record<string, string> {
  if (states.length === 0) return {};
  return {
    [RATE_LIMIT_POLICY_HEADER]: formatRateLimitPolicy(states),
    [RATE_LIMIT_HEADER]: formatRateLimit(states),
  };
}
