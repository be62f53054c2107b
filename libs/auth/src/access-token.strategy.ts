import type { IncomingHttpHeaders } from 'node:http';
import { Strategy } from 'passport';
import { bearerToken, type AccessTokenVerifier } from './access-token';
import type { AccessTokenClaims } from './auth-user';
import type { SessionValidator } from './session-validator';

/**
 * Passport's `jwt` strategy for access tokens: the bearer token's signature
 * (HS256 only) and expiry (access-token.ts), then its session
 * (SessionValidator). Fails (401) on a bad token or a dead session; errors
 * (500) only when the session lookup itself does.
 */
export class AccessTokenStrategy extends Strategy {
  override readonly name = 'jwt';

  constructor(
    private readonly verify: AccessTokenVerifier,
    private readonly sessions: SessionValidator,
  ) {
    super();
  }

  override authenticate(req: { headers: IncomingHttpHeaders }): void {
    const token = bearerToken(req.headers.authorization);
    const claims = token === undefined ? undefined : this.verify(token);
    if (!claims) {
      this.fail(401);
      return;
    }
    this.sessions.validate(claims as unknown as AccessTokenClaims).then(
      (user) => (user ? this.success(user) : this.fail(401)),
      (error: unknown) => this.error(error),
    );
  }
}
