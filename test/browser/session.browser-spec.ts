import { UserEntity } from '@app/persistence';
import { authenticator } from 'otplib';
import { eventually } from '../support/eventually';
import { createOrganization, createUser, login, TEST_PASSWORD } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import type { Page } from 'playwright-core';
import { expectAccessible, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

/** Signing in (with and without a second factor), staying signed in, signing out, expiry. */
describe('Console sessions (browser)', () => {
  const suite = useConsoleSuite();

  async function officer() {
    const org = await createOrganization(suite.server.api.dataSource, 'member');
    return { org, user: await createUser(suite.server.api.dataSource, org, 'member_reporter') };
  }

  it('should send a signed-out visitor to sign in, and back to the page they asked for', async () => {
    const { user } = await officer();
    const { page } = suite.tab;
    await page.goto('/referrals?status=draft');
    await page.waitForURL('**/sign-in');
    await expectAccessible(page, 'the sign-in page');
    await page.getByLabel('E-mail address').fill(user.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/referrals?status=draft');
    await page.getByText(user.displayName).waitFor();
  });

  it('should say plainly when the password is wrong, and not sign in', async () => {
    const { user } = await officer();
    const { page } = suite.tab;
    await page.goto('/sign-in');
    await page.getByLabel('E-mail address').fill(user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText('The e-mail address or password is not right')
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectAccessible(page, 'the sign-in page with an error');
  });

  it('should ask for the authenticator code when the account has a second factor', async () => {
    const org = await createOrganization(suite.server.api.dataSource, 'coalition');
    const user = await createUser(suite.server.api.dataSource, org, 'coordinator');
    const session = await login(suite.server.api.http, user.email);
    const enrol = await suite.server.api.http
      .post('/api/v1/auth/mfa/enrol')
      .set(session.auth)
      .expect(200);
    const secret = enrol.body.secret as string;
    const previousStep = authenticator.clone({ epoch: Date.now() - 30_000 }).generate(secret);
    await suite.server.api.http
      .post('/api/v1/auth/mfa/confirm')
      .set(session.auth)
      .send({ otp: previousStep })
      .expect(200);

    const { page } = suite.tab;
    await page.goto('/sign-in');
    await page.getByLabel('E-mail address').fill(user.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    await expect(code.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expectAccessible(page, 'the authentication code step');

    await code.fill('000000');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('alert').getByText('That code was not accepted').waitFor();

    await code.fill(authenticator.generate(secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/cases');
  });

  it('should stay signed in across a reload and refresh the token before it expires', async () => {
    const { user } = await officer();
    const { page } = suite.tab;
    await page.clock.install();
    await signIn(page, user.email);
    const refreshes: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/v1/auth/refresh')) refreshes.push(response.status());
    });

    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(refreshes).toEqual([200]);

    // Fourteen and a half minutes later the 15-minute token is about to expire:
    // the next request refreshes it first.
    await page.clock.fastForward('14:30');
    await page.getByRole('link', { name: 'My account' }).click();
    await eventually('a second refresh', () =>
      Promise.resolve(refreshes.length === 2 ? true : undefined),
    );
    expect(refreshes).toEqual([200, 200]);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('should sign out: the tab forgets the session and the API ends it', async () => {
    const { user } = await officer();
    const { page } = suite.tab;
    await signIn(page, user.email);
    const stored = await page.evaluate(() => sessionStorage.getItem('crh.refreshToken'));
    expect(stored).toBeTruthy();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    expect(await page.evaluate(() => sessionStorage.getItem('crh.refreshToken'))).toBeNull();
    // The refresh token the tab held no longer works anywhere.
    await suite.server.api.http
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: stored })
      .expect(401);
    await page.goto('/referrals');
    await page.waitForURL('**/sign-in');
  });

  /** Sign in on the sign-in page the tab is on, without loading the console again. */
  async function signInHere(page: Page, email: string) {
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  /** Every key in the tab's sessionStorage and localStorage. */
  function storedKeys(page: Page) {
    return page.evaluate(() => [
      ...Object.keys(sessionStorage).map((key) => `session:${key}`),
      ...Object.keys(localStorage).map((key) => `local:${key}`),
    ]);
  }

  it("should forget the person on sign-out: the next person lands on their own home and never sees the first one's data", async () => {
    const first = await officer();
    const merchant = `Merchant of the first officer ${first.user.id.slice(0, 8)}`;
    const session = await login(suite.server.api.http, first.user.email);
    const filed = await suite.server.api.http
      .post('/api/v1/referrals')
      .set(session.auth)
      .send(referralBody({ legalName: merchant }))
      .expect(201);
    const second = await officer();
    const { page } = suite.tab;

    await signIn(page, first.user.email);
    await page.getByRole('cell', { name: merchant }).waitFor();
    await page.getByRole('link', { name: filed.body.reference as string }).click();
    await page.waitForURL(`**/referrals/${filed.body.id as string}`);
    await page
      .getByRole('heading', { name: `Referral ${filed.body.reference as string}` })
      .waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    expect(await storedKeys(page)).toEqual([]);
    // From now on, note whether the first officer's merchant is ever shown (even for a moment).
    await page.evaluate((text) => {
      const seen = { shown: false };
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        if (document.body.textContent?.includes(text)) seen.shown = true;
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    }, merchant);

    // The same tab, no reload: the second officer signs in and lands on their own home.
    await signInHere(page, second.user.email);
    await page.getByText(second.user.displayName).waitFor();
    expect(new URL(page.url()).pathname).toBe('/referrals');
    await page.getByText('No referrals yet.').waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { seen: { shown: boolean } }).seen.shown),
    ).toBe(false);
    expect((await storedKeys(page)).sort()).toEqual([
      'session:crh.refreshToken',
      'session:crh.sessionOwner',
    ]);
  });

  it('should bring the same person back to their page after the session expired, and anyone else to their own home', async () => {
    const first = await officer();
    const second = await officer();
    const { page } = suite.tab;
    const suspend = (status: 'suspended' | 'active') =>
      suite.server.api.dataSource.manager.update(UserEntity, { id: first.user.id }, { status });

    await signIn(page, first.user.email);
    await page.goto('/referrals?status=draft');
    await page.getByRole('combobox', { name: 'Status' }).waitFor();
    // The session ends under the person; the reload finds it refused.
    await suspend('suspended');
    await page.reload();
    await page.waitForURL('**/session-expired');
    await suspend('active');
    await signInHere(page, first.user.email);
    await page.waitForURL('**/referrals?status=draft');

    await suspend('suspended');
    await page.reload();
    await page.waitForURL('**/session-expired');
    expect(await storedKeys(page)).toEqual([]);
    await signInHere(page, second.user.email);
    await page.getByText(second.user.displayName).waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/referrals');
  });

  it('should show the expired-session page when the session ends under the person', async () => {
    const { user } = await officer();
    const { page } = suite.tab;
    await signIn(page, user.email);
    await suite.server.api.dataSource.manager.update(
      UserEntity,
      { id: user.id },
      { status: 'suspended' },
    );
    // The next request is refused; the refresh is refused too; the console says so.
    await page.getByRole('link', { name: 'My account' }).click();
    await page.waitForURL('**/session-expired');
    await page.getByRole('heading', { name: 'Your session has expired' }).waitFor();
    await expectAccessible(page, 'the expired-session page');
  });

  it('should answer an unknown console address with the not-found page', async () => {
    const { user } = await officer();
    const { page } = suite.tab;
    await signIn(page, user.email);
    await page.goto('/no/such/page');
    await page.getByRole('heading', { name: 'Not found, or you do not have access' }).waitFor();
    await expectAccessible(page, 'the not-found page');
  });
});
