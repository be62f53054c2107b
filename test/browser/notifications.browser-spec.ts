import { createCase, createFiler } from '../support/case-fixtures';
import { eventually } from '../support/eventually';
import { signedInUser } from '../support/factories';
import { mailsTo } from '../support/smtp-sink';
import { expectAccessible, saveScreenshot } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

/** Test apps put this in mail links (test/support/environment.ts); the console here is elsewhere. */
const MAIL_CONSOLE = 'http://console.test';

/**
 * A coordinator's question reaches the officer by mail (the run's SMTP
 * server); the mail's link, opened in the browser, asks the officer to sign
 * in and lands on the referral; the menu counts the unread notification and
 * the Notifications page lists it.
 */
describe('Notifications (browser)', () => {
  const suite = useConsoleSuite({ worker: true });
  const api = () => suite.server.api;

  it('should mail a link that lands the signed-in recipient on the page, count it in the menu and list it', async () => {
    const filer = await createFiler(api().dataSource);
    const c = await createCase(api().dataSource, [filer], {
      status: 'in_review',
      referralStatus: 'in_review',
    });
    const referral = c.referrals[0];
    const coordinator = await signedInUser(api().dataSource, api().http, 'coordinator');
    await api()
      .http.post(`/api/v1/cases/${c.caseRow.id}/info-requests`)
      .set(coordinator.session.auth)
      .send({ referralId: referral.id, question: 'Which acquirer settled the payments?' })
      .expect(201);

    const mail = await eventually(
      'the mail to the officer',
      async () =>
        (await mailsTo(filer.user.email)).find((m) => m.subject.includes(referral.reference)),
      30_000,
    );
    const link = /http:\/\/console\.test\/referrals\/[0-9a-f-]{36}/.exec(mail.text)?.[0];
    expect(link).toBe(`${MAIL_CONSOLE}/referrals/${referral.id}`);

    const { page } = suite.tab;
    await page.goto(link!.replace(MAIL_CONSOLE, suite.server.baseUrl));
    await page.getByLabel('E-mail address').fill(filer.user.email);
    await page.getByLabel('Password').fill('correct-horse-battery-staple');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`**/referrals/${referral.id}`);
    await page
      .getByRole('heading', { name: new RegExp(referral.reference) })
      .first()
      .waitFor();

    const menuLink = page.getByRole('link', { name: 'Notifications 1 unread' });
    await menuLink.waitFor();
    await menuLink.click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    const item = page
      .getByRole('list', { name: 'Notifications' })
      .getByRole('link', { name: new RegExp(referral.reference) });
    await item.waitFor();
    await page.getByRole('heading', { name: 'Mail' }).waitFor();
    await expectAccessible(page, 'the notifications page');
    await saveScreenshot(page, 'notifications');

    // Opening it marks it read: the count leaves the menu.
    await item.click();
    await page.waitForURL(`**/referrals/${referral.id}`);
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  });
});
