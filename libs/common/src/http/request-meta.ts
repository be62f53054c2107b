import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { findCardNumbers } from '@app/domain';
import type { FastifyRequest } from 'fastify';

/** A header value the audit trail may keep: never one holding a card number (the request is refused anyway). */
function storable(value: string): boolean {
  return findCardNumbers(value).length === 0;
}

/** The path of a URL, percent-decoded where it decodes (a malformed escape is kept as sent). */
export function decodedPath(url: string): string {
  const path = url.split('?')[0];
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** A URL's path as a log line or problem may show it: not at all when it holds a card number. */
export function loggablePath(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  return findCardNumbers(decodedPath(url)).length > 0
    ? '[a path holding a card number]'
    : url.split('?')[0];
}

/** Where a request came from; carried into audit events. */
export interface RequestMeta {
  /** The server's own id (see api-app.ts genReqId). */
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** The caller's X-Request-Id, when well-formed: theirs, recorded apart from ours. */
  clientRequestId: string | null;
}

export function requestMetaOf(req: FastifyRequest): RequestMeta {
  const ua = req.headers['user-agent'];
  return {
    requestId: String(req.id),
    ip: req.ip ?? null,
    userAgent: typeof ua === 'string' && storable(ua) ? ua.slice(0, 256) : null,
    clientRequestId: acceptRequestId(req.headers['x-request-id']) ?? null,
  };
}

export const ReqMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta =>
  requestMetaOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);

/**
 * A caller's X-Request-Id when it is short and plain (otherwise none). It is
 * only ever recorded as the client's: the request's own id is always the
 * server's, so a caller cannot choose what the audit trail and the logs call
 * its request, nor make two requests share an id.
 */
export function acceptRequestId(header: unknown): string | undefined {
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{8,64}$/.test(header) && storable(header)
    ? header
    : undefined;
}
