import type { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './problem-mapper';

/** Answer an error as application/problem+json, logging the cause of a 5xx. */
export function sendProblem(
  exception: unknown,
  req: FastifyRequest,
  reply: FastifyReply,
  logger: Pick<Logger, 'error'>,
): void {
  const { body, headers } = toProblem(exception, { url: req.url, requestId: String(req.id) });
  if (body.status >= 500) {
    logger.error(
      { err: errorForLog(exception), requestId: req.id, url: body.instance },
      'Request failed with an unexpected error',
    );
  }
  if (reply.sent) return;
  void reply.status(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(body);
}

/**
 * What of an error goes to the log: its kind, message, code and stack, but not
 * the query parameters or driver detail a database error carries (they can hold
 * personal data or secrets).
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { code?: unknown; driverError?: { code?: unknown } };
  return {
    type: e.name,
    message: e.message,
    code: e.driverError?.code ?? e.code,
    stack: e.stack,
  };
}
