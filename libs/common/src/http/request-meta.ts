import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

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
    userAgent: typeof ua === 'string' ? ua.slice(0, 256) : null,
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
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{8,64}$/.test(header) ? header : undefined;
}
