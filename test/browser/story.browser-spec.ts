import { loadSigningKey } from '@app/audit';
import { CaseEntity, DispatchEntity, ReferralEntity } from '@app/persistence';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { TEST_AUDIT_SIGNING_KEY } from '../support/environment';
import { eventually } from '../support/eventually';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  type Session,
} from '../support/factories';
import {
  expectAccessible,
  openConsole,
  saveScreenshot,
  signIn,
  type ConsolePage,
} from './support/browser';
import { useConsoleSuite } from './support/console-suite';
import { chooseCountry, nextStep } from './support/referral-form';

/**
 * The whole story, clicked through in the browser by the four people it takes,
 * each signed in with a session of their own, against the real API, worker,
 * PostgreSQL and Redis: a compliance officer files a referral, a coordinator
 * triages the case intake made of it and proposes routing, a lead approves,
 * the agency's liaison accepts the dispatch, and the officer sees the outcome.
 */
describe('The whole story in the console (browser)', () => {
  const COUNTRY = 'MT';
  // The spec has a database of its own, so the names can read like real ones (all fictitious).
  const merchantName = 'Lumen Media Ltd';
  const agencyName = 'Malta Police Cybercrime Unit';

  const tabs: ConsolePage[] = [];
  afterAll(async () => {
    for (const tab of tabs) await tab.close().catch(() => undefined);
  });
  const suite = useConsoleSuite({ worker: true, scratch: 'story', tabs: false });
  const people = {
    officer: { email: '', organization: '' },
    coordinator: { email: '' },
    lead: { email: '' },
    liaison: { email: '' },
  };

  beforeAll(async () => {
    const ds = suite.server.api.dataSource;
    const admin: Session = (await signedInUser(ds, suite.server.api.http, 'platform_admin'))
      .session;
    const post = (path: string, body: object) =>
      suite.server.api.http.post(`/api/v1${path}`).set(admin.auth).send(body);

    // Reference data a platform administrator keeps: the merchant's jurisdiction and its agency.
    expect(
      (
        await post('/jurisdictions', {
          code: COUNTRY,
          name: 'Malta (test)',
          csamSpecificLaw: 'yes',
        })
      ).status,
    ).toBe(201);
    const police = await createOrganization(ds, 'law_enforcement', {
      legalName: 'Malta Police Force',
      country: COUNTRY,
    });
    expect(
      (
        await post('/agencies', {
          organizationId: police.id,
          name: agencyName,
          coverage: [COUNTRY],
        })
      ).status,
    ).toBe(201);
    people.liaison.email = (
      await createUser(ds, police, 'le_liaison', { displayName: 'Mark Borg' })
    ).email;

    const bank = await createOrganization(ds, 'member', { legalName: 'Northbank Plc' });
    people.officer.email = (
      await createUser(ds, bank, 'member_reporter', { displayName: 'Olivia Officer' })
    ).email;
    people.officer.organization = bank.legalName;
    const coalition = await createOrganization(ds, 'coalition', {
      legalName: 'Coalition Secretariat',
    });
    people.coordinator.email = (
      await createUser(ds, coalition, 'coordinator', { displayName: 'Cora Coordinator' })
    ).email;
    people.lead.email = (
      await createUser(ds, coalition, 'lead_coordinator', { displayName: 'Lena Lead' })
    ).email;
  }, 120_000);

  /** Clicks `button` and saves the file the page hands to the browser's download. */
  async function download(page: Page, button: Locator, path: string): Promise<Buffer> {
    const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
    await file.saveAs(path);
    return readFile(path);
  }

  /** The standalone verifier, as an agency runs it on the files it downloaded. */
  function verify(...args: string[]): Promise<{ code: number; stdout: string }> {
    const cli = join(__dirname, '../../dist/apps/cli/src/package-verify.js');
    return new Promise((resolve) => {
      execFile(process.execPath, [cli, ...args], (error, stdout) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout });
      });
    });
  }

  async function person(email: string): Promise<ConsolePage> {
    const tab = await openConsole(suite.browser, suite.server.baseUrl);
    tabs.push(tab);
    await signIn(tab.page, email);
    return tab;
  }

  it('should take a referral from the officer to the agency and back', async () => {
    const ds = suite.server.api.dataSource;

    // 1. The compliance officer files the referral through the guided form.
    const officer = await person(people.officer.email);
    let page = officer.page;
    await page.waitForURL('**/referrals');
    await page.getByRole('link', { name: 'New referral' }).first().click();
    await page.getByLabel('Legal name').fill(merchantName);
    await chooseCountry(page, 'Country of registration', COUNTRY, 'Malta');
    await page.getByLabel('Websites').fill('lumen-media.example/members');
    await nextStep(page, 'Evidence');
    await nextStep(page, 'Transactions');
    await page.getByRole('button', { name: 'Add a transaction' }).click();
    await page.getByLabel('Date (transaction 1)').fill('2026-10-02');
    await page.getByLabel('Amount (transaction 1)').fill('49,99');
    await page.getByLabel('Currency (transaction 1)').fill('EUR');
    await page.getByLabel('Direction (transaction 1)').selectOption('outbound');
    await nextStep(page, 'Narrative');
    await page.getByLabel('Category').selectOption('commercial_csam_sale');
    await page.getByLabel('Descriptor mismatch').check();
    await page
      .getByRole('textbox', { name: /^Narrative/ })
      .fill(
        'Card payments of 49.99 EUR to a "media subscription" merchant whose site sells ' +
          'abuse material behind a members area; descriptor does not match the site.',
      );
    await nextStep(page, 'Review and submit');
    await page.getByRole('main').getByText('https://lumen-media.example/members').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'story-1-officer-form');
    await page
      .getByLabel('I acknowledge that a referral does not replace my own legal duty')
      .check();
    await page.getByRole('button', { name: 'Submit referral' }).click();
    await page
      .getByRole('dialog', { name: 'Submit this referral to the coalition?' })
      .getByRole('button', { name: 'Submit referral' })
      .click();
    await page.waitForURL(/\/referrals\/[0-9a-f-]{36}\/receipt$/);
    await page.getByRole('heading', { level: 1, name: /^Receipt for referral / }).waitFor();
    await page.getByRole('link', { name: 'Open the referral' }).click();
    await page.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    const referralId = page.url().split('/').pop() ?? '';
    // Intake (the worker) puts it on a case; the officer's page follows.
    await page
      .getByRole('region', { name: 'Status' })
      .getByText('In review')
      .waitFor({ timeout: 20_000 });
    await expectAccessible(page, 'the filed referral');
    const referral = await ds.manager.findOneByOrFail(ReferralEntity, { id: referralId });
    expect(referral.status).toBe('in_review');
    const caseRow = await ds.manager.findOneByOrFail(CaseEntity, { id: referral.caseId ?? '' });

    // 2. A coordinator finds the case in the inbox, takes it and proposes routing.
    const coordinator = await person(people.coordinator.email);
    page = coordinator.page;
    await page.waitForURL('**/cases');
    const row = page.getByRole('row', { name: new RegExp(merchantName) });
    await row.getByRole('link', { name: caseRow.reference }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(caseRow.reference) }).waitFor();
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page
      .getByRole('status')
      .getByText(/assigned/i)
      .first()
      .waitFor();
    const routing = page.getByRole('region', { name: 'Routing' });
    const agency = routing.getByRole('checkbox', { name: agencyName });
    await agency.waitFor();
    // The suggestion ticks the agency covering the merchant's country, with its reason.
    await expect(agency.isChecked()).resolves.toBe(true);
    // The referral's own marking, pre-set: the package loosens nothing.
    await expect(routing.getByLabel('TLP').inputValue()).resolves.toBe('AMBER+STRICT');
    // AMBER+STRICT goes to named people: the coordinator names the agency's liaison.
    await routing
      .getByRole('group', { name: `Named liaisons at ${agencyName}` })
      .getByRole('checkbox', { name: /Mark Borg/ })
      .check();
    await routing
      .getByLabel('Rationale')
      .fill('Merchant registered in Malta; the Malta unit covers it. Members area sells CSAM.');
    await expectAccessible(page, 'the case before proposing');
    // The screenshot shows the routing suggestion with its reasons, not the field typed last.
    await routing.evaluate((section) => section.scrollIntoView());
    await saveScreenshot(page, 'story-2-coordinator-case');
    await routing.getByRole('button', { name: 'Propose for approval' }).click();
    await page
      .getByRole('status')
      .getByText(/awaits a lead’s approval/)
      .waitFor();
    expect((await ds.manager.findOneByOrFail(CaseEntity, { id: caseRow.id })).status).toBe(
      'pending_approval',
    );

    // 3. A lead coordinator (not the proposer) approves it from "Awaiting approval".
    const lead = await person(people.lead.email);
    page = lead.page;
    await page.getByRole('link', { name: 'Awaiting approval' }).click();
    await page.getByRole('link', { name: caseRow.reference }).click();
    await expectAccessible(page, 'the proposal awaiting approval');
    // Before approving, the lead reads exactly what the agency will receive.
    await page.getByText('Preview what each agency will receive').click();
    const preview = page.getByRole('article', { name: `Package for ${agencyName}` });
    await preview.getByText(merchantName).first().waitFor();
    expect(await preview.innerText()).not.toContain(people.officer.organization);
    await saveScreenshot(page, 'story-3-lead-approval');
    await page
      .getByRole('region', { name: 'Routing' })
      .getByRole('button', { name: 'Approve' })
      .click();
    await page
      .getByRole('dialog', { name: /^Approve the routing of/ })
      .getByRole('button', { name: 'Approve and send' })
      .click();
    await page
      .getByRole('status')
      .getByText(/Routing approved/)
      .waitFor();
    const dispatch = await eventually('the dispatch to the agency', async () => {
      const found = await ds.manager.findOneBy(DispatchEntity, { caseId: caseRow.id });
      return found && found.status !== 'pending' ? found : undefined;
    });
    expect(dispatch.status).toBe('delivered');

    // 4. The agency's liaison reads the package and accepts the case.
    const liaison = await person(people.liaison.email);
    page = liaison.page;
    await page.waitForURL('**/dispatches');
    await page.getByRole('link', { name: caseRow.reference }).first().click();
    await page.getByRole('heading', { level: 1, name: `Case ${caseRow.reference}` }).waitFor();
    await page.getByText(merchantName).first().waitFor();
    // Sent to this liaison by name: the page says so under the marking.
    await page.getByRole('note', { name: 'Named recipients' }).waitFor();
    // The filing bank is not named to the agency unless it opted in.
    expect(await page.locator('main').innerText()).not.toContain(people.officer.organization);
    await expectAccessible(page, 'the case package');
    await saveScreenshot(page, 'story-4-liaison-package');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page
      .getByRole('status')
      .getByText(/acknowledged/i)
      .first()
      .waitFor();
    await page.getByLabel('LE case number').fill('MCU-2026-0142');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page
      .getByRole('status')
      .getByText(/accepted/i)
      .first()
      .waitFor();
    const accepted = await ds.manager.findOneByOrFail(DispatchEntity, { id: dispatch.id });
    expect(accepted.status).toBe('accepted');
    expect(accepted.leCaseNumber).toBe('MCU-2026-0142');

    // The liaison keeps the evidence: the package, its printout and the proof, and the
    // agency's own check with the coalition's public key accepts them.
    const liaisonApi = await login(suite.server.api.http, people.liaison.email);
    await eventually('the checkpoint covering the dispatch', async () =>
      (
        await suite.server.api.http
          .get(`/api/v1/dispatches/${dispatch.id}/proof`)
          .set(liaisonApi.auth)
      ).status === 200
        ? true
        : undefined,
    );
    const evidence = page.getByRole('region', { name: 'Evidence' });
    await evidence.scrollIntoViewIfNeeded();
    const dir = await mkdtemp(join(tmpdir(), 'crh-story-evidence-'));
    try {
      const pkg = await download(
        page,
        evidence.getByRole('button', { name: 'Download package (.json)' }),
        join(dir, 'package.json'),
      );
      expect(JSON.parse(pkg.toString('utf8'))).toMatchObject({
        dispatch: { id: dispatch.id },
        tlp: 'AMBER+STRICT',
      });
      const pdf = await download(
        page,
        evidence.getByRole('button', { name: 'Download printable PDF' }),
        join(dir, 'package.pdf'),
      );
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await download(
        page,
        evidence.getByRole('button', { name: 'Download proof' }),
        join(dir, 'proof.json'),
      );
      await evidence.getByText(/The proof relies on checkpoint/).waitFor();
      await saveScreenshot(page, 'story-4b-liaison-evidence');
      await writeFile(
        join(dir, 'coalition.pem'),
        loadSigningKey(TEST_AUDIT_SIGNING_KEY).publicKeyPem,
      );
      const verdict = await verify(
        join(dir, 'package.json'),
        join(dir, 'proof.json'),
        '--public-key',
        join(dir, 'coalition.pem'),
      );
      expect(verdict).toEqual({ code: 0, stdout: expect.stringMatching(/^valid: /) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // 5. Back at the bank: the officer sees that the coalition accepted the referral.
    page = officer.page;
    await page.reload();
    await page.getByRole('region', { name: 'Status' }).getByText('Accepted').first().waitFor();
    await expectAccessible(page, 'the accepted referral');
    await saveScreenshot(page, 'story-5-officer-accepted');

    for (const tab of tabs) expect(tab.errors).toEqual([]);
  }, 180_000);
});
