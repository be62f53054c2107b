import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { UserEntity } from '@app/persistence';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { SlaProcessor } from '../../apps/worker/src/processors/sla.processor';
import {
  createAgency,
  createCase,
  createFiler,
  createLiaison,
  type AgencyFixture,
  type FilerFixture,
} from '../support/case-fixtures';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { createUser, login, signedInUser, type Session } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';
import {
  anythingFor,
  CONSOLE,
  expectNoCaseContent,
  mailArrives,
  toldOf,
} from './notification-support';

const V1 = '/api/v1';
const QUESTION = 'Which acquirer settled the payments to Blue Lantern Trading?';
const ANSWER = 'Northbank Acquiring settled them through its Leeds office.';
/** Case content that must never appear in a mail: the question, the answer, the fixture narrative. */
const SECRETS = [QUESTION, ANSWER, 'descriptor does not match', 'Blue Lantern', 'Northbank'];

interface Staff {
  user: UserEntity;
  session: Session;
}

/**
 * Each trigger's mail reaches the right people and nobody else, through the
 * real pipeline: the API's state change writes the event, the worker decides
 * who is told and sends the mail to the run's SMTP server, which parses it.
 */
describe('Notification triggers (e2e)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let coordinator: Staff;
  let otherCoordinator: Staff;
  let proposer: Staff;
  let approver: Staff;
  let filer: FilerFixture;
  let filerAdmin: UserEntity;
  let colleague: UserEntity;
  let otherBank: FilerFixture;
  let agency: AgencyFixture;
  let otherAgency: AgencyFixture;
  let named: UserEntity;
  let unnamed: UserEntity;
  let foreignLiaison: UserEntity;
  let caseId: string;
  let caseRef: string;
  let referralId: string;
  let referralRef: string;
  let dispatchId: string;
  let dispatchRef: string;
  const contact = `contact.${randomUUID().slice(0, 8)}@agency.example`;

  beforeAll(async () => {
    const prefix = `${process.env.TEST_QUEUE_PREFIX}-notify-triggers`;
    api = await startTestApi({ QUEUE_PREFIX: prefix });
    worker = await createWorkerApp(testEnvironment({ QUEUE_PREFIX: prefix }), {
      shutdownHooks: false,
    });
    const ds = api.dataSource;
    const staff = async (role: 'coordinator' | 'lead_coordinator'): Promise<Staff> => {
      const s = await signedInUser(ds, api.http, role);
      return { user: s.user, session: s.session };
    };
    coordinator = await staff('coordinator');
    otherCoordinator = await staff('coordinator');
    proposer = await staff('lead_coordinator');
    approver = await staff('lead_coordinator');
    filer = await createFiler(ds);
    filerAdmin = await createUser(ds, filer.org, 'member_admin');
    colleague = await createUser(ds, filer.org, 'member_reporter');
    otherBank = await createFiler(ds);
    await createCase(ds, [otherBank], { status: 'in_review', referralStatus: 'in_review' });
    agency = await createAgency(ds, { contactEmail: contact });
    otherAgency = await createAgency(ds, { contactEmail: `other.${contact}` });
    named = await createLiaison(ds, agency);
    unnamed = await createLiaison(ds, agency);
    foreignLiaison = await createLiaison(ds, otherAgency);
    const c = await createCase(ds, [filer], { status: 'in_review', referralStatus: 'in_review' });
    caseId = c.caseRow.id;
    caseRef = c.caseRow.reference;
    referralId = c.referrals[0].id;
    referralRef = c.referrals[0].reference;
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const post = (s: Session, path: string, body: object = {}) =>
    api.http.post(`${V1}${path}`).set(s.auth).send(body);
  const outsiders = () => [otherBank.user, foreignLiaison, colleague];

  it('should mail an information request to the filer and their member admin only, with the reference and link alone', async () => {
    const asked = await post(coordinator.session, `/cases/${caseId}/info-requests`, {
      referralId,
      question: QUESTION,
    });
    expect(asked.status).toBe(201);
    const mail = await mailArrives(filer.user, referralRef);
    await mailArrives(filerAdmin, referralRef);
    expect(mail.subject).toBe(
      `A coordinator asked a question about your referral ${referralRef} [TLP:AMBER+STRICT]`,
    );
    expect(mail.text).toContain(`${CONSOLE}/referrals/${referralId}`);
    expect(mail.html).toContain(`href="${CONSOLE}/referrals/${referralId}"`);
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@localhost>$/);
    expectNoCaseContent(mail, SECRETS);
    expect((await toldOf(api.dataSource, 'info_request.created', referralRef)).sort()).toEqual(
      [filer.user.id, filerAdmin.id].sort(),
    );
    // A reporter reads only their own referrals; another bank, the asker: nothing.
    expect(await anythingFor(api.dataSource, [...outsiders(), coordinator.user])).toEqual([]);
  });

  it('should mail the answer to the coordinator who asked, by case reference', async () => {
    const filerSession = await login(api.http, filer.user.email);
    const requests = await api.http
      .get(`${V1}/referrals/${referralId}/info-requests`)
      .set(filerSession.auth);
    const [request] = (requests.body as { items: { id: string }[] }).items;
    expect(
      (await post(filerSession, `/info-requests/${request.id}/answer`, { answer: ANSWER })).status,
    ).toBe(200);
    const mail = await mailArrives(coordinator.user, caseRef);
    expect(mail.subject).toContain('The filing member answered your information request');
    expect(mail.text).toContain(`${CONSOLE}/cases/${caseId}`);
    expectNoCaseContent(mail, SECRETS);
    expect(await toldOf(api.dataSource, 'info_request.answered', caseRef)).toEqual([
      coordinator.user.id,
    ]);
  });

  it('should ask every lead but the proposer to approve a routing', async () => {
    const proposed = await post(proposer.session, `/cases/${caseId}/propose`, {
      agencyIds: [agency.agency.id],
      rationale: 'The merchant and its acquirer are both in GB.',
      tlp: 'RED',
      namedLiaisons: [{ agencyId: agency.agency.id, liaisonIds: [named.id] }],
    });
    expect(proposed.status).toBe(200);
    const mail = await mailArrives(approver.user, caseRef);
    expect(mail.subject).toBe(
      `A routing waits for a lead coordinator’s approval ${caseRef} [TLP:RED]`,
    );
    const told = await toldOf(api.dataSource, 'approval.waiting', caseRef);
    expect(told).toContain(approver.user.id);
    expect(told).not.toContain(proposer.user.id);
    expect(told).not.toContain(coordinator.user.id);
  });

  it('should mail a RED dispatch to its named liaison alone, and a bare notice to the agency contact', async () => {
    const approved = await post(approver.session, `/cases/${caseId}/approve`);
    expect(approved.status).toBe(200);
    const [dispatch] = approved.body.dispatches as { id: string; reference: string }[];
    dispatchId = dispatch.id;
    dispatchRef = dispatch.reference;
    const mail = await mailArrives(named, dispatchRef);
    expect(mail.subject).toBe(`A new dispatch was sent to your agency ${dispatchRef} [TLP:RED]`);
    expect(mail.text).toContain(`${CONSOLE}/dispatches/${dispatchId}`);
    expectNoCaseContent(mail, SECRETS);
    const notice = await mailArrives({ id: '', email: contact }, 'A new dispatch');
    expect(notice.subject).toBe('A new dispatch was sent to your agency');
    expect(notice.text).not.toMatch(/DSP-|CASE-|FCR-|TLP/);
    expect(await toldOf(api.dataSource, 'dispatch.created', dispatchRef)).toEqual([named.id]);
    expect(await anythingFor(api.dataSource, [unnamed, foreignLiaison])).toEqual([]);
    expect(
      await anythingFor(api.dataSource, [{ id: randomUUID(), email: `other.${contact}` }]),
    ).toEqual([]);
  });

  it('should tell the filing member’s officers of a hold and of an outcome, and no one outside', async () => {
    await eventually('the portal dispatch delivered', async () => {
      const [row] = await api.dataSource.query<{ status: string }[]>(
        `SELECT status FROM dispatches WHERE id = $1`,
        [dispatchId],
      );
      return row.status === 'delivered' ? true : undefined;
    });
    // Delivery scheduled the acknowledge-by reminder, a day before the deadline.
    const [reminder] = await api.dataSource.query<{ future: boolean }[]>(
      `SELECT available_at > now() + interval '3 days' AS future FROM outbox
        WHERE payload->>'kind' = 'dispatch.ack_due' AND payload->>'subjectId' = $1`,
      [dispatchId],
    );
    expect(reminder).toEqual({ future: true });
    const liaison = await login(api.http, named.email);
    const held = await post(liaison, `/dispatches/${dispatchId}/holds`, {
      scope: 'do_not_terminate',
      reason: 'A search warrant is being executed this week.',
      documentRef: 'MCU/2026/0142',
      expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
    });
    expect(held.status).toBe(201);
    const hold = await mailArrives(filer.user, 'placed a hold');
    expect(hold.subject).toContain(referralRef);
    expectNoCaseContent(hold, [...SECRETS, 'search warrant', 'MCU/2026/0142']);
    expect((await toldOf(api.dataSource, 'hold.placed', referralRef)).sort()).toEqual(
      [filer.user.id, filerAdmin.id].sort(),
    );

    expect((await post(liaison, `/dispatches/${dispatchId}/acknowledge`)).status).toBe(200);
    expect(
      (await post(liaison, `/dispatches/${dispatchId}/accept`, { leCaseNumber: 'MCU-1' })).status,
    ).toBe(200);
    expect(
      (
        await post(liaison, `/dispatches/${dispatchId}/outcome`, {
          outcome: 'investigation_opened',
        })
      ).status,
    ).toBe(200);
    const outcome = await mailArrives(filerAdmin, 'recorded an outcome');
    expect(outcome.subject).toContain(referralRef);
    expect(outcome.text).not.toContain('investigation');
    expect(await anythingFor(api.dataSource, outsiders())).toEqual([]);
  });

  it('should tell a coordinator a case was assigned to them, but not one who claims it', async () => {
    const c = await createCase(api.dataSource, [await createFiler(api.dataSource)], {
      status: 'triage',
      referralStatus: 'in_review',
    });
    const claimed = await post(coordinator.session, `/cases/${c.caseRow.id}/assign`);
    expect(claimed.status).toBe(200);
    const assigned = await post(coordinator.session, `/cases/${c.caseRow.id}/assign`, {
      userId: otherCoordinator.user.id,
    });
    expect(assigned.status).toBe(200);
    const mail = await mailArrives(otherCoordinator.user, c.caseRow.reference);
    expect(mail.subject).toBe(`A case was assigned to you ${c.caseRow.reference} [TLP:AMBER]`);
    expect(await toldOf(api.dataSource, 'case.assigned', c.caseRow.reference)).toEqual([
      otherCoordinator.user.id,
    ]);
  });

  it('should tell coordinators of an SLA breach, and no member', async () => {
    const member = await createFiler(api.dataSource);
    const c = await createCase(api.dataSource, [member], { status: 'triage' });
    const clockId = randomUUID();
    await api.dataSource.query(
      `INSERT INTO sla_clocks (id, clock, case_id, started_at, due_at, status)
       VALUES ($1, 'triage', $2, now() - interval '3 days', now() - interval '1 hour', 'running')`,
      [clockId, c.caseRow.id],
    );
    await expect(worker.get(SlaProcessor).clockDue(clockId)).resolves.toEqual({
      outcome: 'breached',
    });
    const mail = await mailArrives(coordinator.user, c.caseRow.reference);
    expect(mail.subject).toContain('A service-level deadline was missed');
    await mailArrives(approver.user, c.caseRow.reference);
    expect(await anythingFor(api.dataSource, [member.user])).toEqual([]);
  });
});
