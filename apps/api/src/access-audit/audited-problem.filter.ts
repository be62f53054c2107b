import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { ProblemException, errorForLog, requestMetaOf, sendProblem } from '@app/common';
import type { UnitOfWork } from '@app/persistence';
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Every error leaving a controller becomes application/problem+json, and every
 * authorization refusal is recorded on its way out: a 403 (the role may not do
 * this) and a 404 for a record that exists but is out of the caller's reach
 * (the answer is the same as for a missing record; the trail is not). Refusals
 * a service already recorded under its own action are not recorded twice.
 *
 * A 403 is recorded before it is answered. The "not yours" 404 is answered
 * first and recorded after: a missing record writes nothing, so waiting for the
 * insert would make "exists but not yours" measurably slower than "does not
 * exist" and leak what the 404 hides. A failure to record is logged, not
 * turned into an error for the caller.
 */
@Catch()
export class AuditedProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof ProblemException && exception.deniedTarget) {
      sendProblem(exception, req, reply, this.logger);
      void this.recordRefusal(exception, req);
      return;
    }
    void this.recordRefusal(exception, req).finally(() =>
      sendProblem(exception, req, reply, this.logger),
    );
  }

  private async recordRefusal(exception: unknown, req: FastifyRequest): Promise<void> {
    if (!(exception instanceof HttpException)) return;
    const problem = exception instanceof ProblemException ? exception : undefined;
    if (problem?.auditRecorded) return;
    const status = exception.getStatus();
    const target = problem?.deniedTarget;
    if (status !== 403 && !(status === 404 && target)) return;
    const user = (req as FastifyRequest & { user?: AuthUser }).user;
    const route = `${req.method} ${req.routeOptions?.url ?? req.url.split('?')[0]}`;
    try {
      await this.uow.run((tx) =>
        this.audit.record(tx, {
          actor: user ? actorOf(user) : null,
          origin: requestMetaOf(req),
          action: 'access.denied',
          outcome: 'denied',
          targetType: target?.type ?? 'route',
          targetId: target?.id ?? route,
          details: { status, code: problem?.code ?? null, route },
        }),
      );
    } catch (error) {
      this.logger.error(
        { err: errorForLog(error), requestId: req.id },
        'Could not record a refusal',
      );
    }
  }
}
