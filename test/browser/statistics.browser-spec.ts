import { readFile } from 'node:fs/promises';
import { createFiler, insertReferral } from '../support/case-fixtures';
import { createOrganization, createUser } from '../support/factories';
import { expectAccessible, saveScreenshot, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

/** The statistics page: figures for auditors and the platform administrator, and the exports. */
describe('Statistics page (browser)', () => {
  const suite = useConsoleSuite();
  let auditorEmail: string;
  let coordinatorEmail: string;
  let memberName: string;

  beforeAll(async () => {
    const ds = suite.server.api.dataSource;
    const coalition = await createOrganization(ds, 'coalition');
    auditorEmail = (await createUser(ds, coalition, 'auditor')).email;
    coordinatorEmail = (await createUser(ds, coalition, 'coordinator')).email;
    const filer = await createFiler(ds);
    memberName = filer.org.legalName;
    // Submitted now, so it is in this month's figures.
    await insertReferral(ds, filer, { status: 'in_review' });
    await insertReferral(ds, filer, { status: 'in_review' });
  });

  it('should show the auditor the figures in captioned tables and save the transparency report', async () => {
    const { page } = suite.tab;
    await signIn(page, auditorEmail);
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.waitForURL('**/statistics');
    await page.getByRole('heading', { name: 'Statistics', level: 1 }).waitFor();
    const referrals = page.getByRole('table', {
      name: /^Submitted referrals per month and member organization/,
    });
    const row = referrals.getByRole('row', { name: new RegExp(memberName) });
    await row.waitFor();
    await expect(row.getByRole('cell').last().textContent()).resolves.toBe('2');
    await page.getByRole('heading', { name: 'Transparency report' }).waitFor();
    await expectAccessible(page, 'the statistics page');
    await saveScreenshot(page, 'statistics');

    const month = new Date().toISOString().slice(0, 7);
    await page.getByLabel('From month').fill(month);
    await page.waitForURL(new RegExp(`/statistics\\?from=${month}`));
    await row.waitFor();

    await page.getByLabel('Year').fill(month.slice(0, 4));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`transparency-report-${month.slice(0, 4)}.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('table,row,column,value');
    expect(csv).not.toContain(memberName);
    await page
      .getByText(/^Saved transparency-report-\d{4}\.csv\. The export is audited\.$/)
      .waitFor();
  });

  it('should offer a coordinator no statistics', async () => {
    const { page } = suite.tab;
    await signIn(page, coordinatorEmail);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await expect(page.getByRole('link', { name: 'Statistics' }).count()).resolves.toBe(0);
  });
});
