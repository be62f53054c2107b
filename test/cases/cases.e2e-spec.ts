import { verifyWebhook } from '@app/domain';
import { AuditEventEntity, ReferralEntity } from '@app/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { testEnvironment } from '../support/environment';
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
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An agency's webhook receiver: a real HTTP server that records what it is sent. */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/crh/dispatches`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Triage to delivery, as coordinators, leads and liaisons work it. This spec has
 * a database of its own, so its dispatches and clocks are handled only by its
 * own worker.
 */
describe('Cases: triage, four-eyes approval, routing and delivery (e2e)', () => {
  const prefix = `${process.env.TEST_QUEUE_PREFIX}-cases`;
  // Countries no other spec records, so routing sees only this spec's agencies.
  const MERCHANT_COUNTRY = 'MT';
  const ACQUIRER_COUNTRY = 'CY';
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let worker: INestApplicationContext;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secret = `whsec-${uniqueSuffix()}-0123456789abcdefghijklmnopqrstuvwxyz`;

  let admin: Session;
  let coordinator: { session: Session; id: string };
  let lead: { session: Session; id: string };
  let portalAgency: { id: string; liaison: Session; liaisonId: string };
  let webhookAgency: { id: string; liaison: Session; liaisonId: string };

  const env = () => ({
    DATABASE_URL: scratch.url,
    QUEUE_PREFIX: prefix,
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_BACKOFF_MS: '50',
    WEBHOOK_MAX_ATTEMPTS: '3',
  });

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    receiver = await startReceiver();
    api = await startTestApi(env());
    worker = await createWorkerApp(testEnvironment(env()), { shutdownHooks: false });
    const ds = api.dataSource;
    admin = (await signedInUser(ds, api.http, 'platform_admin')).session;
    const coalition = await createOrganization(ds, 'coalition');
    const c = await createUser(ds, coalition, 'coordinator');
    const l = await createUser(ds, coalition, 'lead_coordinator');
    coordinator = { session: await login(api.http, c.email), id: c.id };
    lead = { session: await login(api.http, l.email), id: l.id };

    for (const [code, name] of [
      [MERCHANT_COUNTRY, 'Test jurisdiction one'],
      [ACQUIRER_COUNTRY, 'Test jurisdiction two'],
    ]) {
      const res = await api.http
        .post('/api/v1/jurisdictions')
        .set(admin.auth)
        .send({ code, name, csamSpecificLaw: 'yes', hotline: true });
      expect(res.status).toBe(201);
    }
    const agency = async (coverage: string, channels: string[]) => {
      const org = await createOrganization(ds, 'law_enforcement');
      const liaison = await createUser(ds, org, 'le_liaison');
      const res = await api.http
        .post('/api/v1/agencies')
        .set(admin.auth)
        .send({
          organizationId: org.id,
          name: `Agency ${coverage} ${uniqueSuffix()}`,
          coverage: [coverage],
          channels,
          ...(channels.includes('webhook')
            ? { webhookUrl: receiver.url, webhookSecret: secret }
            : {}),
        });
      // The problem document, when there is one, shows in the failure.
      expect(res.status === 201 ? 201 : res.body).toBe(201);
      return {
        id: (res.body as { id: string }).id,
        liaison: await login(api.http, liaison.email),
        liaisonId: liaison.id,
      };
    };
    portalAgency = await agency(MERCHANT_COUNTRY, ['portal']);
    webhookAgency = await agency(ACQUIRER_COUNTRY, ['webhook']);
  }, 90_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
    await scratch?.drop();
  });

  const get = (s: Session, path: string) => api.http.get(`/api/v1${path}`).set(s.auth);
  const post = (s: Session, path: string, body: object = {}) =>
    api.http.post(`/api/v1${path}`).set(s.auth).send(body);

  /** A member files and submits a referral; it is taken in by the worker. */
  async function fileReferral(
    filer: Session,
    domain: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; caseId: string }> {
    const body = referralBody({ domain, country: MERCHANT_COUNTRY, ...extra });
    body.merchant.acquirer.country = ACQUIRER_COUNTRY;
    const created = await post(filer, '/referrals', body);
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect((await post(filer, `/referrals/${id}/submit`)).status).toBe(200);
    const caseId = await eventually('the referral to be taken in', async () => {
      const row = await api.dataSource.manager.findOneBy(ReferralEntity, { id });
      return row?.status === 'in_review' && row.caseId ? row.caseId : undefined;
    });
    return { id, caseId };
  }

  async function member(): Promise<Session> {
    return (await signedInUser(api.dataSource, api.http, 'member_reporter')).session;
  }

  describe('the whole story', () => {
    it('should take two filings on one merchant through triage, four-eyes approval, portal and webhook delivery, acceptance and closing', async () => {
      const domain = `story-${uniqueSuffix()}.example`;
      const filerA = await member();
      const memberB = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const filerB = memberB.session;
      // B opts in to be named to agencies; A does not.
      const optIn = await api.http
        .patch(`/api/v1/organizations/${memberB.org.id}`)
        .set(admin.auth)
        .send({ namedInDispatches: true });
      expect(optIn.status).toBe(200);
      const a = await fileReferral(filerA, domain);
      const b = await fileReferral(filerB, domain);
      expect(b.caseId).toBe(a.caseId);
      const caseId = a.caseId;

      // Members learn only that one other member flagged the merchant.
      const seenByA = await get(filerA, `/referrals/${a.id}`);
      expect(seenByA.body).toMatchObject({ status: 'in_review', otherMembersFlagging: 1 });
      expect(seenByA.body).not.toHaveProperty('caseId');

      // The inbox shows the case; the case shows both filers and the shared key.
      const inbox = await get(coordinator.session, '/cases?status=triage&assignee=none');
      expect(inbox.status).toBe(200);
      expect((inbox.body.items as { id: string }[]).map((c) => c.id)).toContain(caseId);
      const detail = await get(coordinator.session, `/cases/${caseId}`);
      expect(detail.status).toBe(200);
      expect(detail.body.referrals).toHaveLength(2);
      expect(detail.body.matches).toContainEqual(
        expect.objectContaining({ kind: 'domain', value: domain }),
      );
      expect(detail.body.clocks).toContainEqual(
        expect.objectContaining({ clock: 'triage', status: 'running' }),
      );

      // Claim: triage → in_review; the triage clock is met.
      const claimed = await post(coordinator.session, `/cases/${caseId}/assign`);
      expect(claimed.status).toBe(200);
      expect(claimed.body).toMatchObject({
        status: 'in_review',
        assignee: { id: coordinator.id },
      });
      expect(claimed.body.clocks).toContainEqual(
        expect.objectContaining({ clock: 'triage', status: 'met' }),
      );

      // Information request: the filer sees info_requested, answers, and is back in review.
      const asked = await post(coordinator.session, `/cases/${caseId}/info-requests`, {
        referralId: a.id,
        question: 'Which acquirer onboarded the merchant, and when?',
      });
      expect(asked.status).toBe(201);
      expect((await get(filerA, `/referrals/${a.id}`)).body.status).toBe('info_requested');
      const questions = await get(filerA, `/referrals/${a.id}/info-requests`);
      expect(questions.status).toBe(200);
      expect(questions.body.items).toHaveLength(1);
      expect(questions.body.items[0]).not.toHaveProperty('askedBy');
      expect(questions.body.items[0]).not.toHaveProperty('caseId');
      // Another member cannot read or answer it.
      expect((await get(filerB, `/referrals/${a.id}/info-requests`)).status).toBe(404);
      expect(
        (await post(filerB, `/info-requests/${asked.body.id}/answer`, { answer: 'not mine' }))
          .status,
      ).toBe(404);
      const answered = await post(filerA, `/info-requests/${asked.body.id}/answer`, {
        answer: 'Example Acquiring, onboarded in March.',
      });
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ status: 'answered' });
      expect((await get(filerA, `/referrals/${a.id}`)).body.status).toBe('in_review');

      // Routing explains itself: the merchant's country and the acquirer's.
      const suggestion = await get(coordinator.session, `/cases/${caseId}/routing-suggestion`);
      expect(suggestion.status).toBe(200);
      const candidates = suggestion.body.candidates as {
        agencyId: string;
        explanation: string;
        basis: { sources: string[] }[];
      }[];
      const byId = new Map(candidates.map((c) => [c.agencyId, c]));
      expect(byId.get(portalAgency.id)?.basis[0].sources).toContain('merchant_country');
      expect(byId.get(webhookAgency.id)?.basis[0].sources).toContain('acquirer_country');
      expect(byId.get(portalAgency.id)?.explanation).toContain(MERCHANT_COUNTRY);

      // AMBER+STRICT (the referrals' marking) goes to named liaisons of each agency.
      const proposed = await post(coordinator.session, `/cases/${caseId}/propose`, {
        agencyIds: [portalAgency.id, webhookAgency.id],
        tlp: 'AMBER+STRICT',
        namedLiaisons: [
          { agencyId: portalAgency.id, liaisonIds: [portalAgency.liaisonId] },
          { agencyId: webhookAgency.id, liaisonIds: [webhookAgency.liaisonId] },
        ],
        rationale: 'Merchant registered in one country, acquired in another.',
      });
      expect(proposed.status).toBe(200);
      expect(proposed.body.status).toBe('pending_approval');

      // A coordinator may not approve at all; the lead (not the proposer) may.
      const refused = await post(coordinator.session, `/cases/${caseId}/approve`);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('case_approve_forbidden');
      const approved = await post(lead.session, `/cases/${caseId}/approve`);
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('routed');
      expect(approved.body.dispatches).toHaveLength(2);
      expect((await get(filerB, `/referrals/${b.id}`)).body.status).toBe('accepted');

      const dispatchOf = (agencyId: string) =>
        (approved.body.dispatches as { id: string; agency: { id: string } }[]).find(
          (d) => d.agency.id === agencyId,
        )!.id;
      const portalDispatch = dispatchOf(portalAgency.id);
      const webhookDispatch = dispatchOf(webhookAgency.id);

      // The webhook receiver gets the package, signed; the signature verifies.
      const delivery = await eventually('the webhook delivery', () =>
        Promise.resolve(receiver.received.find((r) => r.body.includes(webhookDispatch))),
      );
      const timestamp = String(delivery.headers['x-crh-timestamp']);
      expect(
        verifyWebhook(
          secret,
          String(delivery.headers['x-crh-signature']),
          timestamp,
          delivery.body,
          Math.floor(Date.now() / 1000),
        ),
      ).toBe(true);
      expect(
        verifyWebhook(
          'another-secret-of-the-same-length-0123456789abcdefghij',
          String(delivery.headers['x-crh-signature']),
          timestamp,
          delivery.body,
          Math.floor(Date.now() / 1000),
        ),
      ).toBe(false);
      // An AMBER+STRICT package is for the named liaisons: the endpoint gets a notice only.
      const payload = JSON.parse(delivery.body) as {
        type: string;
        dispatchId: string;
        idempotencyKey: string;
        package?: unknown;
        notice: { tlp: string; pap: string };
      };
      expect(payload.type).toBe('case.dispatched.restricted');
      expect(payload.dispatchId).toBe(webhookDispatch);
      expect(payload.idempotencyKey).toBe(webhookDispatch);
      expect(payload.package).toBeUndefined();
      expect(payload.notice).toMatchObject({ tlp: 'AMBER+STRICT', pap: 'AMBER' });
      expect(delivery.body).not.toContain('GB123456789');
      expect(delivery.body).not.toContain(webhookAgency.liaisonId);
      const named = await get(webhookAgency.liaison, `/dispatches/${webhookDispatch}`);
      expect(named.status).toBe(200);
      expect(named.body).toMatchObject({
        tlp: 'AMBER+STRICT',
        namedLiaisonIds: [webhookAgency.liaisonId],
        package: { tlp: 'AMBER+STRICT' },
      });
      // Filers are not named to agencies unless they opted in.
      expect((named.body.package.referrals as { filer: string }[]).map((r) => r.filer)).toEqual([
        'coalition member',
        memberB.org.legalName,
      ]);

      // Each liaison sees only their own agency's dispatch.
      const portalList = await get(portalAgency.liaison, '/dispatches');
      expect((portalList.body.items as { id: string }[]).map((d) => d.id)).toEqual([
        portalDispatch,
      ]);
      expect((await get(portalAgency.liaison, `/dispatches/${webhookDispatch}`)).status).toBe(404);
      await eventually('both dispatches delivered', async () => {
        const d = await get(coordinator.session, `/cases/${caseId}`);
        const statuses = (d.body.dispatches as { status: string }[]).map((x) => x.status);
        return statuses.every((s) => s === 'delivered') ? statuses : undefined;
      });

      // Closing needs every dispatch decided.
      const early = await post(coordinator.session, `/cases/${caseId}/close`, {
        outcome: 'Agencies acting.',
      });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('dispatches_unfinished');

      const pkg = await get(portalAgency.liaison, `/dispatches/${portalDispatch}`);
      expect(pkg.status).toBe(200);
      expect(JSON.stringify(pkg.body)).not.toContain('GB123456789');
      expect(
        (await post(portalAgency.liaison, `/dispatches/${portalDispatch}/acknowledge`)).status,
      ).toBe(200);
      const accepted = await post(portalAgency.liaison, `/dispatches/${portalDispatch}/accept`, {
        leCaseNumber: 'MT-2026-0042',
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', leCaseNumber: 'MT-2026-0042' });

      // A hold placed by the agency is visible, with its expiry, on the filers' referrals.
      const expiresAt = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
      const hold = await post(portalAgency.liaison, `/dispatches/${portalDispatch}/holds`, {
        scope: 'do_not_terminate',
        reason: 'Keep the account open while the money trail is followed.',
        documentRef: 'MT-ORDER-7',
        expiresAt,
      });
      expect(hold.status).toBe(201);
      const withHold = await get(filerB, `/referrals/${b.id}`);
      expect(withHold.body.holds).toEqual([
        expect.objectContaining({ scope: 'do_not_terminate', expiresAt, status: 'active' }),
      ]);

      expect(
        (await post(webhookAgency.liaison, `/dispatches/${webhookDispatch}/acknowledge`)).status,
      ).toBe(200);
      expect(
        (
          await post(webhookAgency.liaison, `/dispatches/${webhookDispatch}/accept`, {
            leCaseNumber: 'CY-77',
          })
        ).status,
      ).toBe(200);

      const closed = await post(coordinator.session, `/cases/${caseId}/close`, {
        outcome: 'Both agencies accepted; merchant terminated by its acquirer.',
      });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'closed' });
      const actions = (closed.body.timeline as { action: string }[]).map((e) => e.action);
      for (const action of [
        'case.open',
        'case.assign',
        'info_request.create',
        'info_request.answer',
        'case.propose',
        'case.approve',
        'case.route',
        'dispatch.deliver',
        'dispatch.accept',
        'case.close',
      ]) {
        expect(actions).toContain(action);
      }
      // The refused approval is in the trail too.
      const denied = await api.dataSource.manager.findOneBy(AuditEventEntity, {
        action: 'case.approve',
        outcome: 'denied',
        targetId: caseId,
      });
      expect(denied).not.toBeNull();
    }, 60_000);
  });

  describe('four eyes', () => {
    it("should refuse a lead's approval of their own proposal with 403, audit it, and change nothing", async () => {
      const { caseId } = await fileReferral(await member(), `fe-${uniqueSuffix()}.example`);
      expect((await post(lead.session, `/cases/${caseId}/assign`)).status).toBe(200);
      expect(
        (
          await post(lead.session, `/cases/${caseId}/propose`, {
            agencyIds: [portalAgency.id],
            tlp: 'RED',
            namedLiaisons: [{ agencyId: portalAgency.id, liaisonIds: [portalAgency.liaisonId] }],
            rationale: 'Merchant registered here.',
          })
        ).status,
      ).toBe(200);
      const own = await post(lead.session, `/cases/${caseId}/approve`);
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('four_eyes_required');
      const after = await get(coordinator.session, `/cases/${caseId}`);
      expect(after.body.status).toBe('pending_approval');
      expect(after.body.dispatches).toEqual([]);
      const denied = await api.dataSource.manager.findOneBy(AuditEventEntity, {
        action: 'case.approve',
        outcome: 'denied',
        actorUserId: lead.id,
        targetId: caseId,
      });
      expect(denied?.details).toMatchObject({ code: 'four_eyes_required' });

      // Another lead sends it back with a comment.
      const other = await createUser(
        api.dataSource,
        await createOrganization(api.dataSource, 'coalition'),
        'lead_coordinator',
      );
      const otherLead = await login(api.http, other.email);
      const back = await post(otherLead, `/cases/${caseId}/send-back`, {
        comment: 'Add the CY agency.',
      });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ status: 'in_review', statusReason: 'Add the CY agency.' });
    }, 30_000);
  });

  describe('refusals', () => {
    it('should keep members and liaisons out of coordinator routes (403)', async () => {
      const filer = await member();
      const { caseId } = await fileReferral(filer, `deny-${uniqueSuffix()}.example`);
      for (const s of [filer, portalAgency.liaison]) {
        expect((await get(s, '/cases')).status).toBe(403);
        expect((await get(s, `/cases/${caseId}`)).status).toBe(403);
        expect((await post(s, `/cases/${caseId}/assign`)).status).toBe(403);
        expect((await get(s, '/alerts')).status).toBe(403);
      }
    });

    it('should refuse a transition from the wrong state with 409 naming the rule, changing nothing', async () => {
      const { caseId } = await fileReferral(await member(), `state-${uniqueSuffix()}.example`);
      const res = await post(lead.session, `/cases/${caseId}/approve`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('case_approve_not_allowed_from_triage');
      expect((await get(coordinator.session, `/cases/${caseId}`)).body.status).toBe('triage');
    });

    it('should refuse a proposal with no agencies, or an unknown one, with 400 naming the field', async () => {
      const { caseId } = await fileReferral(await member(), `prop-${uniqueSuffix()}.example`);
      await post(coordinator.session, `/cases/${caseId}/assign`);
      const none = await post(coordinator.session, `/cases/${caseId}/propose`, {
        agencyIds: [],
        tlp: 'AMBER+STRICT',
        rationale: 'No agency at all.',
      });
      expect(none.status).toBe(400);
      expect(none.body.errors).toEqual([expect.objectContaining({ field: 'agencyIds' })]);
      const unknown = await post(coordinator.session, `/cases/${caseId}/propose`, {
        agencyIds: [portalAgency.id, '00000000-0000-4000-8000-000000000000'],
        tlp: 'AMBER+STRICT',
        rationale: 'One agency does not exist.',
      });
      expect(unknown.status).toBe(400);
      expect((unknown.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
        'agencyIds[1]',
      ]);
      const after = await get(coordinator.session, `/cases/${caseId}`);
      expect(after.body).toMatchObject({ status: 'in_review', routing: { plan: null } });
    });

    it('should refuse fields sent to a command that takes no body, changing nothing', async () => {
      const { caseId } = await fileReferral(await member(), `nobody-${uniqueSuffix()}.example`);
      const res = await post(lead.session, `/cases/${caseId}/approve`, { status: 'approved' });
      expect(res.status).toBe(400);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['status']);
      expect((await get(coordinator.session, `/cases/${caseId}`)).body.status).toBe('triage');
    });

    it('should name every bad field of a command body', async () => {
      const { caseId } = await fileReferral(await member(), `bad-${uniqueSuffix()}.example`);
      const res = await post(coordinator.session, `/cases/${caseId}/propose`, {
        agencyIds: ['nope'],
        tlp: 'PURPLE',
        rationale: '',
        extra: true,
      });
      expect(res.status).toBe(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(['agencyIds', 'extra', 'rationale', 'tlp']);
    });
  });

  describe('rejecting, reopening and merging', () => {
    it('should show filers "declined" on rejection, and let a lead reopen it', async () => {
      const filer = await member();
      const { id, caseId } = await fileReferral(filer, `rej-${uniqueSuffix()}.example`);
      const noReason = await post(coordinator.session, `/cases/${caseId}/reject`, { reason: ' ' });
      expect(noReason.status).toBe(400);
      const rejected = await post(coordinator.session, `/cases/${caseId}/reject`, {
        reason: 'Lawful adult content merchant; no indication of abuse material.',
      });
      expect(rejected.status).toBe(200);
      expect((await get(filer, `/referrals/${id}`)).body.status).toBe('declined');
      expect(
        (await post(coordinator.session, `/cases/${caseId}/reopen`, { reason: 'New facts.' }))
          .status,
      ).toBe(403);
      const reopened = await post(lead.session, `/cases/${caseId}/reopen`, {
        reason: 'New facts arrived.',
      });
      expect(reopened.status).toBe(200);
      expect(reopened.body.status).toBe('in_review');
      expect((await get(filer, `/referrals/${id}`)).body.status).toBe('in_review');
    });

    it("should cancel a referral's open information request when its filer withdraws it", async () => {
      const filer = await member();
      const { id, caseId } = await fileReferral(filer, `wd-${uniqueSuffix()}.example`);
      const asked = await post(coordinator.session, `/cases/${caseId}/info-requests`, {
        referralId: id,
        question: 'Can you share the settlement account?',
      });
      expect(asked.status).toBe(201);
      expect((await post(filer, `/referrals/${id}/withdraw`)).status).toBe(200);
      const after = await get(coordinator.session, `/cases/${caseId}`);
      expect(after.body.infoRequests).toEqual([
        expect.objectContaining({ id: asked.body.id, status: 'cancelled' }),
      ]);
      expect(after.body.clocks).toContainEqual(
        expect.objectContaining({ clock: 'info_request', status: 'cancelled' }),
      );
      const late = await post(filer, `/info-requests/${asked.body.id}/answer`, {
        answer: 'Too late.',
      });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('info_request_answer_not_allowed_from_cancelled');
    });

    it('should merge one case into another, moving its referrals, and link a referral from a third', async () => {
      const one = await fileReferral(await member(), `m1-${uniqueSuffix()}.example`);
      const two = await fileReferral(await member(), `m2-${uniqueSuffix()}.example`);
      const three = await fileReferral(await member(), `m3-${uniqueSuffix()}.example`);
      expect(new Set([one.caseId, two.caseId, three.caseId]).size).toBe(3);

      const self = await post(coordinator.session, `/cases/${one.caseId}/merge`, {
        intoCaseId: one.caseId,
      });
      expect(self.status).toBe(400);
      expect(self.body.code).toBe('merge_target_invalid');

      const merged = await post(coordinator.session, `/cases/${two.caseId}/merge`, {
        intoCaseId: one.caseId,
      });
      expect(merged.status).toBe(200);
      expect(merged.body.id).toBe(one.caseId);
      expect((merged.body.referrals as { id: string }[]).map((r) => r.id).sort()).toEqual(
        [one.id, two.id].sort(),
      );
      const source = await get(coordinator.session, `/cases/${two.caseId}`);
      expect(source.body).toMatchObject({ status: 'merged', mergedIntoId: one.caseId });

      const linked = await post(coordinator.session, `/cases/${one.caseId}/link`, {
        referralId: three.id,
      });
      expect(linked.status).toBe(200);
      expect(linked.body.referrals).toHaveLength(3);
      // The third case lost its only referral, so it is merged into the first.
      expect((await get(coordinator.session, `/cases/${three.caseId}`)).body).toMatchObject({
        status: 'merged',
        mergedIntoId: one.caseId,
      });
      const again = await post(coordinator.session, `/cases/${one.caseId}/link`, {
        referralId: three.id,
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('referral_already_on_case');
    });
  });

  describe('notes and suggestions', () => {
    it('should show a new case with every unknown as null, add a note to it, and answer 404 to dismissing a suggestion that is not open', async () => {
      const { caseId } = await fileReferral(await member(), `note-${uniqueSuffix()}.example`);
      const fresh = await get(coordinator.session, `/cases/${caseId}`);
      expect(fresh.status).toBe(200);
      expect(fresh.body).toMatchObject({
        assignee: null,
        tlp: null,
        statusReason: null,
        outcome: null,
        mergedIntoId: null,
        closedAt: null,
        routing: {
          plan: null,
          proposedBy: null,
          proposedAt: null,
          approvedBy: null,
          approvedAt: null,
        },
      });

      const note = await post(coordinator.session, `/cases/${caseId}/notes`, {
        body: '  Checked the acquirer.  ',
      });
      expect(note.status).toBe(201);
      expect(note.body).toEqual({
        id: expect.any(String),
        body: 'Checked the acquirer.',
        author: { id: coordinator.id, displayName: expect.any(String) },
        createdAt: expect.any(String),
      });
      expect((await get(coordinator.session, `/cases/${caseId}`)).body.notes).toEqual([note.body]);

      const missing = await post(
        coordinator.session,
        `/cases/${caseId}/suggestions/${randomUUID()}/dismiss`,
      );
      expect(missing.status).toBe(404);
    });
  });

  describe('inbox', () => {
    it('should sort by priority then age, filter, and page without repeats', async () => {
      const ids: string[] = [];
      for (const priority of ['P3', 'P1', 'P3']) {
        const escalation = priority === 'P1' ? { escalationReason: 'Live abuse suspected.' } : {};
        const { caseId } = await fileReferral(await member(), `inbox-${uniqueSuffix()}.example`, {
          priority,
          ...escalation,
        });
        ids.push(caseId);
      }
      const seen: { id: string; priority: string; createdAt: string }[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(
          coordinator.session,
          `/cases?status=triage&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...(res.body.items as typeof seen));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
      const order = seen.map((s) => `${s.priority}|${s.createdAt}`);
      expect(order).toEqual([...order].sort());
      expect(seen.map((s) => s.id)).toEqual(expect.arrayContaining(ids));
      const p1 = await get(coordinator.session, '/cases?priority=P1&status=triage');
      expect((p1.body.items as { id: string }[]).map((c) => c.id)).toContain(ids[1]);
      expect((p1.body.items as { priority: string }[]).every((c) => c.priority === 'P1')).toBe(
        true,
      );
      const bad = await get(coordinator.session, '/cases?status=open&priority=P9&overdue=maybe');
      expect(bad.status).toBe(400);
      expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'overdue',
        'priority',
        'status',
      ]);
      // `me` and `none` are words in lower case; anything else must be a user id.
      for (const assignee of ['ME', 'None', 'someone']) {
        const refused = await get(coordinator.session, `/cases?assignee=${assignee}`);
        expect(refused.status).toBe(400);
        expect((refused.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
          'assignee',
        ]);
      }
    });
  });
});

/** SLA clocks as coordinators see them: a short triage clock, breached, makes the case overdue. */
describe('Cases: SLA breach with a short clock (e2e)', () => {
  const prefix = `${process.env.TEST_QUEUE_PREFIX}-cases-sla`;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const overrides = {
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: prefix,
      SLA_CLOCKS: 'triage=1s,info_request=1s',
    };
    api = await startTestApi(overrides);
    worker = await createWorkerApp(testEnvironment(overrides), { shutdownHooks: false });
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await scratch?.drop();
  });

  it('should mark an unclaimed case overdue, alert coordinators, and clear overdue once claimed', async () => {
    const ds = api.dataSource;
    const filer = (await signedInUser(ds, api.http, 'member_reporter')).session;
    const coordinator = (await signedInUser(ds, api.http, 'coordinator')).session;
    const created = await api.http
      .post('/api/v1/referrals')
      .set(filer.auth)
      .send(referralBody({ domain: `sla-${uniqueSuffix()}.example` }));
    const id = (created.body as { id: string }).id;
    await api.http.post(`/api/v1/referrals/${id}/submit`).set(filer.auth).expect(200);
    const caseId = await eventually('the referral to be taken in', async () => {
      const row = await ds.manager.findOneBy(ReferralEntity, { id });
      return row?.caseId ?? undefined;
    });

    const overdue = await eventually(
      'the case to be overdue',
      async () => {
        const res = await api.http.get('/api/v1/cases?overdue=true').set(coordinator.auth);
        const items = res.body.items as { id: string; overdue: boolean }[];
        return items.find((c) => c.id === caseId);
      },
      15_000,
    );
    expect(overdue.overdue).toBe(true);
    const alerts = await api.http.get(`/api/v1/alerts?caseId=${caseId}`).set(coordinator.auth);
    expect(alerts.status).toBe(200);
    expect(alerts.body.items).toEqual([
      expect.objectContaining({ kind: 'sla_breach', caseId, acknowledgedAt: null }),
    ]);
    const ack = await api.http
      .post(`/api/v1/alerts/${alerts.body.items[0].id}/acknowledge`)
      .set(coordinator.auth);
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedAt).not.toBeNull();

    const claimed = await api.http.post(`/api/v1/cases/${caseId}/assign`).set(coordinator.auth);
    expect(claimed.status).toBe(200);
    expect(claimed.body.overdue).toBe(false);
    expect(claimed.body.clocks).toContainEqual(
      expect.objectContaining({ clock: 'triage', status: 'met_late' }),
    );
    const notOverdue = await api.http.get('/api/v1/cases?overdue=false').set(coordinator.auth);
    expect((notOverdue.body.items as { id: string }[]).map((c) => c.id)).toContain(caseId);
  }, 30_000);
});
