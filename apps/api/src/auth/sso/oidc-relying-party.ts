import { AppConfig } from '@app/common';
import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';

/** What the hub sends the provider at the start of a sign-in. */
export interface StartedSignIn {
  authorizationUrl: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The provider's client registration for one organization. */
export interface ProviderClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The verified claims of the ID token the provider answered with. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  amr: unknown;
  acr: unknown;
}

/**
 * The hub as an OpenID Connect relying party (openid-client): discovery,
 * the authorization request (code flow with PKCE S256, state and nonce) and
 * the code exchange with the ID token's checks (signature, `iss` equal to the
 * discovered issuer, which discovery requires to equal the configured one,
 * `aud`, expiry, nonce; RFC 9207 `iss` of the answer when the provider sends it).
 * Discovery runs on every step: a provider's keys and endpoints are read fresh.
 */
@Injectable()
export class OidcRelyingParty {
  readonly callbackUrl: string;
  private readonly allowHttp: boolean;

  constructor(config: AppConfig) {
    this.callbackUrl =
      config.get('SSO_CALLBACK_URL') ??
      `${config.get('CONSOLE_BASE_URL').replace(/\/+$/, '')}/api/v1/auth/sso/callback`;
    this.allowHttp = config.get('SSO_ALLOW_HTTP_ISSUERS');
  }

  /** Whether an issuer URL may be configured here (https, or http when allowed). */
  issuerProblem(issuer: string): string | undefined {
    let url: URL;
    try {
      url = new URL(issuer);
    } catch {
      return 'must be a URL such as https://login.northbank.example';
    }
    if (url.protocol !== 'https:' && !(this.allowHttp && url.protocol === 'http:')) {
      return 'must be an https:// URL';
    }
    if (url.search || url.hash || url.username || url.password) {
      return 'must not carry a query, a fragment or credentials';
    }
    return undefined;
  }

  async start(client: ProviderClient, loginHint: string): Promise<StartedSignIn> {
    const config = await this.discover(client);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      login_hint: loginHint,
    });
    return { authorizationUrl: url.href, state, nonce, codeVerifier };
  }

  /** Exchange the code of the provider's answer (the callback's query) and verify the ID token. */
  async finish(
    client: ProviderClient,
    query: Record<string, string>,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<VerifiedIdentity> {
    const config = await this.discover(client);
    const current = new URL(this.callbackUrl);
    for (const [key, value] of Object.entries(query)) current.searchParams.set(key, value);
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('The provider answered without an ID token');
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof claims.email === 'string' ? claims.email : null,
      emailVerified: claims.email_verified === true,
      name: typeof claims.name === 'string' ? claims.name : null,
      amr: claims.amr,
      acr: claims.acr,
    };
  }

  private discover(client: ProviderClient): Promise<oidc.Configuration> {
    const issuer = new URL(client.issuer);
    return oidc.discovery(
      issuer,
      client.clientId,
      undefined,
      oidc.ClientSecretPost(client.clientSecret),
      issuer.protocol === 'http:' && this.allowHttp
        ? { execute: [oidc.allowInsecureRequests], timeout: 10 }
        : { timeout: 10 },
    );
  }
}
