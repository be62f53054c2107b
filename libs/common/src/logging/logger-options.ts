import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptRequestId, loggablePath } from '../http/request-meta';

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password',
  'newPassword',
  'currentPassword',
  'refreshToken',
  'accessToken',
  'otp',
  'secret',
  'token',
  'nationalId',
  'taxId',
  'webhookSecret',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.otp',
  '*.secret',
  '*.token',
  '*.nationalId',
  '*.taxId',
  '*.webhookSecret',
];

/** What the authentication guard leaves on the raw request for the request log. */
export interface LoggedIdentity {
  userId: string;
  organizationId: string;
}
export type RequestWithIdentity = IncomingMessage & { identity?: LoggedIdentity; id?: unknown };

/** pino's level numbers. */
const LEVEL_VALUES: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

/**
 * `level`, or `silent` when the logger would drop a line of that level: pino-http
 * builds the line (a child logger with the caller's identity, the request and
 * response serialised) before pino checks the level, so a request that will
 * not be logged skips that work. The lines that are written do not change.
 */
function unlessBelow(
  threshold: string,
): (level: 'info' | 'warn' | 'error') => 'info' | 'warn' | 'error' | 'silent' {
  // An unknown threshold (config refuses one at boot) filters nothing, as before.
  const floor = LEVEL_VALUES[threshold] ?? 0;
  return (level) => (LEVEL_VALUES[level] >= floor ? level : 'silent');
}

export function buildLoggerParams(opts: { level: string; service: string }): Params {
  const logged = unlessBelow(opts.level);
  return {
    // Nest 11's path syntax for "every route".
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: opts.level,
      base: { service: opts.service },
      messageKey: 'msg',
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // The request id is Fastify's (see api-app.ts); middie copies it onto the raw request.
      genReqId: (req: IncomingMessage) => {
        const id = (req as RequestWithIdentity).id;
        return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
      },
      customProps: (req: IncomingMessage) => {
        const identity = (req as RequestWithIdentity).identity;
        const clientRequestId = acceptRequestId(req.headers['x-request-id']);
        return {
          ...(identity ? { organizationId: identity.organizationId, userId: identity.userId } : {}),
          ...(clientRequestId ? { clientRequestId } : {}),
        };
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) => {
        if (err || res.statusCode >= 500) return logged('error');
        if (res.statusCode >= 400) return logged('warn');
        return logged('info');
      },
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: loggablePath(req.url),
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
