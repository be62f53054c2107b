import { createHash, timingSafeEqual } from 'node:crypto';
import { RecordNotFound, Unauthenticated } from '../errors/http-errors';
import { toProblem, type ProblemResponse } from '../errors/problem-mapper';

/** Where every process serves its Prometheus figures. */
export const METRICS_PATH = '/metrics';

/** Whether the Authorization header carries `Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  // Digests first: equal lengths for timingSafeEqual, and the token's length does not leak.
  const given = createHash('sha256').update(match[1]).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected);
}

/**
 * The guard of GET /metrics, the same in every process. Scrapers cannot sign
 * in, so it takes METRICS_TOKEN as a bearer token, never a session. Without a
 * token configured the endpoint does not exist (404, as for any unknown path);
 * with one, a request not bearing it is refused (401). `undefined`: serve.
 */
export function refuseMetrics(
  header: string | undefined,
  token: string | undefined,
  request: { url?: string; requestId?: string },
): ProblemResponse | undefined {
  if (!token) return toProblem(new RecordNotFound('page'), request);
  if (bearerMatches(header, token)) return undefined;
  const { body, headers } = toProblem(
    new Unauthenticated('A valid metrics token is required.'),
    request,
  );
  return { body, headers: { ...headers, 'www-authenticate': 'Bearer realm="metrics"' } };
}
