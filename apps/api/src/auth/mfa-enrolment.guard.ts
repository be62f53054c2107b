import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { Forbidden, markAudited, requestMetaOf } from '@app/common';
import { UnitOfWork } from '@app/persistence';
import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

const ALLOWED_KEY = 'crh:allowed-during-mfa-enrolment';

/**
 * The route stays open to a session whose role must use a second factor but
 * has not enrolled one yet (profile, sign-out, enrolment, confirmation).
 */
export const AllowedDuringMfaEnrolment = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOWED_KEY, true);

/**
 * Global, the last guard (after authentication, the route's permission and
 * the rate limits: global guards run in the order their modules are
 * imported, and AuthFeatureModule comes after AuthModule and
 * RateLimitsModule), so before any pipe or handler: a session marked
 * mfaEnrolmentPending by the SessionValidator is refused with 403
 * `mfa_enrolment_required` on every route not marked
 * @AllowedDuringMfaEnrolment(). The refusal is audited.
 *
 * A guard rather than an interceptor: with no global interceptor, Nest runs a
 * handler without wrapping every request in an RxJS pipeline.
 */
@Injectable()
export class MfaEnrolmentGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
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
    return true;
  }
}
