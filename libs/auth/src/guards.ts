import {
  AppConfig,
  Forbidden,
  requestMetaOf,
  Unauthenticated,
  type RequestWithIdentity,
} from '@app/common';
import { hasPermission, type Permission } from '@app/domain';
import { Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Passport } from 'passport';
import { accessTokenVerifier } from './access-token';
import { AccessTokenStrategy } from './access-token.strategy';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { apiKeyOf, looksLikeApiKey, scopesAllow } from './api-key-format';
import type { AuthUser } from './auth-user';
import { IS_PUBLIC_KEY, PERMISSION_KEY } from './decorators';
import { SessionValidator } from './session-validator';

/**
 * The API key a request presents, if any: `X-API-Key: crh_…`, or
 * `Authorization: Bearer crh_…` (an access token never starts with `crh_`).
 * Both headers at once is refused rather than guessed at.
 */
function presentedApiKey(req: FastifyRequest): string | undefined {
  const header = req.headers['x-api-key'];
  const authorization = req.headers.authorization;
  if (header !== undefined) {
    if (authorization !== undefined || typeof header !== 'string') {
      throw new Unauthenticated('Send one credential: an API key or an access token.');
    }
    return header.trim();
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  return bearer !== undefined && looksLikeApiKey(bearer) ? bearer : undefined;
}

function isPublic(reflector: Reflector, ctx: ExecutionContext): boolean {
  return (
    reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [ctx.getHandler(), ctx.getClass()]) === true
  );
}

/**
 * Global: every route needs a valid bearer access token unless it is marked
 * @Public(). Passport's jwt strategy (AccessTokenStrategy) checks the
 * signature (HS256 only) and expiry, then the SessionValidator the user,
 * organization and session. The guard keeps its own Passport instance rather
 * than passport's process-wide registry, so each app checks tokens against
 * its own key and database.
 * An API key (`crh_…`) is checked by the ApiKeyAuthenticator instead, when the
 * app provides one (ApiKeyAuthModule); otherwise it is refused like a bad token.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly passport = new Passport();

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
    sessions: SessionValidator,
    @Optional() private readonly apiKeys?: ApiKeyAuthenticator,
  ) {
    this.passport.use(
      new AccessTokenStrategy(
        // Made once, with its key, not on every request.
        accessTokenVerifier(config.require('JWT_SECRET')),
        sessions,
      ),
    );
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, ctx)) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const apiKey = presentedApiKey(req);
    const user =
      apiKey !== undefined ? await this.authenticateApiKey(apiKey, req) : await this.jwt(req);
    if (!user) throw new Unauthenticated('A valid access token is required.', 'unauthenticated');
    req.user = user;
    // For the request log line (pino-http reads the raw request).
    (req.raw as RequestWithIdentity).identity = {
      userId: user.id,
      organizationId: user.organizationId,
    };
    return true;
  }

  private async authenticateApiKey(key: string, req: FastifyRequest): Promise<AuthUser> {
    if (!this.apiKeys) throw new Unauthenticated('API keys are not accepted here.');
    return this.apiKeys.authenticate(key, requestMetaOf(req));
  }

  private jwt(req: FastifyRequest): Promise<AuthUser | false> {
    return new Promise<AuthUser | false>((resolve, reject) => {
      const authenticate = this.passport.authenticate(
        'jwt',
        { session: false },
        (err: unknown, found: AuthUser | false) => {
          // An exception from the session lookup (database down) is not a
          // credential problem: let it surface as the server error it is.
          // (Not `instanceof Error`: errors from other realms must pass intact.)
          if (err)
            reject(typeof err === 'object' ? (err as Error) : new Error('Authentication failed'));
          else resolve(found);
        },
      ) as (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
      authenticate(req, {}, (err) =>
        reject(err instanceof Error ? err : new Error('Authentication failed')),
      );
    });
  }
}

/**
 * Global, after authentication: the caller's role must hold the route's
 * permission. A route that names no permission and is not public is refused,
 * so forgetting the decorator denies rather than exposes. A request made with
 * an API key must also hold the permission through the key's scopes, so a key
 * never reaches cases, dispatches, users, organizations, audit or sessions.
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
    const key = apiKeyOf(user);
    if (key && !scopesAllow(key.scopes, permission)) {
      throw new Forbidden('This API key may not do this.', 'api_key_scope');
    }
    return true;
  }
}
