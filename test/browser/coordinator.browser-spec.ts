import { ReferralEntity } from '@app/persistence';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  uniqueSuffix,
  type Session,
} from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { expectAccessible, openConsole, saveScreenshot, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

/** An agency's webhook receiver that answers whatever status the test sets. */
async function startReceiver(): Promise<{
  url: string;
  answer: { status: number };
  close(): Promise<void>;
}> {
  const answer = { status: 503 };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(answer.status).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/crh/dispatches`,
    answer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface CaseView {
  id: string;
  reference: string;
  status: string;
  assignee: { id: string } | null;
  statusReason: string | null;
  referrals: { id: string; reference: string; status: string }[];
  routing: {
    plan: {
      agencies: { agencyId: string }[];
      tlp: string;
      pap: string;
      tlpDowngrade: { from: string; reason: string } | null;
    } | null;
  };
  dispatches: { id: string; reference: string; status: string; agency: { id: string } }[];
}

/**
 * The coordinators' and leads' console: the inbox, the case workbench
 * (matching, suggestions, notes, questions to filers, routing), four-eyes
 * approval, failed deliveries and alerts. The spec has a database of its own,
 * so its inbox, routing and deliveries see only its own records.
 */
describe('Coordinator console (browser)', () => {
  // Countries routing sees: merchant in MT, acquirer in CY, websites hosted in BR (not recorded).
  const MERCHANT_COUNTRY = 'MT';
  const ACQUIRER_COUNTRY = 'CY';
  const OTHER_COUNTRY = 'LU';
  const HOSTING_COUNTRY = 'BR';

  const suite = useConsoleSuite({
    worker: true,
    scratch: 'coordinator',
    env: {
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_BACKOFF_MS: '50',
      WEBHOOK_MAX_ATTEMPTS: '2',
    },
  });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  let admin: Session;
  let coordinator: { id: string; email: string; session: Session };
  let lead: { id: string; email: string; session: Session };
  let secondLead: { id: string; email: string; session: Session };
  const agencies = {
    portal: { id: '', name: `Malta Cyber Unit ${uniqueSuffix()}` },
    webhook: { id: '', name: `Cyprus Financial Crime Desk ${uniqueSuffix()}` },
    other: { id: '', name: `Luxembourg Liaison ${uniqueSuffix()}` },
    fallback: { id: '', name: `International Liaison Desk ${uniqueSuffix()}` },
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    const ds = suite.server.api.dataSource;
    admin = (await signedInUser(ds, suite.server.api.http, 'platform_admin')).session;
    const coalition = await createOrganization(ds, 'coalition');
    const person = async (
      role: 'coordinator' | 'lead_coordinator',
      displayName: string,
    ): Promise<{ id: string; email: string; session: Session }> => {
      const user = await createUser(ds, coalition, role, { displayName });
      return {
        id: user.id,
        email: user.email,
        session: await login(suite.server.api.http, user.email),
      };
    };
    coordinator = await person('coordinator', 'Cora Coordinator');
    lead = await person('lead_coordinator', 'Lena Lead');
    secondLead = await person('lead_coordinator', 'Omar Second-Lead');

    for (const [code, name] of [
      [MERCHANT_COUNTRY, 'Test jurisdiction one'],
      [ACQUIRER_COUNTRY, 'Test jurisdiction two'],
      [OTHER_COUNTRY, 'Test jurisdiction three'],
    ]) {
      await post(admin, '/jurisdictions', {
        code,
        name,
        csamSpecificLaw: 'yes',
        hotline: true,
      }).then((res) => expect(res.status).toBe(201));
    }
    const agency = async (
      name: string,
      body: { coverage: string[]; channels?: string[]; isFallback?: boolean },
    ): Promise<string> => {
      const org = await createOrganization(ds, 'law_enforcement');
      const webhook = body.channels?.includes('webhook')
        ? {
            webhookUrl: receiver.url,
            webhookSecret: `whsec-${uniqueSuffix()}-0123456789abcdefghijklmnopqrstuvwxyz`,
          }
        : {};
      const res = await post(admin, '/agencies', {
        organizationId: org.id,
        name,
        ...body,
        ...webhook,
      });
      expect(res.status).toBe(201);
      return (res.body as { id: string }).id;
    };
    agencies.portal.id = await agency(agencies.portal.name, { coverage: [MERCHANT_COUNTRY] });
    agencies.webhook.id = await agency(agencies.webhook.name, {
      coverage: [ACQUIRER_COUNTRY],
      channels: ['webhook'],
    });
    agencies.other.id = await agency(agencies.other.name, { coverage: [OTHER_COUNTRY] });
    agencies.fallback.id = await agency(agencies.fallback.name, {
      coverage: [],
      isFallback: true,
    });
  }, 120_000);

  afterAll(async () => {
    await receiver?.close();
  });

  beforeEach(() => {
    receiver.answer.status = 503;
  });

  function get(s: Session, path: string) {
    return suite.server.api.http.get(`/api/v1${path}`).set(s.auth);
  }
  function post(s: Session, path: string, body: object = {}) {
    return suite.server.api.http.post(`/api/v1${path}`).set(s.auth).send(body);
  }

  async function caseView(id: string): Promise<CaseView> {
    const res = await get(coordinator.session, `/cases/${id}`);
    expect(res.status).toBe(200);
    return res.body as CaseView;
  }

  async function member(): Promise<{ session: Session; legalName: string }> {
    const m = await signedInUser(
      suite.server.api.dataSource,
      suite.server.api.http,
      'member_reporter',
    );
    return { session: m.session, legalName: m.org.legalName };
  }

  /** A member files and submits a referral about an MT merchant; the worker takes it in. */
  async function fileReferral(
    filer: Session,
    merchant: { legalName: string; domain?: string; priority?: string },
  ): Promise<{ id: string; reference: string; caseId: string }> {
    const body = referralBody({
      domain: merchant.domain ?? `shop-${uniqueSuffix()}.example`,
      legalName: merchant.legalName,
      country: MERCHANT_COUNTRY,
      priority: merchant.priority ?? 'P2',
      ...(merchant.priority === 'P1'
        ? { escalationReason: 'Live sales seen on the storefront this week.' }
        : {}),
    });
    body.merchant.acquirer.country = ACQUIRER_COUNTRY;
    body.merchant.principals[0].countryOfResidence = MERCHANT_COUNTRY;
    Object.assign(body.merchant, { hostingCountries: [HOSTING_COUNTRY] });
    const created = await post(filer, '/referrals', body);
    expect(created.status).toBe(201);
    const { id, reference } = created.body as { id: string; reference: string };
    expect((await post(filer, `/referrals/${id}/submit`)).status).toBe(200);
    const caseId = await eventually('the referral to be taken in', async () => {
      const row = await suite.server.api.dataSource.manager.findOneBy(ReferralEntity, { id });
      return row?.status === 'in_review' && row.caseId ? row.caseId : undefined;
    });
    return { id, reference, caseId };
  }

  /** A new case of one referral, in triage. */
  async function newCase(legalName: string, priority = 'P2'): Promise<CaseView> {
    const filer = await member();
    const referral = await fileReferral(filer.session, { legalName, priority });
    return caseView(referral.caseId);
  }

  /** A case claimed and proposed (by `proposer`) for routing to `agencyIds`. */
  async function proposedCase(
    legalName: string,
    proposer: { session: Session },
    agencyIds: string[],
  ): Promise<CaseView> {
    const c = await newCase(legalName);
    expect((await post(proposer.session, `/cases/${c.id}/assign`)).status).toBe(200);
    const proposed = await post(proposer.session, `/cases/${c.id}/propose`, {
      agencyIds,
      tlp: 'AMBER',
      tlpDowngradeReason: 'The acquirer’s fraud team must be briefed as well.',
      rationale: 'Merchant registered in MT; its acquirer is in CY.',
    });
    expect(proposed.status).toBe(200);
    return proposed.body as CaseView;
  }

  /** The table row holding `text` (a reference, an agency name). */
  function row(within: Page | Locator, text: string) {
    return within.locator('tr', { hasText: text });
  }

  it('should filter the inbox by priority and overdue, keep the filters in the address, and go Back', async () => {
    const urgent = await newCase(`Harbour Lantern Media ${uniqueSuffix()}`, 'P1');
    const later = await newCase(`Quillon Sparrow Arts ${uniqueSuffix()}`, 'P3');
    // The triage clock of the urgent case has run out (the worker would mark it after two business days).
    await suite.server.api.dataSource.query(
      `UPDATE sla_clocks SET status = 'breached', breached_at = now(), due_at = now() - interval '1 hour'
        WHERE case_id = $1 AND clock = 'triage'`,
      [urgent.id],
    );

    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    expect(new URL(page.url()).pathname).toBe('/cases');
    await page.getByRole('heading', { name: 'Case inbox' }).waitFor();
    await row(page, urgent.reference).waitFor();
    await expect(
      row(page, urgent.reference).getByText('P1 — most urgent', { exact: true }).count(),
    ).resolves.toBe(1);
    await expect(row(page, urgent.reference).getByText('Overdue').count()).resolves.toBe(1);
    await expect(
      row(page, later.reference).getByText('P3 — normal', { exact: true }).count(),
    ).resolves.toBe(1);
    await row(page, later.reference)
      .getByText(/^Due in \d+ (days|hours)$/)
      .waitFor();
    // Most urgent first.
    const order = await page.locator('tbody tr td:first-child').allInnerTexts();
    expect(order.indexOf(urgent.reference)).toBeLessThan(order.indexOf(later.reference));
    // A coordinator is not offered the leads' approval list.
    await expect(page.getByRole('link', { name: 'Awaiting approval' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'the case inbox');
    await saveScreenshot(page, 'coordinator-inbox');

    await page.getByLabel('Priority').selectOption('P1');
    await page.waitForURL(/\/cases\?priority=P1$/);
    await row(page, later.reference).waitFor({ state: 'detached' });
    await row(page, urgent.reference).waitFor();

    // The box follows the address, which changes when the router has navigated: click,
    // then wait for the address and the box (check() would look before the navigation ends).
    await page.getByLabel('Overdue only').click();
    await page.waitForURL(/priority=P1&overdue=true$/);
    await page.getByRole('checkbox', { name: 'Overdue only', checked: true }).waitFor();
    await row(page, urgent.reference).waitFor();

    await page.goBack();
    await page.waitForURL(/\/cases\?priority=P1$/);
    await page.getByRole('checkbox', { name: 'Overdue only', checked: false }).waitFor();

    await page.getByLabel('Priority').selectOption('P4');
    // The filter goes into the address first; the box is clicked on the page that results.
    await page.waitForURL(/\/cases\?priority=P4$/);
    await page.getByLabel('Overdue only').click();
    await page.waitForURL(/priority=P4&overdue=true$/);
    await page.getByText('No cases match these filters.').waitFor();
    await expectAccessible(page, 'the inbox with no matching case');
    await page.getByRole('link', { name: 'Clear filters' }).last().click();
    await page.waitForURL(/\/cases$/);
    await row(page, later.reference).waitFor();
    await row(page, urgent.reference).waitFor();
  });

  it('should claim an unassigned case from its inbox row', async () => {
    const c = await newCase(`Orrin Tallow Studio ${uniqueSuffix()}`);
    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    await page.goto('/cases?assignee=none');
    await page.getByRole('button', { name: `Claim ${c.reference}` }).click();
    await page
      .getByRole('status')
      .getByText(`${c.reference} claimed: it is now in review and assigned to you.`)
      .waitFor();
    const claimed = await caseView(c.id);
    expect(claimed.status).toBe('in_review');
    expect(claimed.assignee?.id).toBe(coordinator.id);
    // No longer unassigned: it left this filtered list, and shows under "Me".
    await row(page, c.reference).waitFor({ state: 'detached' });
    await page.getByLabel('Assignee').selectOption('me');
    await page.waitForURL(/assignee=me/);
    await row(page, c.reference).getByText('In review').waitFor();
    await row(page, c.reference).getByText('You', { exact: true }).waitFor();
  });

  it('should count the members flagging a case, assign it to a colleague, and filter the inbox by that colleague', async () => {
    const name = `Brambling Copper Prints ${uniqueSuffix().replace(/\d/g, 'x')}`;
    const domain = `brambling-${uniqueSuffix()}.example`;
    const first = await fileReferral((await member()).session, { legalName: name, domain });
    const second = await fileReferral((await member()).session, { legalName: name, domain });
    expect(second.caseId).toBe(first.caseId);
    const shared = await caseView(first.caseId);
    const single = await newCase(`Wrenfield Arcade ${uniqueSuffix()}`);

    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    await page.goto('/cases?assignee=none');
    const inbox = page.getByRole('table', { name: /^Cases/ });
    await row(inbox, shared.reference).waitFor();
    const headers = await inbox.getByRole('columnheader').allTextContents();
    const members = headers.indexOf('Members flagging');
    expect(members).toBeGreaterThan(0);
    const membersOf = (reference: string) =>
      row(inbox, reference).getByRole('cell').nth(members).textContent();
    await expect(membersOf(shared.reference)).resolves.toBe('2');
    await expect(membersOf(single.reference)).resolves.toBe('1');

    // The case page: "Assign to" a colleague, beside "Assign to me".
    await row(inbox, shared.reference).getByRole('link', { name: shared.reference }).click();
    await page.getByRole('heading', { name: `Case ${shared.reference}` }).waitFor();
    await page.getByText('2 from 2 members').waitFor();
    await page.getByRole('button', { name: 'Assign to me' }).waitFor();
    const assignTo = page.getByLabel('Assign to', { exact: true });
    await assignTo.selectOption({ label: 'Omar Second-Lead (lead)' });
    await expect(assignTo.locator('option', { hasText: 'Cora Coordinator' }).count()).resolves.toBe(
      0,
    );
    await expectAccessible(page, 'the case page with its assign controls');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page
      .getByRole('status')
      .getByText('Case claimed: it is now in review and assigned to Omar Second-Lead.')
      .waitFor();
    const assigned = await caseView(shared.id);
    expect(assigned.status).toBe('in_review');
    expect(assigned.assignee?.id).toBe(secondLead.id);
    const summary = page.getByRole('region', { name: 'Summary' });
    await summary.getByText('Omar Second-Lead', { exact: true }).waitFor();
    // Handed on: the new assignee is no longer offered, the others are.
    await expect(assignTo.locator('option', { hasText: 'Omar Second-Lead' }).count()).resolves.toBe(
      0,
    );
    await expect(assignTo.locator('option', { hasText: 'Lena Lead' }).count()).resolves.toBe(1);
    await saveScreenshot(page, 'coordinator-assign');

    // The inbox filtered by that colleague shows their case and not the other.
    await page.goto('/cases');
    await page.getByLabel('Assignee').selectOption({ label: 'Omar Second-Lead' });
    await page.waitForURL(new RegExp(`assignee=${secondLead.id}`));
    await row(inbox, shared.reference).getByText('Omar Second-Lead').waitFor();
    await row(inbox, single.reference).waitFor({ state: 'detached' });
    await expectAccessible(page, 'the inbox filtered by a colleague');
    await saveScreenshot(page, 'coordinator-inbox-colleague');
    await page.reload();
    await expect(page.getByLabel('Assignee').inputValue()).resolves.toBe(secondLead.id);
    await row(inbox, shared.reference).waitFor();
  });

  it('should show referrals and why they matched; link one suggestion, dismiss another, add a note and ask a filer', async () => {
    const name = `Kestrel Pixel Media House ${uniqueSuffix().replace(/\d/g, 'x')}`;
    const domain = `kestrel-${uniqueSuffix()}.example`;
    const filerA = await member();
    const filerB = await member();
    const first = await fileReferral(filerA.session, { legalName: name, domain });
    const second = await fileReferral(filerB.session, { legalName: name, domain });
    expect(second.caseId).toBe(first.caseId);
    // Similar names in the same country, on other websites: suggested, not joined.
    const similar = await fileReferral((await member()).session, { legalName: `${name}s` });
    const alike = await fileReferral((await member()).session, { legalName: `${name} Ltd Group` });
    expect(similar.caseId).not.toBe(first.caseId);
    expect(alike.caseId).not.toBe(first.caseId);
    const c = await caseView(first.caseId);

    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    await page.goto(`/cases/${c.id}`);
    await page.getByRole('heading', { name: `Case ${c.reference}` }).waitFor();

    const referrals = page.getByRole('region', { name: /^Referrals/ });
    await row(referrals, first.reference).getByText(filerA.legalName).waitFor();
    await row(referrals, second.reference).getByText(filerB.legalName).waitFor();
    const matched = page.getByRole('region', { name: 'Why they matched' });
    await row(matched, domain).getByText('same registrable domain in a website or URL').waitFor();

    const suggestions = page.getByRole('region', { name: /^Suggestions/ });
    await row(suggestions, similar.reference).waitFor();
    await row(suggestions, alike.reference).waitFor();
    await expectAccessible(page, 'the case page');
    await saveScreenshot(page, 'coordinator-case');

    await page.getByRole('button', { name: `Link ${similar.reference} to this case` }).click();
    await page.getByText(`${similar.reference} linked to this case.`).waitFor();
    await row(referrals, similar.reference).waitFor();
    await page.getByRole('button', { name: `Dismiss suggestion ${alike.reference}` }).click();
    await page.getByText(`Suggestion of ${alike.reference} dismissed.`).waitFor();
    await row(suggestions, alike.reference).getByText('Dismissed').waitFor();
    const after = await caseView(c.id);
    expect(after.referrals.map((r) => r.id)).toContain(similar.id);
    expect(after.referrals.map((r) => r.id)).not.toContain(alike.id);

    const notes = page.getByRole('region', { name: /^Notes/ });
    await notes.getByLabel('Note').fill('Same storefront as last quarter’s case; check the MCC.');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes.getByText('Note added.').waitFor();
    // The field is emptied just after the confirmation shows: look for the note itself.
    await notes
      .getByRole('paragraph')
      .filter({ hasText: 'Same storefront as last quarter’s case; check the MCC.' })
      .waitFor();
    await eventually('the note field to be emptied', async () =>
      (await notes.getByLabel('Note').inputValue()) === '' ? true : undefined,
    );
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Note added', { exact: true }).waitFor();
    await timeline.getByText('Referral linked', { exact: true }).waitFor();

    const requests = page.getByRole('region', { name: /^Information requests/ });
    await requests
      .getByLabel('Referral')
      .selectOption({ label: `${first.reference} · ${filerA.legalName}` });
    await requests.getByLabel('Question').fill('Which acquirer onboarded the merchant, and when?');
    await requests.getByRole('button', { name: 'Send request' }).click();
    await requests.getByText(`Question sent to the filer of ${first.reference}.`).waitFor();
    // The sent question is listed (the form's box may still hold its text for a moment).
    await requests
      .locator('p', { hasText: 'Which acquirer onboarded the merchant, and when?' })
      .waitFor();
    // The filer's referral now shows that information is requested.
    const seen = await get(filerA.session, `/referrals/${first.id}`);
    expect(seen.body.status).toBe('info_requested');
    await expectAccessible(page, 'the case page after its commands');
  });

  it('should explain the routing suggestion, let the coordinator edit it, and propose it for approval', async () => {
    const c = await newCase(`Vireo Ledger Games ${uniqueSuffix()}`);
    expect((await post(coordinator.session, `/cases/${c.id}/assign`)).status).toBe(200);

    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    await page.goto(`/cases/${c.id}`);
    const routing = page.getByRole('region', { name: 'Routing' });
    const portal = routing.getByRole('checkbox', { name: agencies.portal.name });
    const webhook = routing.getByRole('checkbox', { name: agencies.webhook.name });
    const fallback = routing.getByRole('checkbox', { name: agencies.fallback.name });
    await portal.waitFor();
    // Pre-ticked from the suggestion, each with its reason.
    for (const box of [portal, webhook, fallback]) {
      await expect(box.isChecked()).resolves.toBe(true);
    }
    await routing
      .getByText(new RegExp(`merchant registered in ${MERCHANT_COUNTRY}`))
      .first()
      .waitFor();
    await routing
      .getByText(new RegExp(`acquirer in ${ACQUIRER_COUNTRY}`))
      .first()
      .waitFor();
    await routing
      .locator('tr', { hasText: 'Not recorded' })
      .getByText(HOSTING_COUNTRY, { exact: true })
      .waitFor();

    await fallback.uncheck();
    await routing.getByLabel('Add another agency').selectOption(agencies.other.id);
    await routing.getByRole('button', { name: 'Add agency' }).click();
    await expect(
      routing.getByRole('checkbox', { name: agencies.other.name }).isChecked(),
    ).resolves.toBe(true);
    // Pre-set to the referral's marking; a weaker one asks why.
    await expect(routing.getByLabel('TLP').inputValue()).resolves.toBe('AMBER+STRICT');
    // AMBER+STRICT goes to named liaisons: each ticked agency asks for them.
    await routing
      .getByRole('group', { name: `Named liaisons at ${agencies.portal.name}` })
      .waitFor();
    await expect(routing.getByLabel(/^Why AMBER rather than/).count()).resolves.toBe(0);
    await routing.getByLabel('TLP').selectOption('AMBER');
    await routing
      .getByLabel('Why AMBER rather than AMBER+STRICT')
      .fill('The acquirer in CY must be told as well.');
    await routing.getByLabel('PAP').selectOption('RED');
    await routing
      .getByLabel('Rationale')
      .fill('Merchant registered in MT, acquired in CY; LU holds the servers.');
    await page.evaluate(() => document.getElementById('routing-title')?.scrollIntoView());
    await expectAccessible(page, 'the routing form');
    await saveScreenshot(page, 'coordinator-routing');

    await routing.getByRole('button', { name: 'Propose for approval' }).click();
    await routing
      .getByText('Routing to 3 agencies proposed; the case awaits a lead’s approval.')
      .waitFor();
    await routing.getByText('Awaiting a lead coordinator’s approval.').waitFor();
    await expect(page.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);
    const proposed = await caseView(c.id);
    expect(proposed.status).toBe('pending_approval');
    expect(proposed.routing.plan).toMatchObject({
      tlp: 'AMBER',
      pap: 'RED',
      tlpDowngrade: { from: 'AMBER+STRICT', reason: 'The acquirer in CY must be told as well.' },
    });
    expect(proposed.routing.plan?.agencies.map((a) => a.agencyId).sort()).toEqual(
      [agencies.portal.id, agencies.webhook.id, agencies.other.id].sort(),
    );
  });

  it('should refuse a lead approving their own proposal in plain words, and let another lead approve', async () => {
    const c = await proposedCase(`Marlin Copper Prints ${uniqueSuffix()}`, lead, [
      agencies.portal.id,
      agencies.webhook.id,
    ]);

    const { page } = suite.tab;
    await signIn(page, lead.email);
    await page.goto(`/cases/${c.id}`);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page
      .getByRole('dialog', { name: `Approve the routing of ${c.reference}?` })
      .getByRole('button', { name: 'Approve and send' })
      .click();
    await page
      .getByRole('alert')
      .getByText('Another lead must approve a proposal you made.')
      .waitFor();
    expect((await caseView(c.id)).status).toBe('pending_approval');

    const second = await openConsole(suite.browser, suite.server.baseUrl);
    try {
      const other = second.page;
      await signIn(other, secondLead.email);
      await other.getByRole('link', { name: 'Awaiting approval' }).click();
      await other.getByRole('heading', { name: 'Awaiting approval' }).waitFor();
      await row(other, c.reference).getByText('Awaiting approval').waitFor();
      await expectAccessible(other, 'the approvals list');
      await other.getByRole('link', { name: c.reference }).click();
      const routing = other.getByRole('region', { name: 'Routing' });
      await routing.getByText('Merchant registered in MT; its acquirer is in CY.').waitFor();
      await routing.getByText(/Lena Lead/).waitFor();
      // The downgrade the lead approves with the plan, and why.
      await routing.getByText('Weaker marking: AMBER instead of AMBER+STRICT.').waitFor();
      await routing.getByText(/The acquirer’s fraud team must be briefed as well\./).waitFor();
      await expectAccessible(other, 'the approval panel');
      await saveScreenshot(other, 'lead-approval');
      await routing.getByRole('button', { name: 'Approve' }).click();
      // Irreversible: the lead is told what happens, and may still step back.
      const confirm = other.getByRole('dialog', { name: `Approve the routing of ${c.reference}?` });
      await confirm.getByText('this cannot be undone', { exact: false }).waitFor();
      await expectAccessible(other, 'the approval confirmation');
      await confirm.getByRole('button', { name: 'Approve and send' }).click();
      await routing
        .getByText('Routing approved: 2 dispatches created; the case is routed.')
        .waitFor();
      const dispatches = other.getByRole('region', { name: /^Dispatches/ });
      await row(dispatches, agencies.portal.name).waitFor();
      await row(dispatches, agencies.webhook.name).waitFor();
      expect(second.errors).toEqual([]);
    } finally {
      await second.close();
    }
    const approved = await caseView(c.id);
    expect(approved.status).toBe('routed');
    expect(approved.dispatches.map((d) => d.agency.id).sort()).toEqual(
      [agencies.portal.id, agencies.webhook.id].sort(),
    );
  });

  it('should send a proposal back with a comment, which the coordinator then reads', async () => {
    const c = await proposedCase(`Tessel Brook Downloads ${uniqueSuffix()}`, coordinator, [
      agencies.portal.id,
    ]);
    const { page } = suite.tab;
    await signIn(page, secondLead.email);
    await page.goto(`/cases/${c.id}`);
    const routing = page.getByRole('region', { name: 'Routing' });
    await routing.getByRole('button', { name: 'Send back' }).click();
    await routing.getByText('comment must be at least 3 characters long').first().waitFor();
    const comment = 'Add the acquirer’s agency: the money moved through CY.';
    await routing.getByLabel('Comment for the coordinator').fill(comment);
    await routing.getByRole('button', { name: 'Send back' }).click();
    await routing.getByText('Sent back to review with your comment.').waitFor();
    const back = await caseView(c.id);
    expect(back.status).toBe('in_review');
    expect(back.statusReason).toBe(comment);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, coordinator.email);
    await page.goto(`/cases/${c.id}`);
    await page.getByRole('region', { name: 'Routing' }).getByText(comment).waitFor();
    // The plan is kept for editing: ticked as last proposed.
    await expect(
      page.getByRole('checkbox', { name: agencies.portal.name }).isChecked(),
    ).resolves.toBe(true);
    await expect(
      page.getByRole('checkbox', { name: agencies.webhook.name }).isChecked(),
    ).resolves.toBe(false);
  });

  /** A case approved for the webhook agency, whose receiver refuses: the dispatch fails. */
  async function failedDelivery(legalName: string) {
    const c = await proposedCase(legalName, coordinator, [agencies.webhook.id]);
    const approved = await post(secondLead.session, `/cases/${c.id}/approve`);
    expect(approved.status).toBe(200);
    const dispatch = (approved.body as CaseView).dispatches[0];
    await eventually(
      'the delivery to fail',
      async () => ((await caseView(c.id)).dispatches[0].status === 'failed' ? true : undefined),
      20_000,
    );
    return { c, dispatch };
  }

  it('should highlight a failed dispatch with its failure, and deliver it again on retry', async () => {
    const { c, dispatch } = await failedDelivery(`Pellucid Fern Streams ${uniqueSuffix()}`);
    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    await page.goto(`/cases/${c.id}`);
    const dispatches = page.getByRole('region', { name: /^Dispatches/ });
    const failed = row(dispatches, dispatch.reference);
    await failed.getByText('Delivery failed', { exact: true }).waitFor();
    await failed.getByText(/after 2 attempts: HTTP 503/).waitFor();
    await expect(failed.getAttribute('class')).resolves.toContain('row-alert');
    await expectAccessible(page, 'the case page with a failed dispatch');

    receiver.answer.status = 204;
    await failed.getByRole('button', { name: 'Retry delivery' }).click();
    await dispatches
      .getByText(`Delivery of ${dispatch.reference} to ${agencies.webhook.name} queued again.`)
      .waitFor();
    await eventually(
      'the retried delivery',
      async () => ((await caseView(c.id)).dispatches[0].status === 'delivered' ? true : undefined),
      20_000,
    );
    await page.reload();
    await row(page.getByRole('region', { name: /^Dispatches/ }), dispatch.reference)
      .getByText('Delivered', { exact: true })
      .waitFor();
    await expect(page.getByRole('button', { name: 'Retry delivery' }).count()).resolves.toBe(0);

    // Closing waits for the agency's decision: the refusal's code is said in words.
    const actions = page.getByRole('region', { name: 'Case actions' });
    await actions.getByRole('button', { name: 'Close', exact: true }).click();
    await actions.getByLabel('Outcome').fill('Agency is acting on it.');
    await actions.getByRole('button', { name: 'Confirm closing' }).click();
    await actions
      .getByRole('alert')
      .getByText(
        'The case can be closed only once every agency has accepted or declined its dispatch.',
      )
      .waitFor();
    expect((await caseView(c.id)).status).toBe('routed');
  });

  it('should merge a case into another, then reject it with a reason and let a lead reopen it', async () => {
    const source = await newCase(`Gantry Owl Records ${uniqueSuffix()}`);
    const target = await newCase(`Brindle Moth Tapes ${uniqueSuffix()}`);
    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    await page.goto(`/cases/${source.id}`);
    const actions = page.getByRole('region', { name: 'Case actions' });
    await actions.getByRole('button', { name: 'Merge', exact: true }).click();
    await actions.getByLabel('Case to merge into').selectOption(target.id);
    await expectAccessible(page, 'the merge form');
    await actions.getByRole('button', { name: 'Confirm merge' }).click();
    await page.waitForURL(`**/cases/${target.id}`);
    await page.getByText(`${source.reference} was merged into this case.`).waitFor();
    expect((await caseView(source.id)).status).toBe('merged');
    expect((await caseView(target.id)).referrals).toHaveLength(2);

    const targetActions = page.getByRole('region', { name: 'Case actions' });
    await targetActions.getByRole('button', { name: 'Reject', exact: true }).click();
    await targetActions.getByRole('button', { name: 'Confirm rejection' }).click();
    await targetActions.getByText('reason must be at least 3 characters long').first().waitFor();
    await targetActions.getByLabel('Reason for rejecting').fill('Legitimate digital-goods seller.');
    await targetActions.getByRole('button', { name: 'Confirm rejection' }).click();
    await targetActions.getByText('Case rejected. Its undecided referrals are declined.').waitFor();
    const rejected = await caseView(target.id);
    expect(rejected.status).toBe('rejected');
    expect(rejected.referrals.map((r) => r.status)).toEqual(['declined', 'declined']);
    // Only a lead may reopen.
    await targetActions.getByText('A lead coordinator can reopen a rejected case.').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, lead.email);
    await page.goto(`/cases/${target.id}`);
    const leadActions = page.getByRole('region', { name: 'Case actions' });
    await leadActions.getByRole('button', { name: 'Reopen', exact: true }).click();
    await leadActions.getByLabel('Reason for reopening').fill('The filer sent new evidence.');
    await leadActions.getByRole('button', { name: 'Confirm reopening' }).click();
    await leadActions.getByText('Case reopened: it is in review again.').waitFor();
    expect((await caseView(target.id)).status).toBe('in_review');
  });

  it('should list alerts linking to their case, and acknowledge one', async () => {
    const { c } = await failedDelivery(`Sablewood Arcade ${uniqueSuffix()}`);
    await eventually('the delivery alert', async () => {
      const res = await get(coordinator.session, `/alerts?caseId=${c.id}`);
      return (res.body.items as unknown[]).length > 0 ? true : undefined;
    });
    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    const alert = row(page, c.reference);
    await alert.getByText('Delivery failed', { exact: true }).waitFor();
    await alert.getByRole('link', { name: c.reference }).waitFor();
    await expectAccessible(page, 'the alerts page');

    await alert.getByRole('button', { name: /^Acknowledge/ }).click();
    await page
      .getByText(
        `Delivery failed alert on ${c.reference} acknowledged and removed from the open alerts.`,
      )
      .waitFor();
    await alert.waitFor({ state: 'detached' });
    const res = await get(coordinator.session, `/alerts?open=false&caseId=${c.id}`);
    expect(res.body.items[0].acknowledgedBy.id).toBe(coordinator.id);

    await page.getByLabel('Show').selectOption('all');
    await page.waitForURL(/\/alerts\?show=all$/);
    await row(page, c.reference).getByText('Cora Coordinator').waitFor();
    await row(page, c.reference).getByRole('link', { name: c.reference }).click();
    await page.getByRole('heading', { name: `Case ${c.reference}` }).waitFor();
  });
});
