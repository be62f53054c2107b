import { actorOf, AuditWriter } from '@app/audit';
import { AppConfig, Unauthenticated, ValidationProblem, type RequestMeta } from '@app/common';
import {
  emailDomainOf,
  providerAssertsMfa,
  SSO_AUTHORIZATION_TTL_SECONDS,
  SSO_HANDOFF_TTL_SECONDS,
} from '@app/domain';
import {
  SsoRepository,
  UnitOfWork,
  UsersRepository,
  type OrganizationEntity,
  type SsoSettingsRow,
} from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { toMe } from '../auth.service';
import type { TokenPairResponse } from '../dto/session.response';
import { LoginThrottle } from '../login-throttle.service';
import { MfaService } from '../mfa.service';
import { SecondFactor } from '../second-factor';
import { TokenService } from '../token.service';
import type { SsoCallbackQueryDto, SsoSessionDto } from './dto/sso.dto';
import { OidcRelyingParty, type VerifiedIdentity } from './oidc-relying-party';
import { SsoAccounts, SsoRefusal } from './sso-accounts';
import { SsoSecret } from './sso-secret';

/** Where the callback sends the browser: the console's sign-in page. */
const CONSOLE_SIGN_IN_PATH = '/sign-in';

function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Single sign-on through the organization's OpenID Connect provider:
 * start (state, nonce and PKCE verifier kept in PostgreSQL, single use),
 * callback (the provider's answer verified, the account found, linked or
 * created, a one-time handoff code for the console) and the session, issued
 * as the password sign-in issues it, with the second factor unless the
 * provider asserted one. Roles never come from the provider.
 */
@Injectable()
export class SsoLoginService {
  private readonly logger = new Logger(SsoLoginService.name);
  private readonly consoleBase: string;

  constructor(
    config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly sso: SsoRepository,
    private readonly users: UsersRepository,
    private readonly rp: OidcRelyingParty,
    private readonly secret: SsoSecret,
    private readonly tokens: TokenService,
    private readonly factor: SecondFactor,
    private readonly mfa: MfaService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditWriter,
    private readonly accounts: SsoAccounts,
  ) {
    this.consoleBase = config.get('CONSOLE_BASE_URL').replace(/\/+$/, '');
  }

  /** The provider's authorization URL for the organization of the address's domain. */
  async start(email: string, meta: RequestMeta): Promise<{ authorizationUrl: string }> {
    const domain = emailDomainOf(email);
    const settings = domain ? await this.sso.settingsForDomain(this.uow.autocommit, domain) : null;
    if (!settings) {
      await this.refusalAudit(meta, new SsoRefusal('not_configured', { domain }));
      throw ValidationProblem.field(
        'email',
        'is not at the domain of an organization that signs in through its identity provider',
      );
    }
    let started;
    try {
      started = await this.rp.start(this.clientOf(settings), email);
    } catch (error) {
      this.logger.warn(`Discovery of ${settings.issuer} failed: ${String(error)}`);
      await this.refusalAudit(
        meta,
        new SsoRefusal('provider_error', {
          organizationId: settings.organizationId,
          issuer: settings.issuer,
          error: errorName(error),
        }),
      );
      throw new Unauthenticated(
        "Your organization's identity provider cannot be reached or is not set up correctly.",
        'sso_provider_error',
      );
    }
    await this.uow.run((m) =>
      this.sso.insertAuthorization(m, {
        id: randomUUID(),
        stateHash: digest(started.state),
        organizationId: settings.organizationId,
        issuer: settings.issuer,
        nonce: started.nonce,
        codeVerifier: started.codeVerifier,
        expiresAt: new Date(Date.now() + SSO_AUTHORIZATION_TTL_SECONDS * 1000),
      }),
    );
    return { authorizationUrl: started.authorizationUrl };
  }

