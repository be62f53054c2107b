import { Forbidden, Unauthenticated, type RequestWithIdentity } from '@app/common';
import { hasPermission, type Permission } from '@app/domain';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from './auth-user';
import { IS_PUBLIC_KEY, PERMISSION_KEY } from './decorators';

function isPublic(reflector: Reflector, ctx: ExecutionContext): boolean {
  return (
    reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [ctx.getHandler(), ctx.getClass()]) === true
  );
}

/** Global: every route needs a valid access token unless it is marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(ctx: ExecutionContext) {
    if (isPublic(this.reflector, ctx)) return true;
    return super.canActivate(ctx);
  }

  override handleRequest<TUser = AuthUser>(
    err: unknown,
    user: TUser | false,
    _info: unknown,
    ctx: ExecutionContext,
  ): TUser {
    // An exception from the session lookup (database down) is not a credential
    // problem: let it surface as the server error it is.
    // (Not `instanceof Error`: errors from other realms, e.g. a driver's, must pass through intact.)
    if (err)
      throw typeof err === 'object'
        ? (err as Error)
        : new Error('Authentication failed unexpectedly');
    if (!user) throw new Unauthenticated('A valid access token is required.', 'unauthenticated');
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const authUser = user as unknown as AuthUser;
    // For the request log line (pino-http reads the raw request).
    (req.raw as RequestWithIdentity).identity = {
      userId: authUser.id,
      organizationId: authUser.organizationId,
    };
    return user;
  }
}

/**
 * Global, after authentication: the caller's role must hold the route's
 * permission. A route that names no permission and is not public is refused,
 * so forgetting the decorator denies rather than exposes.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (isPublic(this.reflector, ctx)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!permission || !user || !hasPermission(user.role, permission)) {
      throw new Forbidden('Your role may not do this.');
    }
    return true;
  }
}
