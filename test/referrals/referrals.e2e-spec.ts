import { randomUUID } from 'node:crypto';
import type { Environment } from '@app/common';
import { AuditEventEntity, ReferralEntity } from '@app/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { IntakeProcessor } from '../../apps/worker/src/processors/intake.processor';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  type Session,
} from '../support/factories';
import { buildPdf } from '../support/pdf-fixtures';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { createScratchDatabase } from '../support/scratch-database';
import { TcpProxy } from '../support/tcp-proxy';

/** Filing and intake, as compliance officers and coordinators use them. */
describe('Referrals (e2e)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let workerEnv: Environment;

  beforeAll(async () => {
    const prefix = `${process.env.TEST_QUEUE_PREFIX}-referrals`;
    api = await startTestApi({ QUEUE_PREFIX: prefix, ATTACHMENT_MAX_BYTES: '65536' });
    workerEnv = testEnvironment({ QUEUE_PREFIX: prefix });
    worker = await createWorkerApp(workerEnv, { shutdownHooks: false });
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  const create = (s: Session, body: object, key?: string) => {
    const req = api.http.post('/api/v1/referrals').set(s.auth);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const submit = (s: Session, id: string, key?: string) => {
    const req = api.http.post(`/api/v1/referrals/${id}/submit`).set(s.auth);
    return key ? req.set('Idempotency-Key', key) : req;
  };
  const read = (s: Session, id: string) => api.http.get(`/api/v1/referrals/${id}`).set(s.auth);
  const inReview = (s: Session, id: string) =>
    eventually('the referral to reach in_review', async () => {
      const res = await read(s, id);
      const body = res.body as { status: string };
      return body.status === 'in_review' ? body : undefined;
    });

  describe('filing', () => {
    it('should create a draft with an FCR reference of its year and masked sensitive fields', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const res = await create(session, referralBody());
      expect(res.status).toBe(201);
      expect(res.body.reference).toMatch(new RegExp(`^FCR-${new Date().getUTCFullYear()}-\\d{6}$`));
      expect(res.body).toMatchObject({
        status: 'draft',
        otherMembersFlagging: null,
        tlp: 'AMBER+STRICT',
      });
      expect(res.body.merchant.taxId).toBe('•••• 6789');
      expect(res.body.merchant.principals[0].nationalId).toBe('•••• 456C');
      expect(res.body).not.toHaveProperty('caseId');
      const row = await api.dataSource.query(
        `SELECT merchant::text AS m FROM referrals WHERE id = $1`,
        [res.body.id],
      );
      expect(row[0].m).not.toContain('GB123456789');
      expect(row[0].m).not.toContain('AB123456C');
    });

    it('should send every field of a sparse draft, null when not known, and take it back on PATCH', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const empty = await create(session, {});
      expect(empty.status).toBe(201);
      expect(empty.body).toMatchObject({
        category: null,
        narrative: null,
        merchant: null,
        totalAmount: null,
        escalationReason: null,
        observedFrom: null,
        observedTo: null,
        submittedAt: null,
        indicators: [],
        observables: [],
        transactions: [],
        holds: [],
      });
      const res = await create(session, {
        merchant: { principals: [{ name: 'A. Person' }] },
        observables: [{ type: 'url', value: 'https://shop.example/offer' }],
        transactions: [
          { date: '2026-01-15', amount: '10', currency: 'EUR', rail: 'card', direction: 'inbound' },
        ],
      });
      expect(res.status).toBe(201);
      const merchant = (await read(session, res.body.id as string)).body.merchant as object;
      expect(merchant).toEqual({
        legalName: null,
        tradingNames: [],
        descriptors: [],
        country: null,
        mcc: null,
        acquirer: null,
        merchantIds: [],
        websites: [],
        hostingCountries: [],
        emails: [],
        phones: [],
        registrationNumber: null,
        taxId: null,
        principals: [
          { name: 'A. Person', countryOfResidence: null, dateOfBirth: null, nationalId: null },
        ],
      });
      expect(res.body.observables).toEqual([
        {
          type: 'url',
          value: 'https://shop.example/offer',
          algorithm: null,
          event: null,
          seenAt: null,
          viewedByReporter: null,
          publiclyAvailable: null,
        },
      ]);
      expect(res.body.transactions[0].counterparty).toBeNull();
      // A client may send what it read back unchanged: null there means "not given".
      const back = await api.http
        .patch(`/api/v1/referrals/${res.body.id as string}`)
        .set(session.auth)
        .send({
          merchant: { ...merchant, acquirer: { name: null, country: 'NL', bin: null, ica: null } },
          observables: res.body.observables as object[],
          transactions: res.body.transactions as object[],
        });
      expect(back.status).toBe(200);
      expect(back.body.merchant.acquirer).toEqual({
        name: null,
        country: 'NL',
        bin: null,
        ica: null,
      });
      expect(back.body.observables).toEqual(res.body.observables);
      const row = await api.dataSource.query(
        `SELECT merchant::text AS m FROM referrals WHERE id = $1`,
        [res.body.id],
      );
      expect(row[0].m).not.toContain('null');
    });

    it('should give consecutive references to consecutive drafts', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const a = await create(session, {});
      const b = await create(session, {});
      const n = (ref: string) => Number(ref.split('-')[2]);
      expect(n(b.body.reference)).toBeGreaterThan(n(a.body.reference));
    });

    it('should refuse a full card number anywhere in the body, naming the field and storing nothing', async () => {
      const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const res = await create(
        session,
        referralBody({ narrative: 'Paid with card 4111 1111 1111 1111 on the site.' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'narrative', messages: [expect.stringContaining('BIN (first 6) and last 4')] },
      ]);
      expect(JSON.stringify(res.body)).not.toContain('4111 1111 1111 1111');
      expect(await api.dataSource.manager.countBy(ReferralEntity, { createdBy: user.id })).toBe(0);
    });

    it('should return the first response for a retried create with the same Idempotency-Key', async () => {
      const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const body = referralBody();
      const first = await create(session, body, 'create-key-0001');
      const again = await create(session, body, 'create-key-0001');
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect(await api.dataSource.manager.countBy(ReferralEntity, { createdBy: user.id })).toBe(1);
      const other = await create(session, referralBody(), 'create-key-0001');
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('idempotency_key_reused');
    });

    it('should create one referral when the same Idempotency-Key arrives concurrently', async () => {
      const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const body = referralBody();
      const results = await Promise.all(
        [1, 2, 3, 4].map(() => create(session, body, 'concurrent-key-01')),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(results.map((r) => (r.body as { id: string }).id)).size).toBe(1);
      expect(await api.dataSource.manager.countBy(ReferralEntity, { createdBy: user.id })).toBe(1);
    });

    it('should refuse to submit an incomplete draft, listing what is missing, and change nothing', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const draft = await create(session, { narrative: 'Started but not finished.' });
      const res = await submit(session, draft.body.id);
      expect(res.status).toBe(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['category', 'merchant', 'acknowledgeReportingDuty']),
      );
      expect((await read(session, draft.body.id)).body.status).toBe('draft');
    });

    it('should refuse editing or submitting a submitted referral with 409, and allow withdrawing it once', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const draft = await create(session, referralBody());
      await api.http
        .patch(`/api/v1/referrals/${draft.body.id}`)
        .set(session.auth)
        .send({ narrative: 'Sharper wording.' })
        .expect(200);
      await submit(session, draft.body.id).expect(200);
      const edit = await api.http
        .patch(`/api/v1/referrals/${draft.body.id}`)
        .set(session.auth)
        .send({ narrative: 'x' });
      expect(edit.status).toBe(409);
      expect(edit.body.code).toBe('referral_edit_not_allowed');
      const again = await submit(session, draft.body.id);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('referral_submit_not_allowed');
      const withdrawn = await api.http
        .post(`/api/v1/referrals/${draft.body.id}/withdraw`)
        .set(session.auth);
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.status).toBe('withdrawn');
      const twice = await api.http
        .post(`/api/v1/referrals/${draft.body.id}/withdraw`)
        .set(session.auth);
      expect(twice.status).toBe(409);
      const resubmit = await submit(session, draft.body.id);
      expect(resubmit.body.code).toBe('referral_submit_not_allowed');
    });

    it('should replay a retried submit instead of submitting twice', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const draft = await create(session, referralBody());
      const first = await submit(session, draft.body.id, 'submit-key-0001');
      const retry = await submit(session, draft.body.id, 'submit-key-0001');
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const outbox = await api.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox WHERE payload->>'referralId' = $1`,
        [draft.body.id],
      );
      expect(outbox[0].n).toBe(1);
    });
  });

  describe('need to know', () => {
    it("should hide another member's referral (404 on read, edit, submit and withdraw, same as a missing one)", async () => {
      const owner = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const stranger = await signedInUser(api.dataSource, api.http, 'member_admin');
      const draft = await create(owner.session, referralBody());
      const missing = await read(stranger.session, '00000000-0000-4000-8000-000000000000');
      for (const res of [
        await read(stranger.session, draft.body.id),
        await api.http
          .patch(`/api/v1/referrals/${draft.body.id}`)
          .set(stranger.session.auth)
          .send({ narrative: 'mine now' }),
        await submit(stranger.session, draft.body.id),
        await api.http
          .post(`/api/v1/referrals/${draft.body.id}/withdraw`)
          .set(stranger.session.auth),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.detail).toBe(missing.body.detail);
      }
      const list = await api.http.get('/api/v1/referrals').set(stranger.session.auth);
      expect((list.body.items as { id: string }[]).map((i) => i.id)).not.toContain(draft.body.id);
      expect((await read(owner.session, draft.body.id)).body.narrative).toBe(
        referralBody().narrative,
      );
    });

    it("should let a member admin see all of the organization's referrals, a reporter only their own, a coordinator all", async () => {
      const org = await createOrganization(api.dataSource, 'member');
      const alice = await createUser(api.dataSource, org, 'member_reporter');
      const bob = await createUser(api.dataSource, org, 'member_reporter');
      const admin = await createUser(api.dataSource, org, 'member_admin');
      const [a, b, m] = await Promise.all([
        login(api.http, alice.email),
        login(api.http, bob.email),
        login(api.http, admin.email),
      ]);
      const aliceDraft = await create(a, referralBody());
      const bobDraft = await create(b, referralBody());
      const ids = async (s: Session): Promise<string[]> => {
        const res = await api.http.get('/api/v1/referrals?limit=200').set(s.auth);
        return (res.body.items as { id: string }[]).map((i) => i.id);
      };
      expect(await ids(a)).toEqual([aliceDraft.body.id]);
      expect((await read(a, bobDraft.body.id)).status).toBe(404);
      expect((await ids(m)).sort()).toEqual([aliceDraft.body.id, bobDraft.body.id].sort());
      const coordinator = await signedInUser(api.dataSource, api.http, 'coordinator');
      expect((await read(coordinator.session, bobDraft.body.id)).status).toBe(200);
    });

    it('should refuse filing to roles that do not file (403)', async () => {
      for (const role of ['coordinator', 'le_liaison', 'auditor', 'platform_admin'] as const) {
        const { session } = await signedInUser(api.dataSource, api.http, role);
        expect((await create(session, referralBody())).status).toBe(403);
      }
    });

    it('should refuse setting status, caseId or organizationId through the body (mass assignment)', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const res = await create(session, {
        ...referralBody(),
        status: 'accepted',
        caseId: '00000000-0000-4000-8000-000000000001',
        organizationId: '00000000-0000-4000-8000-000000000002',
      });
      expect(res.status).toBe(400);
      expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'caseId',
        'organizationId',
        'status',
      ]);
    });

    it('should show sensitive values in clear only to a coordinator who asks, and audit it', async () => {
      const filer = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const draft = await create(filer.session, referralBody());
      const coordinator = await signedInUser(api.dataSource, api.http, 'coordinator');
      const masked = await read(coordinator.session, draft.body.id);
      expect(masked.body.merchant.taxId).toBe('•••• 6789');
      const clear = await api.http
        .get(`/api/v1/referrals/${draft.body.id}?reveal=sensitive`)
        .set(coordinator.session.auth);
      expect(clear.status).toBe(200);
      expect(clear.body.merchant.taxId).toBe('GB123456789');
      expect(clear.body.merchant.principals[0].nationalId).toBe('AB123456C');
      const event = await api.dataSource.manager.findOneByOrFail(AuditEventEntity, {
        actorUserId: coordinator.user.id,
        action: 'referral.reveal_sensitive',
      });
      expect(event.details).toEqual({
        fields: ['merchant.taxId', 'merchant.principals[0].nationalId'],
      });
      expect(JSON.stringify(event.details)).not.toContain('GB123456789');
      const asFiler = await api.http
        .get(`/api/v1/referrals/${draft.body.id}?reveal=sensitive`)
        .set(filer.session.auth);
      expect(asFiler.status).toBe(403);
      const bad = await api.http
        .get(`/api/v1/referrals/${draft.body.id}?reveal=everything`)
        .set(coordinator.session.auth);
      expect(bad.status).toBe(400);
    });

    it('should audit reading a referral', async () => {
      const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const draft = await create(session, referralBody());
      await read(session, draft.body.id).expect(200);
      expect(
        await api.dataSource.manager.countBy(AuditEventEntity, {
          actorUserId: user.id,
          action: 'referral.read',
          targetId: draft.body.id,
        }),
      ).toBe(1);
    });
  });

  describe('intake and matching', () => {
    it('should put referrals about the same site, written differently, by two members into one case', async () => {
      const north = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const south = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const site = `shop-${randomUUID().slice(0, 8)}.example`;
      const a = await create(
        north.session,
        referralBody({ domain: site, legalName: 'Shop Example Ltd' }),
      );
      const b = await create(
        south.session,
        referralBody({
          domain: 'unrelated.example',
          legalName: 'Totally Different Trading',
          country: 'US',
          merchant: {
            ...referralBody().merchant,
            legalName: 'Totally Different Trading',
            country: 'US',
            websites: [`https://WWW.${site.toUpperCase()}/path?x=1`],
          },
        }),
      );
      await submit(north.session, a.body.id).expect(200);
      await submit(south.session, b.body.id).expect(200);
      const viewA = await inReview(north.session, a.body.id);
      await inReview(south.session, b.body.id);
      const cases = await api.dataSource.query(
        `SELECT DISTINCT case_id FROM referrals WHERE id = ANY($1::uuid[])`,
        [[a.body.id, b.body.id]],
      );
      expect(cases).toHaveLength(1);
      expect(cases[0].case_id).not.toBeNull();
      expect((await read(north.session, a.body.id)).body.otherMembersFlagging).toBe(1);
      expect(viewA).not.toHaveProperty('caseId');
    });

    it('should stop counting other members on a referral once it is withdrawn', async () => {
      const north = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const south = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const east = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const site = `shop-${randomUUID().slice(0, 8)}.example`;
      const a = await create(north.session, referralBody({ domain: site }));
      const b = await create(south.session, referralBody({ domain: site }));
      await submit(north.session, a.body.id).expect(200);
      await submit(south.session, b.body.id).expect(200);
      await inReview(north.session, a.body.id);
      await inReview(south.session, b.body.id);
      expect((await read(north.session, a.body.id)).body.otherMembersFlagging).toBe(1);

      const withdrawn = await api.http
        .post(`/api/v1/referrals/${a.body.id}/withdraw`)
        .set(north.session.auth);
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', otherMembersFlagging: null });
      // A third member files on the same case: the withdrawn referral learns nothing of it.
      const c = await create(east.session, referralBody({ domain: site }));
      await submit(east.session, c.body.id).expect(200);
      await inReview(east.session, c.body.id);
      expect((await read(south.session, b.body.id)).body.otherMembersFlagging).toBe(1);
      expect((await read(north.session, a.body.id)).body.otherMembersFlagging).toBeNull();
      const listed = await api.http.get('/api/v1/referrals').set(north.session.auth).expect(200);
      expect(
        (listed.body.items as { id: string; otherMembersFlagging: number | null }[]).find(
          (r) => r.id === a.body.id,
        )?.otherMembersFlagging,
      ).toBeNull();
    });

    it('should open separate cases for different merchants', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const a = await create(session, referralBody({ legalName: 'Alpha Unique One' }));
      const b = await create(session, referralBody({ legalName: 'Omega Unrelated Two' }));
      await submit(session, a.body.id).expect(200);
      await submit(session, b.body.id).expect(200);
      await inReview(session, a.body.id);
      await inReview(session, b.body.id);
      const cases = await api.dataSource.query(
        `SELECT DISTINCT case_id FROM referrals WHERE id = ANY($1::uuid[])`,
        [[a.body.id, b.body.id]],
      );
      expect(cases).toHaveLength(2);
      expect((await read(session, a.body.id)).body.otherMembersFlagging).toBe(0);
    });

    it('should change nothing when the intake job runs again for the same referral', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const a = await create(session, referralBody());
      await submit(session, a.body.id).expect(200);
      await inReview(session, a.body.id);
      const ds = worker.get<DataSource>(getDataSourceToken());
      const before = await ds.query(
        `SELECT case_id, (SELECT count(*) FROM referral_match_keys WHERE referral_id = $1)::int AS keys FROM referrals WHERE id = $1`,
        [a.body.id],
      );
      const again = await worker.get(IntakeProcessor).intake(a.body.id);
      expect(again).toEqual({ outcome: 'skipped' });
      const after = await ds.query(
        `SELECT case_id, (SELECT count(*) FROM referral_match_keys WHERE referral_id = $1)::int AS keys FROM referrals WHERE id = $1`,
        [a.body.id],
      );
      expect(after).toEqual(before);
      expect(before[0].keys).toBeGreaterThan(0);
    });

    it('should suggest, never link, a case whose merchant name is only similar', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const stamp = randomUUID().slice(0, 8);
      const a = await create(
        session,
        referralBody({ legalName: `Brightstar Media Holdings ${stamp}` }),
      );
      await submit(session, a.body.id).expect(200);
      await inReview(session, a.body.id);
      const b = await create(
        session,
        referralBody({ legalName: `Brightstar Media Holding ${stamp}` }),
      );
      await submit(session, b.body.id).expect(200);
      await inReview(session, b.body.id);
      const rows: { id: string; case_id: string }[] = await api.dataSource.query(
        `SELECT id, case_id FROM referrals WHERE id = ANY($1::uuid[])`,
        [[a.body.id, b.body.id]],
      );
      expect(new Set(rows.map((r) => r.case_id)).size).toBe(2);
      const suggestions: { case_id: string }[] = await api.dataSource.query(
        `SELECT case_id, similarity FROM match_suggestions WHERE referral_id = $1`,
        [b.body.id],
      );
      const caseOfA = rows.find((r) => r.id === a.body.id)?.case_id;
      expect(suggestions.map((s) => s.case_id)).toContain(caseOfA);
    });

    it('should suggest a case whose name is exactly at the suggestion threshold', async () => {
      // `quill quokka|GB` and `quill works|GB` share 9 of 20 trigrams: similarity
      // 0.45 exactly, which the trigram index must not drop before the filter.
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const a = await create(session, referralBody({ legalName: 'Quill Quokka' }));
      await submit(session, a.body.id).expect(200);
      await inReview(session, a.body.id);
      const b = await create(session, referralBody({ legalName: 'Quill Works' }));
      await submit(session, b.body.id).expect(200);
      await inReview(session, b.body.id);
      const [similar]: { similarity: number }[] = await api.dataSource.query(
        `SELECT similarity('quill quokka|GB', 'quill works|GB') AS similarity`,
      );
      expect(similar.similarity).toBeCloseTo(0.45, 6);
      const caseOfA: { case_id: string }[] = await api.dataSource.query(
        `SELECT case_id FROM referrals WHERE id = $1`,
        [a.body.id],
      );
      const suggestions: { case_id: string }[] = await api.dataSource.query(
        `SELECT case_id FROM match_suggestions WHERE referral_id = $1`,
        [b.body.id],
      );
      expect(suggestions.map((s) => s.case_id)).toContain(caseOfA[0].case_id);
    });

    it('should not suggest a case whose similar name is in another country', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const stamp = randomUUID().slice(0, 8);
      const a = await create(
        session,
        referralBody({ legalName: `Brightstar Media Holdings ${stamp}`, country: 'GB' }),
      );
      await submit(session, a.body.id).expect(200);
      await inReview(session, a.body.id);
      const b = await create(
        session,
        referralBody({ legalName: `Brightstar Media Holding ${stamp}`, country: 'FR' }),
      );
      await submit(session, b.body.id).expect(200);
      await inReview(session, b.body.id);
      const caseOfA: { case_id: string }[] = await api.dataSource.query(
        `SELECT case_id FROM referrals WHERE id = $1`,
        [a.body.id],
      );
      const suggestions: { case_id: string }[] = await api.dataSource.query(
        `SELECT case_id FROM match_suggestions WHERE referral_id = $1`,
        [b.body.id],
      );
      expect(suggestions.map((s) => s.case_id)).not.toContain(caseOfA[0].case_id);
    });
  });

  describe('documents', () => {
    const upload = (s: Session, id: string, name: string, content: Buffer) =>
      api.http
        .post(`/api/v1/referrals/${id}/attachments`)
        .query({ filename: name })
        .set(s.auth)
        .set('content-type', 'application/octet-stream')
        .send(content);
    // A PDF is now read in full, so the document must be a whole text-only PDF.
    const pdf = buildPdf();
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]);
    const mp4 = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypmp42'), 0, 0, 0, 0]);
    const countDocs = async (referralId: string) =>
      Number(
        (
          await api.dataSource.query(
            `SELECT count(*) AS n FROM referral_attachments WHERE referral_id = $1`,
            [referralId],
          )
        )[0].n,
      );

    it('should accept a PDF and a CSV by their content, list them, and return the same bytes', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const draft = await create(session, referralBody());
      const added = await upload(session, draft.body.id, 'statement.bin', pdf);
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({
        filename: 'statement.bin',
        mediaType: 'application/pdf',
        sizeBytes: pdf.length,
      });
      const csv = await upload(
        session,
        draft.body.id,
        'export.csv',
        Buffer.from('date,amount,currency\n2026-10-02,49.99,GBP\n'),
      );
      expect(csv.body.mediaType).toBe('text/csv');
      const list = await api.http
        .get(`/api/v1/referrals/${draft.body.id}/attachments`)
        .set(session.auth);
      expect((list.body as { id: string }[]).map((a) => a.id)).toEqual([
        added.body.id,
        csv.body.id,
      ]);
      const download = await api.http
        .get(`/api/v1/referrals/${draft.body.id}/attachments/${added.body.id}`)
        .set(session.auth)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toContain('attachment');
      expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
    });

    it.each([
      ['a PNG named like a PDF', 'evidence.pdf', png, /an image \(PNG\)/],
      ['a ZIP archive', 'export.csv', zip, /an archive/],
      ['an MP4 video', 'notes.txt', mp4, /a video/],
    ])('should refuse %s with 415 and store nothing', async (_what, name, content, reason) => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const draft = await create(session, referralBody());
      const res = await upload(session, draft.body.id, name, content);
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('unsupported_document_type');
      expect(res.body.detail).toMatch(reason);
      expect(await countDocs(draft.body.id)).toBe(0);
    });

    it('should refuse a text document holding a full card number, and a document over the size limit', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const draft = await create(session, referralBody());
      const leak = await upload(
        session,
        draft.body.id,
        'export.csv',
        Buffer.from('card,amount\n4111111111111111,10.00\n'),
      );
      expect(leak.status).toBe(400);
      expect(JSON.stringify(leak.body)).not.toContain('4111111111111111');
      const big = await upload(session, draft.body.id, 'big.txt', Buffer.alloc(70_000, 'a'));
      expect(big.status).toBe(413);
      expect(await countDocs(draft.body.id)).toBe(0);
    });

    it("should hide another member's documents (404 on add, list and read)", async () => {
      const owner = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const stranger = await signedInUser(api.dataSource, api.http, 'member_admin');
      const draft = await create(owner.session, referralBody());
      const doc = await upload(owner.session, draft.body.id, 'a.pdf', pdf);
      expect((await upload(stranger.session, draft.body.id, 'b.pdf', pdf)).status).toBe(404);
      expect(
        (
          await api.http
            .get(`/api/v1/referrals/${draft.body.id}/attachments`)
            .set(stranger.session.auth)
        ).status,
      ).toBe(404);
      expect(
        (
          await api.http
            .get(`/api/v1/referrals/${draft.body.id}/attachments/${doc.body.id}`)
            .set(stranger.session.auth)
        ).status,
      ).toBe(404);
      expect(await countDocs(draft.body.id)).toBe(1);
    });

    it('should refuse raw bytes on a JSON route with 415', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const res = await api.http
        .post('/api/v1/referrals')
        .set(session.auth)
        .set('content-type', 'application/octet-stream')
        .send(pdf);
      expect(res.status).toBe(415);
    });
  });

  describe('durability', () => {
    it('should accept submits while Redis is unreachable and put them into cases once it is back', async () => {
      const scratch = await createScratchDatabase();
      const proxy = new TcpProxy('127.0.0.1', 6379);
      await proxy.start();
      const prefix = `${process.env.TEST_QUEUE_PREFIX}-referrals-outage`;
      const redisUrl = `redis://127.0.0.1:${proxy.port}`;
      const outageApi = await startTestApi({
        DATABASE_URL: scratch.url,
        QUEUE_PREFIX: prefix,
        REDIS_URL: redisUrl,
      });
      const outageWorker = await createWorkerApp(
        testEnvironment({ DATABASE_URL: scratch.url, QUEUE_PREFIX: prefix, REDIS_URL: redisUrl }),
        { shutdownHooks: false },
      );
      try {
        const { session } = await signedInUser(
          outageApi.dataSource,
          outageApi.http,
          'member_reporter',
        );
        await proxy.cut();
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) {
          const draft = await outageApi.http
            .post('/api/v1/referrals')
            .set(session.auth)
            .send(referralBody());
          await outageApi.http
            .post(`/api/v1/referrals/${draft.body.id}/submit`)
            .set(session.auth)
            .expect(200);
          ids.push(draft.body.id as string);
        }
        await new Promise((r) => setTimeout(r, 1000));
        const stuck: { status: string }[] = await outageApi.dataSource.query(
          `SELECT status FROM referrals WHERE id = ANY($1::uuid[])`,
          [ids],
        );
        expect(stuck.every((r) => r.status === 'submitted')).toBe(true);
        await proxy.restore();
        await eventually(
          'the backlog to be taken in',
          async () => {
            const rows: { status: string; case_id: string | null }[] =
              await outageApi.dataSource.query(
                `SELECT status, case_id FROM referrals WHERE id = ANY($1::uuid[])`,
                [ids],
              );
            return rows.every((r) => r.status === 'in_review' && r.case_id) ? rows : undefined;
          },
          20_000,
        );
      } finally {
        await outageWorker.close();
        await outageApi.close();
        await proxy.cut();
        await scratch.drop();
      }
    }, 60_000);
  });

  describe('sensitive merchant values on PATCH', () => {
    interface Merchant {
      legalName: string;
      taxId?: string | null;
      principals: { name: string; nationalId?: string | null }[];
      [field: string]: unknown;
    }
    let coordinator: Session;
    beforeAll(async () => {
      coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
    });

    const patch = (s: Session, id: string, body: object) =>
      api.http.patch(`/api/v1/referrals/${id}`).set(s.auth).send(body);
    /** The merchant in clear, as a coordinator may reveal it. */
    const revealed = async (id: string): Promise<Merchant> => {
      const res = await api.http
        .get(`/api/v1/referrals/${id}?reveal=sensitive`)
        .set(coordinator.auth)
        .expect(200);
      return (res.body as { merchant: Merchant }).merchant;
    };
    /** The merchant as a client has it after a reload: masked values dropped before sending it back. */
    const reloaded = async (s: Session, id: string): Promise<Merchant> => {
      const merchant = { ...((await read(s, id)).body as { merchant: Merchant }).merchant };
      delete merchant.taxId;
      merchant.principals = merchant.principals.map(({ nationalId: _masked, ...p }) => p);
      return merchant;
    };

    it('should keep the stored tax id and national ids when a merchant PATCH leaves them out', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const draft = await create(session, referralBody());
      expect(draft.status).toBe(201);
      const id = draft.body.id as string;

      const merchant = await reloaded(session, id);
      const res = await patch(session, id, { merchant: { ...merchant, legalName: 'Renamed Ltd' } });
      expect(res.status).toBe(200);
      expect((res.body as { merchant: Merchant }).merchant.taxId).toMatch(/6789$/);
      const clear = await revealed(id);
      expect(clear.legalName).toBe('Renamed Ltd');
      expect(clear.taxId).toBe('GB123456789');
      expect(clear.principals[0]).toMatchObject({ name: 'A. Principal', nationalId: 'AB123456C' });
    });

    it('should keep a national id with the principal of the same name, never move it to another person', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const id = (await create(session, referralBody())).body.id as string;

      // A principal added in front: the id stays with A. Principal, now second.
      const merchant = await reloaded(session, id);
      await patch(session, id, {
        merchant: { ...merchant, principals: [{ name: 'B. Newcomer' }, ...merchant.principals] },
      }).expect(200);
      let clear = await revealed(id);
      expect(clear.principals.map((p) => [p.name, p.nationalId ?? null])).toEqual([
        ['B. Newcomer', null],
        ['A. Principal', 'AB123456C'],
      ]);

      // A. Principal removed: the id goes with them; B. Newcomer, now first, does not get it.
      await patch(session, id, {
        merchant: { ...(await reloaded(session, id)), principals: [{ name: 'B. Newcomer' }] },
      }).expect(200);
      clear = await revealed(id);
      expect(clear.principals.map((p) => [p.name, p.nationalId ?? null])).toEqual([
        ['B. Newcomer', null],
      ]);
    });

    it('should clear a tax id or national id sent as null, and replace one sent anew', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const id = (await create(session, referralBody())).body.id as string;
      const merchant = await reloaded(session, id);

      await patch(session, id, {
        merchant: {
          ...merchant,
          taxId: null,
          principals: merchant.principals.map((p) => ({ ...p, nationalId: null })),
        },
      }).expect(200);
      let clear = await revealed(id);
      expect(clear.taxId ?? null).toBeNull();
      expect(clear.principals[0].nationalId ?? null).toBeNull();
      const row = await api.dataSource.manager.findOneByOrFail(ReferralEntity, { id });
      expect(row.merchant?.taxId).toBeUndefined();
      expect(row.merchant?.principals?.[0].nationalId).toBeUndefined();

      await patch(session, id, {
        merchant: {
          ...merchant,
          taxId: 'GB000111222',
          principals: [{ name: 'A. Principal', nationalId: 'ZZ999' }],
        },
      }).expect(200);
      clear = await revealed(id);
      expect(clear.taxId).toBe('GB000111222');
      expect(clear.principals[0].nationalId).toBe('ZZ999');

      // A PATCH without a merchant leaves it alone.
      await patch(session, id, { narrative: 'Amended narrative.' }).expect(200);
      expect((await revealed(id)).taxId).toBe('GB000111222');
    });
  });
});
