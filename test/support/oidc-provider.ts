import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

/** An account at the test provider, found by the login hint the hub sends. */
export interface ProviderAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
  amr?: string[];
  acr?: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Replace the provider's accounts (login hint → account). */
  setAccounts(accounts: Record<string, ProviderAccount>): Promise<void>;
  /**
   * Open the authorization URL as a browser would: follow the provider's
   * redirects with its cookies, through the scripted sign-in, up to the
   * redirect to the hub's callback, whose URL is returned (not fetched).
   */
  authorize(authorizationUrl: string): Promise<URL>;
  stop(): Promise<void>;
}

/** Start test/support/oidc-provider.mjs (a real oidc-provider) on a free loopback port. */
export async function startOidcProvider(options: {
  redirectUri: string;
  /** How the issuer is spelled: 127.0.0.1 (default) or localhost (the same server, another issuer). */
  host?: string;
  /**
   * Show a person the provider's sign-in and consent forms (for a browser)
   * instead of the scripted sign-in; `authorize` then does not apply.
   */
  signInPage?: boolean;
}): Promise<TestOidcProvider> {
  const clientId = 'coalition-hub';
  const clientSecret = 'test-only-client-secret-0123456789';
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_REDIRECT_URI: options.redirectUri,
      OIDC_HOST: options.host ?? '127.0.0.1',
      OIDC_SIGN_IN_PAGE: options.signInPage ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('The test OpenID provider exited before listening');
    }),
  ])) as [string];
  const { issuer } = JSON.parse(first) as { issuer: string };
  // Requests go to loopback whichever host name spells the issuer.
  const base = issuer.replace('//localhost:', '//127.0.0.1:');

  return {
    issuer,
    clientId,
    clientSecret,
    async setAccounts(accounts) {
      const res = await fetch(`${base}/_test/accounts`, {
        method: 'PUT',
        body: JSON.stringify(accounts),
      });
      if (res.status !== 204) throw new Error(`setAccounts: ${res.status}`);
    },
    async authorize(authorizationUrl) {
      const cookies = new Map<string, string>();
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop++) {
        if (url.href.startsWith(options.redirectUri)) return url;
        const res = await fetch(url.href.replace('//localhost:', '//127.0.0.1:'), {
          redirect: 'manual',
          headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        for (const header of res.headers.getSetCookie()) {
          const [pair] = header.split(';');
          const eq = pair.indexOf('=');
          cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
        }
        const location = res.headers.get('location');
        if (res.status < 300 || res.status >= 400 || !location) {
          throw new Error(`The provider answered ${res.status}: ${await res.text()}`);
        }
        url = new URL(location, url);
      }
      throw new Error('Too many redirects at the provider');
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
