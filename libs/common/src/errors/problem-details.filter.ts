import { ArgumentsHost, Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './problem-mapper';

/** Every error leaving a controller becomes application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendProblem(exception, req, reply, this.logger);
  }
}

export function sendProblem(
  exception: unknown,
  req: FastifyRequest,
  reply: FastifyReply,
  logger: Pick<Logger, 'error'>,
): void {
  const { body, headers } = toProblem(exception, { url: req.url, requestId: String(req.id) });
  if (body.status >= 500) {
    logger.error(
      { err: exception, requestId: req.id, url: body.instance },
      'Request failed with an unexpected error',
    );
  }
  if (reply.sent) return;
  void reply.status(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(body);
}
