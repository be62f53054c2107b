import { DispatchEntity, HoldEntity } from '@app/persistence';
import type { Page } from 'playwright-core';
import {
  createAgency,
  createCase,
  createDispatch,
  createFiler,
  createLiaison,
  createRoutedCase,
  type AgencyFixture,
} from '../support/case-fixtures';
import { eventually } from '../support/eventually';
import { login } from '../support/factories';
import { expectAccessible, saveScreenshot, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

/** `YYYY-MM-DD`, `months` calendar months from today (UTC), minus `days`. */
function dayAhead(months: number, days = 0): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() + months);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** The law-enforcement liaison: the agency's inbox, the case package, decisions, holds, print. */
describe('Liaison console (browser)', () => {
  const suite = useConsoleSuite();

  const ds = () => suite.server.api.dataSource;
  const dispatchRow = (id: string) => ds().manager.findOneByOrFail(DispatchEntity, { id });

  /** Another case routed to the same agency, in `status`. */
  async function anotherDispatch(agency: AgencyFixture, status: DispatchEntity['status']) {
    const filer = await createFiler(ds());
    const fixture = await createCase(ds(), [filer]);
    const dispatch = await createDispatch(ds(), fixture, agency, {
      status: status as 'delivered',
    });
    return { dispatch, caseReference: fixture.caseRow.reference };
  }

  async function openDispatch(page: Page, id: string) {
    await page.goto(`/dispatches/${id}`);
    await page.getByRole('heading', { name: 'Your agency’s decision' }).waitFor();
  }

  it("should list only the agency's dispatches, filter them by status in the address, and hide another agency's", async () => {
    const routed = await createRoutedCase(ds());
    const accepted = await anotherDispatch(routed.agency, 'accepted');
    const elsewhere = await createRoutedCase(ds());
    const { page } = suite.tab;

    await signIn(page, routed.liaison.email);
    await page.waitForURL('**/dispatches');
    await page.getByRole('heading', { name: 'Dispatches', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: /Dispatches to your agency/ });
    await table.getByRole('link', { name: routed.caseRow.reference }).waitFor();
    await table.getByRole('link', { name: accepted.caseReference }).waitFor();
    expect(await table.getByText(elsewhere.caseRow.reference).count()).toBe(0);
    await expect(table.getByText('Awaiting your acknowledgement').count()).resolves.toBe(1);
    await expectAccessible(page, 'the dispatch inbox');
    await saveScreenshot(page, 'liaison-inbox');

    await page.getByLabel('Status').selectOption('accepted');
    await page.waitForURL('**/dispatches?status=accepted');
    await table
      .getByRole('link', { name: routed.caseRow.reference })
      .waitFor({ state: 'detached' });
    await table.getByRole('link', { name: accepted.caseReference }).waitFor();

    await page.getByLabel('Status').selectOption('declined');
    await page.getByText('No declined dispatches.').waitFor();
    await expectAccessible(page, 'the empty dispatch inbox');

    // The link opens the package.
    await page.getByLabel('Status').selectOption('');
    await table.getByRole('link', { name: routed.caseRow.reference }).click();
    await page.waitForURL(`**/dispatches/${routed.dispatch.id}`);

    // Another agency's dispatch typed by hand: not found, as for a missing one.
    await page.goto(`/dispatches/${elsewhere.dispatch.id}`);
    await page.getByRole('heading', { name: 'Not found, or you do not have access' }).waitFor();
    expect(await page.getByText(elsewhere.caseRow.reference).count()).toBe(0);
  });

  it('should show what to triage by: merchant, priority and when to acknowledge, overdue in red and in words', async () => {
    const routed = await createRoutedCase(ds());
    // A P1 case whose acknowledgement is already overdue (the worker would mark the clock).
    const filer = await createFiler(ds());
    const urgentCase = await createCase(ds(), [filer], { priority: 'P1' });
    const urgent = await createDispatch(ds(), urgentCase, routed.agency);
    const overdueAt = new Date(Date.now() - 26 * 3_600_000);
    await ds().query(
      `UPDATE sla_clocks SET status = 'breached', breached_at = now(), due_at = $2
        WHERE dispatch_id = $1`,
      [urgent.id, overdueAt],
    );
    const [clock] = await ds().query<{ due_at: Date }[]>(
      `SELECT due_at FROM sla_clocks WHERE dispatch_id = $1`,
      [routed.dispatch.id],
    );
    const { page } = suite.tab;

    await signIn(page, routed.liaison.email);
    await page.waitForURL('**/dispatches');
    const table = page.getByRole('table', { name: /Dispatches to your agency/ });
    await table.getByRole('link', { name: routed.caseRow.reference }).waitFor();
    const headers = await table.getByRole('columnheader').allTextContents();
    const column = (name: string) => headers.indexOf(name);
    expect(column('Merchant')).toBeGreaterThan(0);
    const cell = (caseReference: string, name: string) =>
      table.locator('tr', { hasText: caseReference }).getByRole('cell').nth(column(name));

    const onTime = routed.caseRow.reference;
    await expect(cell(onTime, 'Merchant').textContent()).resolves.toBe(
      routed.referrals[0].merchant?.legalName,
    );
    await expect(cell(onTime, 'Priority').textContent()).resolves.toBe('P2 — urgent');
    await cell(onTime, 'Acknowledge by')
      .locator(`time[datetime="${clock.due_at.toISOString()}"]`)
      .waitFor();
    await expect(cell(onTime, 'Acknowledge by').getByText('Overdue').count()).resolves.toBe(0);

    const late = urgentCase.caseRow.reference;
    await expect(cell(late, 'Priority').textContent()).resolves.toBe('P1 — most urgent');
    await cell(late, 'Acknowledge by').getByText('Overdue', { exact: true }).waitFor();
    await cell(late, 'Acknowledge by')
      .locator(`time[datetime="${overdueAt.toISOString()}"]`)
      .waitFor();
    await cell(late, 'Acknowledge by').getByText('was due yesterday').waitFor();
    const colour = await cell(late, 'Acknowledge by')
      .locator('.liaison-overdue')
      .evaluate((el) => getComputedStyle(el).color);
    expect(colour).toBe('rgb(161, 26, 26)');
    await expectAccessible(page, 'the dispatch inbox with an overdue acknowledgement');
    await saveScreenshot(page, 'liaison-inbox-due');

    // Once acknowledged, nothing is due any more.
    await openDispatch(page, urgent.id);
    await page.getByText(/Acknowledgement overdue since/).waitFor();
    await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await eventually('the dispatch acknowledged', async () =>
      (await dispatchRow(urgent.id)).status === 'acknowledged' ? true : undefined,
    );
    await page.goto('/dispatches');
    await cell(late, 'Acknowledge by').getByText('Acknowledged').waitFor();
    await expect(cell(late, 'Acknowledge by').getByText('Overdue').count()).resolves.toBe(0);
    const { body } = await suite.server.api.http
      .get(`/api/v1/dispatches/${urgent.id}`)
      .set((await login(suite.server.api.http, routed.liaison.email)).auth);
    expect(body).toMatchObject({ status: 'acknowledged', acknowledgeBy: null });
  });

  it('should show the package in readable sections, the filer as "coalition member", and a RED marking that stands out', async () => {
    const filer = await createFiler(ds());
    const fixture = await createCase(ds(), [filer], { tlp: 'RED', priority: 'P1' });
    const agency = await createAgency(ds());
    const liaison = await createLiaison(ds(), agency);
    const dispatch = await createDispatch(ds(), fixture, agency, {
      tlp: 'RED',
      namedLiaisonIds: [liaison.id],
    });
    const { page } = suite.tab;

    await signIn(page, liaison.email);
    await openDispatch(page, dispatch.id);
    await page
      .getByRole('heading', { name: `Case ${fixture.caseRow.reference}`, level: 1 })
      .waitFor();
    await page.getByText('Opening this package is recorded in the audit trail').waitFor();
    await page.getByText('For the named recipients only').first().waitFor();
    // Sent to this liaison by name: the page says the rest of the agency cannot see it.
    await page
      .getByRole('note', { name: 'Named recipients' })
      .getByText('You are the only liaison of your agency this dispatch was sent to.')
      .waitFor();
    for (const section of [
      'Summary',
      'Merchant',
      'Observables',
      'Transactions',
      'Referrals and narratives',
      'Holds',
    ]) {
      await page.getByRole('heading', { name: section, level: 2 }).waitFor();
    }
    const referral = fixture.referrals[0];
    await page
      .getByRole('heading', { name: `${referral.reference} · filed by coalition member` })
      .waitFor();
    // The filing member is not named anywhere.
    expect(await page.getByText(filer.org.legalName).count()).toBe(0);
    await page.getByText('Card payments to a merchant whose descriptor').waitFor();
    await page.getByText('DIGITAL GOODS LTD').waitFor();
    await page.getByText('Why your agency').waitFor();
    await page.getByText(`covers GB`).waitFor();
    await page.getByRole('table', { name: /Card/ }).getByText('411111******1111').waitFor();
    const transactions = page.getByRole('table', { name: 'Transactions reported, with totals' });
    await transactions.getByRole('rowheader', { name: /Total outbound/ }).waitFor();
    await transactions.getByText('£49.99').first().waitFor();
    await expectAccessible(page, 'the case package');
    await saveScreenshot(page, 'liaison-package');
  });

  it('should acknowledge, then accept with the agency case number', async () => {
    const routed = await createRoutedCase(ds());
    const { page } = suite.tab;
    await signIn(page, routed.liaison.email);
    await openDispatch(page, routed.dispatch.id);

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('status').getByText('Receipt acknowledged').waitFor();
    expect((await dispatchRow(routed.dispatch.id)).status).toBe('acknowledged');
    await expect(page.getByRole('button', { name: 'Acknowledge' }).count()).resolves.toBe(0);

    await page.getByLabel('LE case number').fill('MCU-2026-0042');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page
      .getByRole('status')
      .getByText('Case accepted. Your case number MCU-2026-0042 is recorded.')
      .waitFor();
    const row = await dispatchRow(routed.dispatch.id);
    expect(row).toMatchObject({ status: 'accepted', leCaseNumber: 'MCU-2026-0042' });
    await page.getByRole('heading', { name: 'Record an outcome' }).waitFor();
    await expectAccessible(page, 'an accepted dispatch');

    // The inbox shows the new state.
    await page.goto('/dispatches');
    await page.getByRole('cell', { name: 'MCU-2026-0042' }).waitFor();
  });

  it('should decline with a reason, and say so when the reason is missing', async () => {
    const routed = await createRoutedCase(ds());
    const { page } = suite.tab;
    await signIn(page, routed.liaison.email);
    await openDispatch(page, routed.dispatch.id);

    await page.getByRole('button', { name: 'Decline' }).click();
    await page.getByText('Give the reason your agency declines the case').waitFor();
    expect((await dispatchRow(routed.dispatch.id)).status).toBe('delivered');

    await page.getByLabel('Reason for declining').fill('The merchant is outside our jurisdiction.');
    await page.getByRole('button', { name: 'Decline' }).click();
    // Irreversible: a question first; keeping the case changes nothing.
    const confirm = page.getByRole('dialog', { name: /^Decline dispatch / });
    await confirm.getByRole('button', { name: 'Keep the case' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect((await dispatchRow(routed.dispatch.id)).status).toBe('delivered');
    await page.getByRole('button', { name: 'Decline' }).click();
    await expectAccessible(page, 'the decline confirmation');
    await confirm.getByRole('button', { name: 'Decline the case' }).click();
    await page.getByRole('status').getByText('Case declined').waitFor();
    expect(await dispatchRow(routed.dispatch.id)).toMatchObject({
      status: 'declined',
      declineReason: 'The merchant is outside our jurisdiction.',
    });
    await page.getByText('Reason given:').waitFor();
    await expect(page.getByRole('button', { name: 'Accept' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'a declined dispatch');
  });

  it('should say in words when a colleague decided first (409), and show the dispatch as it now stands', async () => {
    const routed = await createRoutedCase(ds());
    const { page } = suite.tab;
    await signIn(page, routed.liaison.email);
    await openDispatch(page, routed.dispatch.id);

    // A colleague at the same agency declines it meanwhile.
    const colleague = await createLiaison(ds(), routed.agency);
    const session = await login(suite.server.api.http, colleague.email);
    await suite.server.api.http
      .post(`/api/v1/dispatches/${routed.dispatch.id}/decline`)
      .set(session.auth)
      .send({ reason: 'Already under investigation here.' })
      .expect(200);

    await page.getByLabel('LE case number').fill('MCU-2026-0099');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page
      .getByRole('alert')
      .getByText('This cannot be done in the record’s current state.')
      .waitFor();
    await page.getByText('Reason given:').waitFor();
    await page.getByText('Already under investigation here.').waitFor();
    await page.getByRole('button', { name: 'Accept' }).waitFor({ state: 'detached' });
    // The words stay once the page shows the new state.
    await page
      .getByRole('alert')
      .getByText('This cannot be done in the record’s current state.')
      .waitFor();
    expect((await dispatchRow(routed.dispatch.id)).leCaseNumber).toBeNull();
    await expectAccessible(page, 'a refused decision');
  });

  it('should record an outcome, asking for a note when the outcome is "Other"', async () => {
    const routed = await createRoutedCase(ds(), { dispatchStatus: 'accepted' });
    const { page } = suite.tab;
    await signIn(page, routed.liaison.email);
    await openDispatch(page, routed.dispatch.id);

    await page.getByRole('combobox', { name: /Outcome/ }).selectOption('other');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await page.getByText('a note is required when the outcome is “Other”').waitFor();
    expect((await dispatchRow(routed.dispatch.id)).outcome).toBeNull();

    await page.getByRole('combobox', { name: /Outcome/ }).selectOption('investigation_opened');
    await page.getByLabel('Outcome note').fill('Opened as operation 17.');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await page.getByRole('status').getByText('Outcome recorded: Investigation opened').waitFor();
    expect(await dispatchRow(routed.dispatch.id)).toMatchObject({
      outcome: 'investigation_opened',
      outcomeNote: 'Opened as operation 17.',
    });
    await page.getByRole('heading', { name: 'Update the outcome' }).waitFor();
  });

  it('should refuse a hold longer than 6 months in words, then place, renew and release one', async () => {
    const routed = await createRoutedCase(ds(), { dispatchStatus: 'accepted' });
    const { page } = suite.tab;
    await signIn(page, routed.liaison.email);
    await openDispatch(page, routed.dispatch.id);
    const holds = () => ds().manager.findBy(HoldEntity, { dispatchId: routed.dispatch.id });

    await page.getByText('Your agency has placed no hold on this case.').waitFor();
    await page.getByLabel('Scope').selectOption('do_not_terminate');
    await page.getByLabel('Document reference').fill('MCU/2026/0142');
    await page
      .getByLabel('Reason for the hold')
      .fill('Keep the account open: we are tracing the payouts.');
    await page.getByLabel('Expires on').fill(dayAhead(7));
    await page.getByRole('button', { name: 'Place hold' }).click();
    await page.getByText('A hold may last at most 6 months').waitFor();
    expect(await holds()).toHaveLength(0);
    await expectAccessible(page, 'a refused hold');

    await page.getByLabel('Expires on').fill(dayAhead(5));
    await page.getByRole('button', { name: 'Place hold' }).click();
    await page.getByRole('status').getByText('Hold placed: do not terminate').waitFor();
    const [placed] = await holds();
    expect(placed).toMatchObject({
      scope: 'do_not_terminate',
      status: 'active',
      documentRef: 'MCU/2026/0142',
      renewals: 0,
    });
    expect(placed.expiresAt.toISOString()).toBe(`${dayAhead(5)}T00:00:00.000Z`);
    const table = page.getByRole('table', { name: 'Holds your agency placed, newest first' });
    await table.getByText('Active').waitFor();

    await page.getByRole('button', { name: 'Renew the do not terminate hold' }).click();
    await page.getByLabel('New expiry').fill(dayAhead(6, 2));
    await expectAccessible(page, 'the renew form');
    await page.getByRole('button', { name: 'Renew hold' }).click();
    await page.getByRole('status').getByText('Hold renewed until').waitFor();
    const [renewed] = await holds();
    expect(renewed.renewals).toBe(1);
    expect(renewed.expiresAt.toISOString()).toBe(`${dayAhead(6, 2)}T00:00:00.000Z`);
    await table.getByText('renewed 1 time').waitFor();

    await page.getByRole('button', { name: 'Release the do not terminate hold' }).click();
    await page.getByLabel('Reason for releasing').fill('Payouts traced.');
    await page.getByRole('button', { name: 'Release hold' }).click();
    await page.getByRole('status').getByText('Hold released').waitFor();
    const [released] = await holds();
    expect(released.status).toBe('released');
    expect(released.releasedBy).toBe(routed.liaison.id);
    await table.getByText('Released', { exact: true }).waitFor();
    await expect(
      page.getByRole('button', { name: 'Release the do not terminate hold' }).count(),
    ).resolves.toBe(0);
  });

  it('should print the package: no navigation, the marking on top, every section, no Print button on paper', async () => {
    const filer = await createFiler(ds());
    const fixture = await createCase(ds(), [filer], { tlp: 'AMBER+STRICT' });
    const agency = await createAgency(ds());
    const liaison = await createLiaison(ds(), agency);
    const dispatch = await createDispatch(ds(), fixture, agency, {
      status: 'accepted',
      namedLiaisonIds: [liaison.id],
    });
    const { page } = suite.tab;
    await signIn(page, liaison.email);
    await openDispatch(page, dispatch.id);

    await page.getByRole('link', { name: 'Print view' }).click();
    await page.waitForURL(`**/dispatches/${dispatch.id}/print`);
    await page
      .getByRole('heading', { name: `Case package ${fixture.caseRow.reference}`, level: 1 })
      .waitFor();
    const print = page.getByRole('button', { name: 'Print' });
    await print.waitFor();
    await expectAccessible(page, 'the print view');

    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(false);
    await expect(print.isVisible()).resolves.toBe(false);
    await expect(page.getByText('Sign out').isVisible()).resolves.toBe(false);
    // The markings sit in the table's header group, which the browser repeats on every printed page.
    const marking = page.locator('.liaison-print-frame > thead .liaison-print-marking');
    await expect(marking.getByText('TLP:AMBER+STRICT').isVisible()).resolves.toBe(true);
    await expect(marking.getByText(/PAP:AMBER/).isVisible()).resolves.toBe(true);
    await expect(marking.getByText(/Named recipients only/).isVisible()).resolves.toBe(true);
    for (const section of ['Summary', 'Merchant', 'Observables', 'Transactions', 'Holds']) {
      await expect(
        page.getByRole('heading', { name: section, level: 2 }).isVisible(),
      ).resolves.toBe(true);
    }
    await expect(page.getByText('filed by coalition member').isVisible()).resolves.toBe(true);
    // Black on white.
    const colours = await page
      .locator('.liaison-print')
      .evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    expect(colours).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
    await saveScreenshot(page, 'liaison-print');
    await page.emulateMedia({ media: 'screen' });
  });
});