  /**
   * The provider's answer. Always a redirect to the console's sign-in page:
   * with a one-time code in the fragment, or with `sso_error=<reason>`.
   */
  async callback(query: SsoCallbackQueryDto, meta: RequestMeta): Promise<string> {
    try {
      const code = await this.accept(query, meta);
      return `${this.consoleBase}${CONSOLE_SIGN_IN_PATH}#sso_code=${code}`;
    } catch (error) {
      if (!(error instanceof SsoRefusal)) throw error;
      await this.refusalAudit(meta, error);
      return `${this.consoleBase}${CONSOLE_SIGN_IN_PATH}?sso_error=${error.reason}`;
    }
  }

  private async accept(query: SsoCallbackQueryDto, meta: RequestMeta): Promise<string> {
    // Spent first and committed at once: a replayed or raced state finds nothing.
    const started = query.state
      ? await this.uow.run((m) => this.sso.spendAuthorization(m, digest(query.state as string)))
      : null;
    if (!started) throw new SsoRefusal('state_invalid');
    const base = { organizationId: started.organizationId, issuer: started.issuer };
    const settings = await this.sso.settingsOf(this.uow.autocommit, started.organizationId);
    if (!settings || settings.issuer !== started.issuer) {
      throw new SsoRefusal('not_configured', base);
    }
    if (query.error) {
      throw new SsoRefusal('provider_error', { ...base, error: query.error.slice(0, 100) });
    }

    let identity: VerifiedIdentity;
    try {
      identity = await this.rp.finish(this.clientOf(settings), callbackParams(query), {
        state: query.state as string,
        nonce: started.nonce,
        codeVerifier: started.codeVerifier,
      });
    } catch (error) {
      this.logger.warn(`Sign-in through ${settings.issuer} refused: ${String(error)}`);
      throw new SsoRefusal('token_invalid', { ...base, error: errorName(error) });
    }
    // Discovery already required the provider to name the configured issuer.
    if (identity.issuer !== settings.issuer) {
      throw new SsoRefusal('token_invalid', { ...base, tokenIssuer: identity.issuer });
    }
    const who = { ...base, subjectDigest: digest(`${identity.issuer} ${identity.subject}`) };
    if (!identity.email || !identity.emailVerified) throw new SsoRefusal('email_unverified', who);

    const outcome = await this.uow.run(async (m) => {
      const user = await this.accounts.accountFor(m, settings, identity, who, meta);
      if (user.kind === 'created') return user;
      const org = user.account.organization as OrganizationEntity;
      if (user.account.status === 'pending') {
        return {
          kind: 'refused' as const,
          refusal: new SsoRefusal('account_pending', who, user.account),
        };
      }
      if (user.account.status !== 'active' || org.status !== 'active') {
        return {
          kind: 'refused' as const,
          refusal: new SsoRefusal('account_inactive', who, user.account),
        };
      }
      const code = randomBytes(32).toString('base64url');
      await this.sso.insertHandoff(m, {
        codeHash: digest(code),
        userId: user.account.id,
        mfaAsserted: providerAssertsMfa(identity, settings.mfaAcrValues),
        expiresAt: new Date(Date.now() + SSO_HANDOFF_TTL_SECONDS * 1000),
      });
      return { kind: 'ok' as const, code };
    });
    switch (outcome.kind) {
      case 'ok':
        return outcome.code;
      case 'created':
        throw new SsoRefusal('account_pending', who, outcome.account);
      case 'refused':
        throw outcome.refusal;
    }
  }

