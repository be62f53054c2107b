import { ReferralEntity } from '@app/persistence';
import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  type Session,
} from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { expectAccessible, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

/**
 * Plain words and the keyboard (issue 16): focus lands on the page's heading
 * after navigation, the case inbox answers its shortcuts, the case timeline
 * folds audited reads into one line, and times show the reader's own zone.
 * A database of its own, so the inbox holds only this spec's cases.
 */
describe('Plain words and keyboard (browser)', () => {
  const suite = useConsoleSuite({ worker: true, scratch: 'plain-words' });

  let coordinator: { email: string; session: Session };
  const cases: { id: string; reference: string; referralId: string }[] = [];

  /** A member files and submits a referral; the worker opens a case for it. */
  async function newCase(legalName: string, priority: string): Promise<void> {
    const { session } = await signedInUser(
      suite.server.api.dataSource,
      suite.server.api.http,
      'member_reporter',
    );
    const body = referralBody({
      legalName,
      priority,
      ...(priority === 'P1' ? { escalationReason: 'Live sales seen this week.' } : {}),
    });
    const created = await suite.server.api.http
      .post('/api/v1/referrals')
      .set(session.auth)
      .send(body);
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    await suite.server.api.http
      .post(`/api/v1/referrals/${id}/submit`)
      .set(session.auth)
      .expect(200);
    const caseId = await eventually('the referral to be taken in', async () => {
      const row = await suite.server.api.dataSource.manager.findOneBy(ReferralEntity, { id });
      return row?.status === 'in_review' && row.caseId ? row.caseId : undefined;
    });
    const view = await suite.server.api.http
      .get(`/api/v1/cases/${caseId}`)
      .set(coordinator.session.auth)
      .expect(200);
    cases.push({
      id: caseId,
      reference: (view.body as { reference: string }).reference,
      referralId: id,
    });
  }

  beforeAll(async () => {
    const ds = suite.server.api.dataSource;
    const coalition = await createOrganization(ds, 'coalition');
    const user = await createUser(ds, coalition, 'coordinator', { displayName: 'Kai Keyboard' });
    coordinator = { email: user.email, session: await login(suite.server.api.http, user.email) };
    // Most urgent first: the P1 case heads the inbox, the P3 case follows.
    await newCase(`Pixel Harbor Media ${Date.now()}`, 'P1');
    await newCase(`Quiet Lantern Trading ${Date.now()}`, 'P3');
  }, 120_000);

  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el ? { tag: el.tagName, text: el.textContent?.trim() ?? '' } : null;
    });

  it('moves focus to the page heading after each navigation', async () => {
    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Alerts' })
      .click();
    await eventually('focus on the Alerts heading', async () => {
      const f = await focused(page);
      return f?.tag === 'H1' && /Alerts/.test(f.text) ? true : undefined;
    });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My account' })
      .click();
    await eventually('focus on the account heading', async () => {
      const f = await focused(page);
      return f?.tag === 'H1' ? true : undefined;
    });
    await expectAccessible(page, 'the account page reached from the menu, heading focused');
  });

  it('answers the inbox shortcuts: next, previous, claim and open, never while typing', async () => {
    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    await page.goto('/cases');
    const [first, second] = cases;
    await page.getByRole('link', { name: first.reference }).waitFor();

    await page.getByText('Keyboard shortcuts').click();
    await page.getByText('Claim the selected case').waitFor();
    await expectAccessible(page, 'the inbox with its keyboard shortcuts shown');

    await page.locator('body').press('j');
    expect((await focused(page))?.text).toBe(first.reference);
    await page.keyboard.press('j');
    expect((await focused(page))?.text).toBe(second.reference);
    await page.keyboard.press('k');
    expect((await focused(page))?.text).toBe(first.reference);
    await page.keyboard.press('ArrowDown');
    expect((await focused(page))?.text).toBe(second.reference);
    await page.keyboard.press('ArrowUp');
    expect((await focused(page))?.text).toBe(first.reference);

    // Keys pressed in a field belong to the field, not to the shortcuts.
    await page.getByLabel('Status').focus();
    await page.keyboard.press('j');
    expect((await focused(page))?.tag).toBe('SELECT');

    await page.getByRole('link', { name: first.reference }).focus();
    await page.keyboard.press('c');
    await page.getByText(`${first.reference} claimed`).waitFor();
    await page.getByRole('link', { name: first.reference }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/cases/${first.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(first.reference) }).waitFor();
  });

  it('folds audited reads out of the case timeline into one line', async () => {
    const [, second] = cases;
    for (let i = 0; i < 3; i += 1) {
      await suite.server.api.http
        .get(`/api/v1/referrals/${second.referralId}?reveal=sensitive`)
        .set(coordinator.session.auth)
        .expect(200);
    }
    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    await page.goto(`/cases/${second.id}`);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('3 reads — they are kept in the audit trail').waitFor();
    expect(await timeline.getByText('Sensitive fields revealed').count()).toBe(0);
    await timeline.getByText('Referral submitted').first().waitFor();
    await expectAccessible(page, 'a case whose reads are folded out of its timeline');
  });

  it('shows times in the reader’s zone with its abbreviation, the exact UTC on hover', async () => {
    const context = await suite.browser.newContext({
      baseURL: suite.server.baseUrl,
      viewport: { width: 1280, height: 860 },
      locale: 'en-GB',
      timezoneId: 'Europe/Berlin',
    });
    try {
      const page = await context.newPage();
      await signIn(page, coordinator.email);
      await page.goto(`/cases/${cases[1].id}`);
      const time = page.getByRole('region', { name: 'Timeline' }).locator('time').first();
      await time.waitFor();
      // December: Central European Time.
      expect(await time.textContent()).toMatch(
        /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} (CET|CEST)$/,
      );
      expect(await time.getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
      const body = await page.locator('main').textContent();
      expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    } finally {
      await context.close();
    }
  });
});
