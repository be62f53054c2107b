import type { Page } from 'playwright-core';
import {
  createAgency,
  createDispatch,
  createFiler,
  createLiaison,
  type CaseFixture,
  type FilerFixture,
} from '../support/case-fixtures';
import { createOrganization, createUser, uniqueSuffix } from '../support/factories';
import { keyedCase } from '../support/search-fixtures';
import { expectAccessible, saveScreenshot, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

/**
 * The top bar's search box, from each role: what it finds opens where the
 * role works on it, and a record of another organization or agency is
 * simply not found.
 */
describe('Search (browser)', () => {
  const suite = useConsoleSuite();
  const run = uniqueSuffix();
  const domainA = `lanternquay-${run}.example`;
  const domainB = `brightmoor-${run}.example`;
  let bankA: FilerFixture;
  let caseA: CaseFixture;
  let caseB: CaseFixture;
  let coordinatorEmail: string;
  let auditorEmail: string;
  let liaisonXEmail: string;
  let dispatchX: { id: string; reference: string };
  let dispatchY: { id: string; reference: string };
  let person: { id: string; displayName: string };

  beforeAll(async () => {
    const ds = suite.server.api.dataSource;
    bankA = await createFiler(ds);
    const bankB = await createFiler(ds);
    caseA = await keyedCase(ds, [bankA], {
      legalName: 'Lantern Quay Outfitters Ltd',
      domain: domainA,
    });
    caseB = await keyedCase(ds, [bankB], { legalName: 'Brightmoor Studios Ltd', domain: domainB });
    const coalition = await createOrganization(ds, 'coalition');
    coordinatorEmail = (await createUser(ds, coalition, 'coordinator')).email;
    auditorEmail = (await createUser(ds, coalition, 'auditor')).email;
    const agencyX = await createAgency(ds);
    const agencyY = await createAgency(ds);
    liaisonXEmail = (await createLiaison(ds, agencyX)).email;
    dispatchX = await createDispatch(ds, caseA, agencyX, { tlp: 'GREEN' });
    dispatchY = await createDispatch(ds, caseB, agencyY, { tlp: 'GREEN' });
    person = await createUser(ds, bankA.org, 'member_admin', {
      displayName: `Perpetua Lindqvist ${run}`,
    });
  }, 60_000);

  /** Search from the top bar and wait for the results page. */
  const find = async (page: Page, text: string): Promise<void> => {
    const box = page.getByRole('searchbox', { name: 'Find in the hub' });
    await box.fill(text);
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.getByRole('heading', { level: 1, name: /^Search results for/ }).waitFor();
  };
  const nothingFound = (page: Page) => page.getByText('Nothing found').waitFor();

  it("should let an officer find their referral, and nothing of another bank's merchant", async () => {
    const { page } = suite.tab;
    await signIn(page, bankA.user.email);
    await find(page, domainB);
    await nothingFound(page);
    await expectAccessible(page, 'a search that finds nothing');
    await find(page, domainA);
    const group = page.getByRole('region', { name: /Referrals/ });
    await group.getByRole('link', { name: `Referral ${caseA.referrals[0].reference}` }).click();
    await page
      .getByRole('heading', { level: 1, name: `Referral ${caseA.referrals[0].reference}` })
      .waitFor();
  });

  it('should let a coordinator find a case by a misspelt merchant name, grouped by kind', async () => {
    const { page } = suite.tab;
    await signIn(page, coordinatorEmail);
    await find(page, 'Lantern Kway Outfiters');
    const cases = page.getByRole('region', { name: /Cases/ });
    await cases.getByText('Similar name').first().waitFor();
    await expect(
      page.getByRole('region', { name: /Cases/ }).getByRole('link').count(),
    ).resolves.toBe(1);
    await expectAccessible(page, 'search results grouped by kind');
    await saveScreenshot(page, 'search-results');
    await cases.getByRole('link', { name: `Case ${caseA.caseRow.reference}` }).click();
    await page
      .getByRole('heading', { level: 1, name: `Case ${caseA.caseRow.reference}` })
      .waitFor();
    expect(caseB.caseRow.reference).not.toBe(caseA.caseRow.reference);
  });

  it("should let a liaison open their agency's dispatch, and not find another agency's", async () => {
    const { page } = suite.tab;
    await signIn(page, liaisonXEmail);
    await find(page, dispatchY.reference);
    await nothingFound(page);
    await find(page, dispatchX.reference);
    await page.getByRole('link', { name: `Dispatch ${dispatchX.reference}` }).click();
    await page.waitForURL(`**/dispatches/${dispatchX.id}`);
    await page
      .getByRole('heading', { level: 1, name: `Case ${caseA.caseRow.reference}` })
      .waitFor();
  });

  it("should let an auditor find a reference and open its events, but not search a merchant's content", async () => {
    const { page } = suite.tab;
    await signIn(page, auditorEmail);
    await find(page, domainA);
    await nothingFound(page);
    const reference = caseA.referrals[0].reference;
    await find(page, reference);
    await page.getByRole('link', { name: `Referral ${reference}` }).click();
    await page.waitForURL(/\/audit\?targetType=referral&targetId=/);
    await page.getByRole('heading', { name: 'Audit events', level: 1 }).waitFor();
  });

  it('should let a coordinator save the inbox filters as a view, and apply it later', async () => {
    const { page } = suite.tab;
    await signIn(page, coordinatorEmail);
    await page.goto('/cases');
    await page.getByRole('heading', { level: 1, name: 'Case inbox' }).waitFor();
    await page.getByLabel('Priority').selectOption('P2');
    await page.waitForURL(/priority=P2/);
    await page.getByLabel('Save these filters as').fill('Second priority');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByText('These filters are saved as “Second priority”.').waitFor();
    await expectAccessible(page, 'the inbox with a saved view');

    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => !url.search.includes('priority'));
    await page.getByLabel('Saved view').selectOption({ label: 'Second priority' });
    await page.waitForURL(/priority=P2/);
    await expect(page.getByLabel('Priority').inputValue()).resolves.toBe('P2');
  });

  it('should let an auditor pick a person and a record for the event filters, and an action by its label', async () => {
    const { page } = suite.tab;
    await signIn(page, auditorEmail);
    await page.waitForURL('**/audit');
    const people = page.getByRole('combobox', { name: 'Find a person' });
    await people.fill('Perpetua Lindq');
    const option = page.getByRole('option', { name: new RegExp(person.displayName) });
    await option.waitFor();
    await expectAccessible(page, 'the auditor picker open');
    await people.press('ArrowDown');
    await expect(option.getAttribute('aria-selected')).resolves.toBe('true');
    await people.press('Enter');
    await expect(page.getByLabel('Actor (user id)').inputValue()).resolves.toBe(person.id);

    const records = page.getByRole('combobox', { name: 'Find a record' });
    await records.fill(caseA.caseRow.reference);
    await page.getByRole('option', { name: new RegExp(caseA.caseRow.reference) }).click();
    await expect(page.getByLabel('Target type').inputValue()).resolves.toBe('case');
    await expect(page.getByLabel('Target id').inputValue()).resolves.toBe(caseA.caseRow.id);
    await expect(
      page.locator('#auditor-actions option[value="auth.login"]').getAttribute('label'),
    ).resolves.toBe('Signed in');

    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(new RegExp(`actorId=${person.id}`));
    expect(page.url()).toContain(`targetId=${caseA.caseRow.id}`);
  });
});
