import { labelOf, type RetentionKind } from '@app/domain';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createFiler, createRoutedCase, insertReferral } from '../support/case-fixtures';
import { createOrganization, createUser, login, type Session } from '../support/factories';
import { expectAccessible, saveScreenshot, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

interface ReportKind {
  kind: RetentionKind;
  setting: string;
  days: number;
  count: number;
  oldest: string | null;
}
interface Report {
  generatedAt: string;
  kinds: ReportKind[];
  auditSegments: unknown[];
  archives: unknown[];
}

const daysAgo = (days: number) => `now() - interval '${days} days'`;

/** The rows of the kinds table as shown: kind, period, setting, count, oldest. */
async function shownKinds(page: Page): Promise<string[][]> {
  const table = page.getByRole('table', { name: /^Per kind of record/ });
  await table.waitFor();
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll('th, td')).map((cell) => cell.textContent?.trim() ?? ''),
      ),
    );
}

/**
 * The retention dry run in the console: the platform administrator reads the
 * same figures the API reports; other roles get no link and no page. On a
 * database of the spec's own, so its counts are the spec's records alone.
 */
describe('Retention page (browser)', () => {
  const suite = useConsoleSuite({ scratch: 'retention' });
  let adminEmail: string;
  let adminId: string;
  let adminSession: Session;
  let auditorEmail: string;

  beforeAll(async () => {
    const ds = suite.server.api.dataSource;
    const coalition = await createOrganization(ds, 'coalition');
    const admin = await createUser(ds, coalition, 'platform_admin');
    adminEmail = admin.email;
    adminId = admin.id;
    auditorEmail = (await createUser(ds, coalition, 'auditor')).email;
    adminSession = await login(suite.server.api.http, adminEmail);

    /** A routed case, closed (or still open) `days` ago; with an active hold when `held`. */
    const oldCase = async (status: 'closed' | 'in_review', days: number, held = false) => {
      const fx = await createRoutedCase(ds, { dispatchStatus: 'accepted' });
      if (held) {
        await ds.query(
          `INSERT INTO holds (id, dispatch_id, case_id, agency_id, created_by, scope, reason,
             document_ref, expires_at, status)
           VALUES ($1, $2, $3, $4, $5, 'do_not_terminate', 'Keep the account open.', 'REF-1',
             now() + interval '30 days', 'active')`,
          [randomUUID(), fx.dispatch.id, fx.caseRow.id, fx.agency.agency.id, fx.liaison.id],
        );
      }
      await ds.query(
        `UPDATE cases SET status = $2,
                closed_at = CASE WHEN $2 = 'closed' THEN ${daysAgo(days)} END,
                updated_at = ${daysAgo(days)} WHERE id = $1`,
        [fx.caseRow.id, status],
      );
    };
    // Due: a case closed 2000 days ago (the period is 1826 days) and a year-old draft.
    await oldCase('closed', 2000);
    const filer = await createFiler(ds);
    const draft = await insertReferral(ds, filer, { status: 'draft' });
    await ds.query(`UPDATE referrals SET updated_at = ${daysAgo(400)} WHERE id = $1`, [draft.id]);
    // Kept, as old: a closed case under an active hold, and a case still open.
    await oldCase('closed', 2000, true);
    await oldCase('in_review', 2000);
    // Kept: a case closed recently.
    await oldCase('closed', 10);
  });

  it('should show the platform administrator the dry run the API reports', async () => {
    const { page } = suite.tab;
    await signIn(page, adminEmail);
    const shown = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/retention/report') && r.request().method() === 'GET',
    );
    await page.getByRole('link', { name: 'Retention' }).click();
    await page.waitForURL('**/admin/retention');
    await page.getByRole('heading', { name: 'Retention', level: 1 }).waitFor();
    await page.getByText(/^This is a dry run: viewing it removes nothing\./).waitFor();
    const rows = await shownKinds(page);
    const pageReport = (await (await shown).json()) as Report;
    // The API recorded the reading; viewing changed nothing else.
    const [read] = await suite.server.api.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_events
        WHERE action = 'retention.report' AND actor_user_id = $1`,
      [adminId],
    );
    expect(read.n).toBe(1);

    const response = await suite.server.api.http
      .get('/api/v1/retention/report')
      .set(adminSession.auth);
    expect(response.status).toBe(200);
    const report = response.body as Report;

    // The old closed case and the old draft are due; the held, open and recent cases are not.
    const count = (kind: RetentionKind) => report.kinds.find((k) => k.kind === kind)?.count;
    expect(count('closed_cases')).toBe(1);
    expect(count('drafts')).toBe(1);
    expect(pageReport.kinds.map((k) => [k.kind, k.count])).toEqual(
      report.kinds.map((k) => [k.kind, k.count]),
    );

    expect(rows).toHaveLength(report.kinds.length);
    report.kinds.forEach((k, i) => {
      const [kind, period, setting, due, oldest] = rows[i];
      expect(kind).toBe(labelOf(k.kind, 'retentionKind'));
      expect(period).toMatch(new RegExp(`^${k.days.toLocaleString('en-GB')} days?\\b`));
      expect(setting).toBe(k.setting);
      expect(due).toBe(k.count.toLocaleString('en-GB'));
      if (k.count === 0) expect(oldest).toBe('None due');
      else expect(oldest).not.toBe('None due');
    });
    const closedRow = page
      .getByRole('table', { name: /^Per kind of record/ })
      .getByRole('row', { name: /^Closed and rejected cases/ });
    await expect(closedRow.locator('time').getAttribute('datetime')).resolves.toBe(
      report.kinds.find((k) => k.kind === 'closed_cases')?.oldest,
    );

    // When it was computed: the instant of the answer the page received.
    const computed = page.getByText(/^Computed /).locator('time');
    await expect(computed.getAttribute('datetime')).resolves.toBe(pageReport.generatedAt);
    await page.getByText('No audit month is due for archiving.').waitFor();
    await page.getByText('No audit month has been archived yet.').waitFor();

    await expectAccessible(page, 'the retention page');
    await saveScreenshot(page, 'retention-report');
  });

  it('should offer an auditor no retention link and no retention page', async () => {
    const { page } = suite.tab;
    await signIn(page, auditorEmail);
    await page.getByRole('link', { name: 'Statistics' }).waitFor();
    await expect(page.getByRole('link', { name: 'Retention' }).count()).resolves.toBe(0);
    await page.goto(`${suite.server.baseUrl}/admin/retention`);
    await page
      .getByRole('heading', { level: 1, name: 'Not found, or you do not have access' })
      .waitFor();
    await expect(page.getByRole('heading', { name: 'Retention' }).count()).resolves.toBe(0);
  });
});
