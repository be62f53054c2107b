import { AuditEventEntity, type OrganizationEntity } from '@app/persistence';
import { createServer } from 'node:net';
import { authenticator } from 'otplib';
import type { Page } from 'playwright-core';
import {
  createOrganization,
  createUser,
  login,
  orgEmailDomain,
  signedInUser,
  uniqueSuffix,
  type Session,
} from '../support/factories';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { expectAccessible, openConsole, saveScreenshot } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

/** A port free now on loopback, for the console whose address the provider must know first. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Single sign-on as a person meets it in the console: "Sign in with your
 * organization", the organization's provider (a real OpenID provider showing
 * its own sign-in and consent forms), back to the console signed in, the
 * hub's second factor when the provider asserts none, refusals in words.
 */
describe('Single sign-on in the console (browser)', () => {
  let provider: TestOidcProvider;
  let consoleBase = '';

  beforeAll(async () => {
    const port = await freePort();
    consoleBase = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      redirectUri: `${consoleBase}/api/v1/auth/sso/callback`,
      signInPage: true,
    });
  });
  afterAll(async () => {
    await provider?.stop();
  });
  const suite = useConsoleSuite({
    env: () => ({
      PORT: new URL(consoleBase).port,
      CONSOLE_BASE_URL: consoleBase,
      SSO_ALLOW_HTTP_ISSUERS: 'true',
    }),
  });

  /** A member organization whose administrator set its provider. */
  async function organizationWithSso(): Promise<{
    org: OrganizationEntity;
    admin: Session;
    domain: string;
  }> {
    const { api } = suite.server;
    const { org, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    await api.http
      .put(`/api/v1/organizations/${org.id}/sso`)
      .set(session.auth)
      .send({
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        required: false,
      })
      .expect(200);
    return { org, admin: session, domain: orgEmailDomain(org) };
  }

  function providerAccount(email: string, amr: string[], name = 'Pat Example') {
    return { sub: `sub-${uniqueSuffix()}`, email, email_verified: true, name, amr };
  }

  /** An active member of the organization with a confirmed authenticator (confirmed with the previous step). */
  async function memberWithAuthenticator(org: OrganizationEntity, domain: string) {
    const { api } = suite.server;
    const user = await createUser(api.dataSource, org, 'member_reporter', {
      email: `person.${uniqueSuffix()}@${domain}`,
    });
    const session = await login(api.http, user.email);
    const enrol = await api.http.post('/api/v1/auth/mfa/enrol').set(session.auth).expect(200);
    const secret = enrol.body.secret as string;
    await api.http
      .post('/api/v1/auth/mfa/confirm')
      .set(session.auth)
      .send({ otp: authenticator.clone({ epoch: Date.now() - 30_000 }).generate(secret) })
      .expect(200);
    return { user, secret };
  }

  /** On the console's sign-in page: the address, then "Sign in with your organization". */
  async function startAtConsole(page: Page, email: string) {
    await page.goto('/sign-in');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByRole('button', { name: 'Sign in with your organization' }).click();
  }

  /** At the provider's own pages: sign in as the address it was given, allow, and come back. */
  async function signInAtProvider(page: Page, email: string) {
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.getByRole('heading', { name: 'Test identity provider: sign in' }).waitFor();
    // The hub sent the address as the login hint; the provider offers it.
    await expect(page.getByLabel('E-mail').inputValue()).resolves.toBe(email);
    await page.getByLabel('Password').fill('the password at the provider');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Test identity provider: allow access' }).waitFor();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${consoleBase}/**`);
  }

  async function secondFactorsOf(userId: string): Promise<unknown[]> {
    const events = await suite.server.api.dataSource.manager.find(AuditEventEntity, {
      where: { action: 'auth.sso_login', actorUserId: userId },
    });
    return events.map((e) => (e.details as { secondFactor?: unknown }).secondFactor);
  }

  it('should offer single sign-on on an accessible sign-in page, and ask for the address first', async () => {
    const { page } = suite.tab;
    await page.goto('/sign-in');
    const button = page.getByRole('button', { name: 'Sign in with your organization' });
    await button.waitFor();
    await expectAccessible(page, 'the sign-in page with single sign-on');
    await saveScreenshot(page, 'sign-in-sso');
    await button.click();
    await page
      .getByRole('alert')
      .getByText('Enter your work e-mail address first: it tells us your organization.')
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectAccessible(page, 'the sign-in page asking for the address');
  });

  it('should sign a person in through their provider, which asserted a second factor, without asking for the hub’s', async () => {
    const { org, domain } = await organizationWithSso();
    const { user } = await memberWithAuthenticator(org, domain);
    await provider.setAccounts({
      [user.email]: providerAccount(user.email, ['pwd', 'mfa'], user.displayName),
    });
    const { page } = suite.tab;
    const exchanges: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/v1/auth/sso/session')) exchanges.push(response.status());
    });

    await startAtConsole(page, user.email);
    await signInAtProvider(page, user.email);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByText(user.displayName).waitFor();
    expect(new URL(page.url()).pathname).toBe('/referrals');
    // The console exchanged the one-time code once, with no second factor, and took it out of the address.
    expect(exchanges).toEqual([200]);
    expect(page.url()).not.toContain('sso_code');
    await expect(page.getByLabel('Authentication code').count()).resolves.toBe(0);
    expect(await secondFactorsOf(user.id)).toEqual(['provider']);
  });

  it('should ask for the hub’s second factor when the provider asserts none, then sign in', async () => {
    const { org, domain } = await organizationWithSso();
    const { user, secret } = await memberWithAuthenticator(org, domain);
    await provider.setAccounts({
      [user.email]: providerAccount(user.email, ['pwd'], user.displayName),
    });
    const { page } = suite.tab;

    await startAtConsole(page, user.email);
    await signInAtProvider(page, user.email);
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    await expect(code.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(page.url()).not.toContain('sso_code');
    await expectAccessible(page, 'the authentication code step after single sign-on');
    await code.fill(authenticator.generate(secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByText(user.displayName).waitFor();
    expect(await secondFactorsOf(user.id)).toEqual(['totp']);
  });

  it('should tell a new person in words that their account awaits a role, and let them in once the administrator grants one', async () => {
    const { org, admin, domain } = await organizationWithSso();
    const email = `new.person.${uniqueSuffix()}@${domain}`;
    const name = `Robin Newcomer ${uniqueSuffix()}`;
    await provider.setAccounts({ [email]: providerAccount(email, ['mfa'], name) });
    const { page } = suite.tab;

    await startAtConsole(page, email);
    await signInAtProvider(page, email);
    await page
      .getByRole('alert')
      .getByText(
        "Your account was created and awaits a role from your organization's administrator.",
      )
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'the sign-in page with a single sign-on refusal');
    await saveScreenshot(page, 'sign-in-sso-refused');

    // The administrator names a role; the person comes back another day, in a new browser.
    const { api } = suite.server;
    const users = await api.http
      .get(`/api/v1/organizations/${org.id}/users`)
      .set(admin.auth)
      .expect(200);
    const created = (users.body.items as { id: string; email: string }[]).find(
      (u) => u.email === email,
    );
    await api.http
      .patch(`/api/v1/users/${created?.id}`)
      .set(admin.auth)
      .send({ status: 'active', role: 'member_reporter' })
      .expect(200);

    const later = await openConsole(suite.browser, suite.server.baseUrl);
    try {
      await startAtConsole(later.page, email);
      await signInAtProvider(later.page, email);
      await later.page.getByRole('button', { name: 'Sign out' }).waitFor();
      await later.page.getByText(name).waitFor();
      expect(new URL(later.page.url()).pathname).toBe('/referrals');
    } finally {
      await later.close();
    }
    expect(later.errors).toEqual([]);
  });

  it('should refuse in words an address held by an account of another organization', async () => {
    const { domain } = await organizationWithSso();
    const otherOrg = await createOrganization(suite.server.api.dataSource, 'member');
    const email = `taken.${uniqueSuffix()}@${domain}`;
    await createUser(suite.server.api.dataSource, otherOrg, 'member_admin', { email });
    await provider.setAccounts({ [email]: providerAccount(email, ['mfa']) });
    const { page } = suite.tab;

    await startAtConsole(page, email);
    await signInAtProvider(page, email);
    await page
      .getByRole('alert')
      .getByText('Your e-mail address belongs to an account of another organization.')
      .waitFor();
    expect(new URL(page.url()).search).toBe('?sso_error=email_in_other_organization');
    await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(0);
  });

  it('should say so when the address is not at an organization that signs in through its provider', async () => {
    const org = await createOrganization(suite.server.api.dataSource, 'member');
    const { page } = suite.tab;
    await startAtConsole(page, `someone.${uniqueSuffix()}@${orgEmailDomain(org)}`);
    await page
      .getByRole('alert')
      .getByText(
        'is not at the domain of an organization that signs in through its identity provider',
        { exact: false },
      )
      .waitFor();
    expect(new URL(page.url()).origin).toBe(consoleBase);
    await expectAccessible(page, 'the sign-in page when single sign-on does not apply');
  });
});
