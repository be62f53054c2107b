import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { Forbidden, markAudited, requestMetaOf } from '@app/common';
import { UnitOfWork } from '@app/persistence';
import {
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

const ALLOWED_KEY = 'crh:allowed-during-mfa-enrolment';

/**
 * The route stays open to a session whose role must use a second factor but
 * has not enrolled one yet (profile, sign-out, enrolment, confirmation).
 */
export const AllowedDuringMfaEnrolment = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOWED_KEY, true);

/**
 * Global, after the guards (so the caller is known and holds the route's
 * permission) and before any pipe or handler: a session marked
 * mfaEnrolmentPending by the SessionValidator is refused with 403
 * `mfa_enrolment_required` on every route not marked
 * @AllowedDuringMfaEnrolment(). The refusal is audited.
 */
@Injectable()
export class MfaEnrolmentInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const user = req.user;
    if (
      user?.mfaEnrolmentPending === true &&
      this.reflector.getAllAndOverride<boolean>(ALLOWED_KEY, [ctx.getHandler(), ctx.getClass()]) !==
        true
    ) {
      await this.uow.run((m) =>
        this.audit.record(m, {
          actor: actorOf(user),
          origin: requestMetaOf(req),
          action: 'auth.mfa_enrolment_required',
          outcome: 'denied',
          targetType: 'session',
          targetId: user.sessionId,
          details: { route: `${req.method} ${req.routeOptions.url ?? ''}` },
        }),
      );
      throw markAudited(
        new Forbidden(
          'Your role must use a second factor. Enrol one (POST /api/v1/auth/mfa/enrol, then ' +
            '/auth/mfa/confirm) before using the rest of the API.',
          'mfa_enrolment_required',
        ),
      );
    }
    return next.handle();
  }
}