  /** Exchange the handoff code for a session, with the second factor when it still applies. */
  async session(dto: SsoSessionDto, meta: RequestMeta): Promise<TokenPairResponse> {
    const codeHash = digest(dto.code);
    const outcome = await this.uow.run(async (m) => {
      const handoff = await this.sso.lockHandoff(m, codeHash);
      if (!handoff) return { kind: 'invalid' as const };
      const user = await this.users.self(m, handoff.userId);
      const org = user?.organization;
      if (!user || !org || user.status !== 'active' || org.status !== 'active') {
        await this.sso.spendHandoff(m, codeHash);
        return { kind: 'invalid' as const };
      }
      let secondFactor: 'provider' | 'none' | 'totp' | 'recovery_code' = handoff.mfaAsserted
        ? 'provider'
        : 'none';
      if (user.mfaEnabled && !handoff.mfaAsserted) {
        if (!dto.otp) {
          await this.audit.record(m, {
            actor: actorOf(user),
            origin: meta,
            action: 'auth.sso_refused',
            outcome: 'denied',
            targetType: 'user',
            targetId: user.id,
            details: { reason: 'mfa_required' },
          });
          return { kind: 'mfa_required' as const };
        }
        const check = await this.factor.check(m, user.id, dto.otp, { allowRecoveryCode: true });
        if (!check.ok) {
          // A wrong code ends this sign-in: the person starts again at the provider.
          await this.sso.spendHandoff(m, codeHash);
          await this.throttle.recordFailure(m, user.email);
          await this.audit.record(m, {
            actor: actorOf(user),
            origin: meta,
            action: 'auth.mfa_failed',
            outcome: 'failure',
            targetType: 'user',
            targetId: user.id,
            details: { context: 'sso', reason: check.reason },
          });
          return { kind: 'mfa_invalid' as const };
        }
        secondFactor = check.method;
      }
      await this.sso.spendHandoff(m, codeHash);
      await this.users.recordSignIn(m, user.id);
      const pair = await this.tokens.issue(m, user, { ip: meta.ip });
      const mfaRequired = this.mfa.isRequiredFor(user.role);
      await this.audit.record(m, {
        actor: actorOf(user),
        origin: meta,
        action: 'auth.sso_login',
        outcome: 'success',
        targetType: 'session',
        targetId: pair.familyId,
        details: {
          secondFactor,
          ...(mfaRequired && !user.mfaEnabled ? { mfaEnrolmentPending: true } : {}),
        },
      });
      return { kind: 'ok' as const, pair, user, org, mfaRequired };
    });
    switch (outcome.kind) {
      case 'ok':
        return {
          accessToken: outcome.pair.accessToken,
          refreshToken: outcome.pair.refreshToken,
          expiresIn: outcome.pair.expiresIn,
          user: toMe(outcome.user, outcome.org, outcome.mfaRequired),
        };
      case 'invalid':
        await this.refusalAudit(meta, new SsoRefusal('handoff_invalid'));
        throw new Unauthenticated(
          'This sign-in has expired or was already used. Start again.',
          'sso_code_invalid',
        );
      case 'mfa_required':
        throw new Unauthenticated(
          'This account uses a second factor: send the current code from your authenticator ' +
            'app (or an unused recovery code) as otp.',
          'mfa_required',
        );
      case 'mfa_invalid':
        throw new Unauthenticated(
          'The second-factor code is not valid, or it was already used. Sign in again.',
          'mfa_invalid',
        );
    }
  }

  private clientOf(settings: SsoSettingsRow) {
    return {
      issuer: settings.issuer,
      clientId: settings.clientId,
      clientSecret: this.secret.open(settings.organizationId, settings.clientSecret),
    };
  }

  private refusalAudit(meta: RequestMeta, refusal: SsoRefusal): Promise<void> {
    return this.uow.run((m) =>
      this.audit.record(m, {
        actor: refusal.user ? actorOf(refusal.user) : null,
        origin: meta,
        action: 'auth.sso_refused',
        outcome: 'denied',
        ...(refusal.user ? { targetType: 'user', targetId: refusal.user.id } : {}),
        details: { reason: refusal.reason, ...refusal.details },
      }),
    );
  }
}

/** The callback's parameters as the provider sent them (absent ones left out). */
function callbackParams(query: SsoCallbackQueryDto): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string') params[key] = value;
  }
  return params;
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.name : 'unknown';
}
