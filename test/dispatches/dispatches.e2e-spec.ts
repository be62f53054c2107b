import { holdMaxExpiry } from '@app/domain';
import {
  AuditEventEntity,
  DispatchEntity,
  HoldEntity,
  OutboxMessageEntity,
  SlaClockEntity,
  type AuditOutcome,
} from '@app/persistence';
import {
  createAgency,
  createCase,
  createDispatch,
  createFiler,
  createLiaison,
  createRoutedCase,
  insertReferral,
  type RoutedCaseFixture,
} from '../support/case-fixtures';
import { login, signedInUser, type Session } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';
const DAY_MS = 24 * 60 * 60 * 1000;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** What law-enforcement liaisons do with the cases routed to their agency, and what members see of it. */
describe('Dispatches and holds (e2e)', () => {
  let api: TestApi;
  let coordinator: Session;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-dispatches` });
    coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
  });
  afterAll(async () => {
    await api.close();
  });

  const sessionOf = (user: { email: string }) => login(api.http, user.email);
  const get = (s: Session, path: string) => api.http.get(`${V1}${path}`).set(s.auth);
  const post = (s: Session, path: string, body?: object) => {
    const req = api.http.post(`${V1}${path}`).set(s.auth);
    return body === undefined ? req : req.send(body);
  };
  const stored = (id: string) => api.dataSource.manager.findOneByOrFail(DispatchEntity, { id });
  const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
  const holdBody = (overrides: object = {}) => ({
    scope: 'do_not_terminate',
    reason: 'Keep the account open: the payments lead us to the operators.',
    documentRef: 'MCU/2026/0142',
    expiresAt: inDays(30),
    ...overrides,
  });
  const routed = async (
    options: Parameters<typeof createRoutedCase>[1] = {},
  ): Promise<RoutedCaseFixture & { liaisonSession: Session }> => {
    const fixture = await createRoutedCase(api.dataSource, options);
    return { ...fixture, liaisonSession: await sessionOf(fixture.liaison) };
  };
  const auditCount = (action: string, targetId: string, outcome: AuditOutcome = 'success') =>
    api.dataSource.manager.countBy(AuditEventEntity, { action, targetId, outcome });

  describe('need to know', () => {
    it("should list only the liaison's own agency's dispatches", async () => {
      const mine = await routed();
      const second = await createCase(api.dataSource, [mine.filer]);
      const alsoMine = await createDispatch(api.dataSource, second, mine.agency, {
        status: 'pending',
      });
      const theirs = await routed();

      const res = await get(mine.liaisonSession, '/dispatches?limit=200');
      expect(res.status).toBe(200);
      const ids = (res.body.items as { id: string }[]).map((i) => i.id);
      expect(ids.sort()).toEqual([mine.dispatch.id, alsoMine.id].sort());
      expect(ids).not.toContain(theirs.dispatch.id);
      const item = (res.body.items as Record<string, unknown>[]).find(
        (i) => i.id === mine.dispatch.id,
      );
      expect(item).toMatchObject({
        reference: mine.dispatch.reference,
        caseReference: mine.caseRow.reference,
        agency: { id: mine.agency.agency.id, name: mine.agency.agency.name },
        status: 'delivered',
        tlp: 'AMBER',
        acknowledgedAt: null,
        leCaseNumber: null,
        outcome: null,
      });
      expect(item).not.toHaveProperty('package');

      const pending = await get(mine.liaisonSession, '/dispatches?status=pending');
      expect((pending.body.items as { id: string }[]).map((i) => i.id)).toEqual([alsoMine.id]);
      // A case filter cannot widen a liaison's reach.
      const other = await get(mine.liaisonSession, `/dispatches?caseId=${theirs.caseRow.id}`);
      expect(other.body.items).toEqual([]);
    });

    it('should page the list with a cursor', async () => {
      const mine = await routed();
      for (let i = 0; i < 2; i += 1) {
        const more = await createCase(api.dataSource, [mine.filer]);
        await createDispatch(api.dataSource, more, mine.agency);
      }
      const first = await get(mine.liaisonSession, '/dispatches?limit=2');
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await get(
        mine.liaisonSession,
        `/dispatches?limit=2&cursor=${first.body.nextCursor as string}`,
      );
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const all = [...first.body.items, ...second.body.items] as { id: string }[];
      expect(new Set(all.map((i) => i.id)).size).toBe(3);
    });

    it("should hide another agency's dispatch: 404 on read and on every action, like a missing one, changing nothing", async () => {
      const theirs = await routed();
      const stranger = await routed();
      const id = theirs.dispatch.id;
      const missing = await get(stranger.liaisonSession, `/dispatches/${MISSING_ID}`);
      expect(missing.status).toBe(404);
      const attempts = [
        await get(stranger.liaisonSession, `/dispatches/${id}`),
        await get(stranger.liaisonSession, `/dispatches/${id}/holds`),
        await post(stranger.liaisonSession, `/dispatches/${id}/acknowledge`),
        await post(stranger.liaisonSession, `/dispatches/${id}/accept`, { leCaseNumber: 'X-1' }),
        await post(stranger.liaisonSession, `/dispatches/${id}/decline`, {
          reason: 'Not ours to take.',
        }),
        await post(stranger.liaisonSession, `/dispatches/${id}/outcome`, { outcome: 'arrest' }),
        await post(stranger.liaisonSession, `/dispatches/${id}/holds`, holdBody()),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(404);
        expect(res.body.code).toBe(missing.body.code);
        expect(res.body.detail).toBe(missing.body.detail);
      }
      const after = await stored(id);
      expect(after.status).toBe('delivered');
      expect(after.version).toBe(theirs.dispatch.version);
      expect(await api.dataSource.manager.countBy(HoldEntity, { dispatchId: id })).toBe(0);
      expect(await auditCount('dispatch.read', id)).toBe(0);
    });

    it('should refuse members every dispatch route with 403', async () => {
      const fixture = await routed();
      const member = await sessionOf(fixture.filer.user);
      const id = fixture.dispatch.id;
      for (const res of [
        await get(member, '/dispatches'),
        await get(member, `/dispatches/${id}`),
        await get(member, `/dispatches/${id}/holds`),
        await post(member, `/dispatches/${id}/acknowledge`),
        await post(member, `/dispatches/${id}/accept`, {}),
        await post(member, `/dispatches/${id}/holds`, holdBody()),
        await post(member, `/dispatches/${id}/retry`),
      ]) {
        expect(res.status).toBe(403);
      }
      expect((await stored(id)).status).toBe('delivered');
    });

    it('should let a coordinator read every agency’s dispatches, with delivery details the liaison does not get', async () => {
      const named = await createFiler(api.dataSource, { named: true });
      const anonymous = await createFiler(api.dataSource);
      const fixture = await createCase(api.dataSource, [named, anonymous]);
      const a = await createAgency(api.dataSource);
      const b = await createAgency(api.dataSource);
      const toA = await createDispatch(api.dataSource, fixture, a);
      const toB = await createDispatch(api.dataSource, fixture, b, { status: 'failed' });

      const list = await get(coordinator, `/dispatches?caseId=${fixture.caseRow.id}`);
      expect(list.status).toBe(200);
      expect((list.body.items as { id: string }[]).map((i) => i.id).sort()).toEqual(
        [toA.id, toB.id].sort(),
      );

      const asCoordinator = await get(coordinator, `/dispatches/${toB.id}`);
      expect(asCoordinator.status).toBe(200);
      expect(asCoordinator.body.delivery).toMatchObject({
        attemptCount: 5,
        lastError: 'receiver answered 503',
        attempts: [],
      });

      const liaison = await sessionOf(await createLiaison(api.dataSource, a));
      const asLiaison = await get(liaison, `/dispatches/${toA.id}`);
      expect(asLiaison.status).toBe(200);
      expect(asLiaison.body.delivery).toBeNull();
      expect(asLiaison.body).toMatchObject({
        id: toA.id,
        caseReference: fixture.caseRow.reference,
        status: 'delivered',
        channels: ['portal'],
        basis: [{ jurisdiction: 'GB', sources: ['merchant_country'] }],
        holds: [],
        declineReason: null,
      });
      const pkg = asLiaison.body.package as {
        schema: string;
        agency: { id: string };
        referrals: { reference: string; filer: string }[];
      };
      expect(pkg.schema).toBe('crh.case-package/v2');
      expect(pkg.agency.id).toBe(a.agency.id);
      const filers = new Map(pkg.referrals.map((r) => [r.reference, r.filer]));
      expect(filers.get(fixture.referrals[0].reference)).toBe(named.org.legalName);
      expect(filers.get(fixture.referrals[1].reference)).toBe('coalition member');
      expect(JSON.stringify(pkg)).not.toContain(anonymous.org.legalName);
    });

    it('should audit every read of a dispatch, naming the reader', async () => {
      const fixture = await routed();
      await get(fixture.liaisonSession, `/dispatches/${fixture.dispatch.id}`).expect(200);
      await get(coordinator, `/dispatches/${fixture.dispatch.id}`).expect(200);
      const events = await api.dataSource.manager.find(AuditEventEntity, {
        where: { action: 'dispatch.read', targetId: fixture.dispatch.id },
        order: { id: 'ASC' },
      });
      expect(events).toHaveLength(2);
      expect(events[0]).toMatchObject({
        targetType: 'dispatch',
        outcome: 'success',
        actorUserId: fixture.liaison.id,
        actorRole: 'le_liaison',
        actorOrganizationId: fixture.agency.org.id,
      });
      expect(events[1].actorRole).toBe('coordinator');
    });
  });

  describe('the liaison workflow', () => {
    it('should acknowledge (stopping the acknowledgement clock), accept with a case number, then record and update an outcome', async () => {
      const { dispatch, caseRow, liaison, liaisonSession } = await routed();
      const ack = await post(liaisonSession, `/dispatches/${dispatch.id}/acknowledge`);
      expect(ack.status).toBe(200);
      expect(ack.body.status).toBe('acknowledged');
      expect(ack.body.acknowledgedAt).toEqual(expect.any(String));
      const clock = await api.dataSource.manager.findOneByOrFail(SlaClockEntity, {
        dispatchId: dispatch.id,
        clock: 'le_acknowledgement',
      });
      expect(clock).toMatchObject({ caseId: caseRow.id, status: 'met' });
      expect(clock.stoppedAt).toBeInstanceOf(Date);

      const accept = await post(liaisonSession, `/dispatches/${dispatch.id}/accept`, {
        leCaseNumber: '  MCU-2026-0042 ',
      });
      expect(accept.status).toBe(200);
      expect(accept.body).toMatchObject({ status: 'accepted', leCaseNumber: 'MCU-2026-0042' });
      expect(accept.body.acceptedAt).toEqual(expect.any(String));

      const outcome = await post(liaisonSession, `/dispatches/${dispatch.id}/outcome`, {
        outcome: 'investigation_opened',
      });
      expect(outcome.status).toBe(200);
      expect(outcome.body).toMatchObject({ outcome: 'investigation_opened', outcomeNote: null });
      const later = await post(liaisonSession, `/dispatches/${dispatch.id}/outcome`, {
        outcome: 'arrest',
        note: 'Two arrests on 3 March.',
      });
      expect(later.status).toBe(200);
      expect(later.body).toMatchObject({
        outcome: 'arrest',
        outcomeNote: 'Two arrests on 3 March.',
      });

      for (const action of ['dispatch.acknowledge', 'dispatch.accept']) {
        expect(await auditCount(action, dispatch.id)).toBe(1);
      }
      expect(await auditCount('dispatch.outcome', dispatch.id)).toBe(2);
      const acceptEvent = await api.dataSource.manager.findOneByOrFail(AuditEventEntity, {
        action: 'dispatch.accept',
        targetId: dispatch.id,
      });
      expect(acceptEvent.actorUserId).toBe(liaison.id);
      expect(acceptEvent.details).toMatchObject({
        from: 'acknowledged',
        to: 'accepted',
        leCaseNumber: 'MCU-2026-0042',
      });
    });

    it('should accept straight from delivered, which meets the acknowledgement clock too', async () => {
      const { dispatch, liaisonSession } = await routed();
      const res = await post(liaisonSession, `/dispatches/${dispatch.id}/accept`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'accepted', leCaseNumber: null });
      const clock = await api.dataSource.manager.findOneByOrFail(SlaClockEntity, {
        dispatchId: dispatch.id,
      });
      expect(clock.status).toBe('met');
    });

    it('should require a reason to decline (400, nothing changed), then decline and refuse to accept afterwards', async () => {
      const { dispatch, liaisonSession } = await routed();
      for (const body of [{}, { reason: '  ' }, { reason: 'no' }, { reason: 'x'.repeat(2001) }]) {
        const res = await post(liaisonSession, `/dispatches/${dispatch.id}/decline`, body);
        expect(res.status).toBe(400);
        expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['reason']);
      }
      expect((await stored(dispatch.id)).status).toBe('delivered');
      expect(await auditCount('dispatch.decline', dispatch.id)).toBe(0);

      const declined = await post(liaisonSession, `/dispatches/${dispatch.id}/decline`, {
        reason: 'The merchant is outside our jurisdiction.',
      });
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({
        status: 'declined',
        declineReason: 'The merchant is outside our jurisdiction.',
      });
      const clock = await api.dataSource.manager.findOneByOrFail(SlaClockEntity, {
        dispatchId: dispatch.id,
      });
      expect(clock.status).toBe('met');

      const accept = await post(liaisonSession, `/dispatches/${dispatch.id}/accept`, {});
      expect(accept.status).toBe(409);
      expect(accept.body.code).toBe('dispatch_accept_not_allowed_from_declined');
    });

    it('should answer a wrong-state action with 409 and the table code, changing nothing', async () => {
      const { dispatch, liaisonSession } = await routed({ dispatchStatus: 'pending' });
      const cases: [string, object | undefined, string][] = [
        ['acknowledge', undefined, 'dispatch_acknowledge_not_allowed_from_pending'],
        ['accept', {}, 'dispatch_accept_not_allowed_from_pending'],
        ['decline', { reason: 'Not for us.' }, 'dispatch_decline_not_allowed_from_pending'],
        ['outcome', { outcome: 'arrest' }, 'dispatch_outcome_not_allowed_from_pending'],
      ];
      for (const [action, body, code] of cases) {
        const res = await post(liaisonSession, `/dispatches/${dispatch.id}/${action}`, body);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe(code);
      }
      const after = await stored(dispatch.id);
      expect(after.status).toBe('pending');
      expect(after.version).toBe(dispatch.version);
    });

    it('should allow an outcome only once accepted, from the documented list, with a note for "other"', async () => {
      const { dispatch, liaisonSession } = await routed({ dispatchStatus: 'acknowledged' });
      const early = await post(liaisonSession, `/dispatches/${dispatch.id}/outcome`, {
        outcome: 'arrest',
      });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('dispatch_outcome_not_allowed_from_acknowledged');

      await post(liaisonSession, `/dispatches/${dispatch.id}/accept`, {}).expect(200);
      const unknown = await post(liaisonSession, `/dispatches/${dispatch.id}/outcome`, {
        outcome: 'solved',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([
        { field: 'outcome', messages: [expect.stringContaining('investigation_opened')] },
      ]);
      const other = await post(liaisonSession, `/dispatches/${dispatch.id}/outcome`, {
        outcome: 'other',
      });
      expect(other.status).toBe(400);
      expect((other.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['note']);
      const long = await post(liaisonSession, `/dispatches/${dispatch.id}/outcome`, {
        outcome: 'arrest',
        note: 'x'.repeat(4001),
      });
      expect(long.status).toBe(400);
      const after = await stored(dispatch.id);
      expect(after.outcome).toBeNull();
      expect(await auditCount('dispatch.outcome', dispatch.id)).toBe(0);
    });

    it('should refuse invalid input with 400 naming the field and change nothing', async () => {
      const { dispatch, liaisonSession } = await routed();
      for (const body of [
        { leCaseNumber: 'x'.repeat(65) },
        { leCaseNumber: '' },
        { leCaseNumber: 42 },
        { leCaseNumber: 'MCU-1', extra: true },
      ]) {
        const res = await post(liaisonSession, `/dispatches/${dispatch.id}/accept`, body);
        expect(res.status).toBe(400);
        expect(res.body.errors.length).toBeGreaterThan(0);
      }
      const bad = await get(liaisonSession, '/dispatches?status=lost&caseId=nope');
      expect(bad.status).toBe(400);
      expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'caseId',
        'status',
      ]);
      const after = await stored(dispatch.id);
      expect(after.status).toBe('delivered');
      expect(after.version).toBe(dispatch.version);
    });
  });

  describe('coordinator retry', () => {
    it('should put a failed dispatch back to pending and write a deliver job to the outbox', async () => {
      const { dispatch, agency, liaisonSession } = await routed({ dispatchStatus: 'failed' });
      const byLiaison = await post(liaisonSession, `/dispatches/${dispatch.id}/retry`);
      expect(byLiaison.status).toBe(403);

      const res = await post(coordinator, `/dispatches/${dispatch.id}/retry`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('pending');
      expect(res.body.delivery).toMatchObject({ attemptCount: 5, failedAt: null });
      const rows = await api.dataSource
        .getRepository(OutboxMessageEntity)
        .createQueryBuilder('o')
        .where(`o.payload->>'dispatchId' = :id`, { id: dispatch.id })
        .getMany();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        queue: 'dispatch',
        jobName: 'deliver',
        organizationId: agency.org.id,
      });
      expect(rows[0].payload).toMatchObject({
        dispatchId: dispatch.id,
        organizationId: agency.org.id,
        outboxId: rows[0].id,
      });
      expect(await auditCount('dispatch.retry', dispatch.id)).toBe(1);

      const again = await post(coordinator, `/dispatches/${dispatch.id}/retry`);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('dispatch_retry_not_allowed_from_pending');
      expect(
        await api.dataSource
          .getRepository(OutboxMessageEntity)
          .createQueryBuilder('o')
          .where(`o.payload->>'dispatchId' = :id`, { id: dispatch.id })
          .getCount(),
      ).toBe(1);
    });
  });

  describe('holds', () => {
    it('should place a hold that the filer sees, with its expiry, on the referral (and nothing of the case)', async () => {
      const fixture = await routed();
      const expiresAt = inDays(90);
      const placed = await post(
        fixture.liaisonSession,
        `/dispatches/${fixture.dispatch.id}/holds`,
        holdBody({ expiresAt }),
      );
      expect(placed.status).toBe(201);
      expect(placed.body).toMatchObject({
        dispatchId: fixture.dispatch.id,
        agencyId: fixture.agency.agency.id,
        scope: 'do_not_terminate',
        documentRef: 'MCU/2026/0142',
        expiresAt,
        status: 'active',
        renewals: 0,
        createdBy: fixture.liaison.id,
      });
      const clock = await api.dataSource.manager.findOneByOrFail(SlaClockEntity, {
        holdId: placed.body.id,
      });
      expect(clock).toMatchObject({ clock: 'hold_expiry', status: 'running' });
      expect(clock.dueAt.toISOString()).toBe(expiresAt);
      expect(await auditCount('hold.place', placed.body.id)).toBe(1);

      const member = await sessionOf(fixture.filer.user);
      const referral = await get(member, `/referrals/${fixture.referrals[0].id}`);
      expect(referral.status).toBe(200);
      expect(referral.body.holds).toEqual([
        {
          id: placed.body.id,
          scope: 'do_not_terminate',
          reason: holdBody().reason,
          expiresAt,
          status: 'active',
          agency: fixture.agency.agency.name,
          createdAt: placed.body.createdAt,
        },
      ]);
      const text = JSON.stringify(referral.body);
      for (const secret of [
        fixture.caseRow.id,
        fixture.caseRow.reference,
        fixture.dispatch.id,
        'MCU/2026/0142',
      ]) {
        expect(text).not.toContain(secret);
      }
      const list = await get(member, '/referrals?limit=200');
      const listed = (list.body.items as { id: string; holds: { id: string }[] }[]).find(
        (r) => r.id === fixture.referrals[0].id,
      );
      expect(listed?.holds.map((h) => h.id)).toEqual([placed.body.id]);

      const onDispatch = await get(fixture.liaisonSession, `/dispatches/${fixture.dispatch.id}`);
      expect((onDispatch.body.holds as { id: string }[]).map((h) => h.id)).toEqual([
        placed.body.id,
      ]);
      const holds = await get(fixture.liaisonSession, `/dispatches/${fixture.dispatch.id}/holds`);
      expect(holds.status).toBe(200);
      expect((holds.body as { id: string }[]).map((h) => h.id)).toEqual([placed.body.id]);
    });

    it('should give a draft an empty holds list even when the filer has holds elsewhere', async () => {
      const fixture = await routed();
      await post(
        fixture.liaisonSession,
        `/dispatches/${fixture.dispatch.id}/holds`,
        holdBody(),
      ).expect(201);
      const draft = await insertReferral(api.dataSource, fixture.filer, { status: 'draft' });
      const member = await sessionOf(fixture.filer.user);
      const res = await get(member, `/referrals/${draft.id}`);
      expect(res.status).toBe(200);
      expect(res.body.holds).toEqual([]);
    });

    it('should refuse an expiry more than 6 months ahead or in the past with 400 naming expiresAt, writing nothing', async () => {
      const { dispatch, liaisonSession } = await routed();
      const tooLate = new Date(holdMaxExpiry(new Date()).getTime() + DAY_MS).toISOString();
      for (const expiresAt of [tooLate, inDays(-1), '2026-13-01T00:00:00Z', '2027-01-01']) {
        const res = await post(liaisonSession, `/dispatches/${dispatch.id}/holds`, {
          ...holdBody(),
          expiresAt,
        });
        expect(res.status).toBe(400);
        expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['expiresAt']);
      }
      const all = await post(liaisonSession, `/dispatches/${dispatch.id}/holds`, {
        scope: 'freeze',
        reason: 'x',
        documentRef: '',
        expiresAt: tooLate,
      });
      expect(all.status).toBe(400);
      expect((all.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'documentRef',
        'expiresAt',
        'reason',
        'scope',
      ]);
      expect(await api.dataSource.manager.countBy(HoldEntity, { dispatchId: dispatch.id })).toBe(0);
      expect(
        await api.dataSource.manager.countBy(SlaClockEntity, {
          caseId: dispatch.caseId,
          clock: 'hold_expiry',
        }),
      ).toBe(0);
    });

    it('should refuse a hold on a dispatch that is pending or declined (409)', async () => {
      const pending = await routed({ dispatchStatus: 'pending' });
      const res = await post(
        pending.liaisonSession,
        `/dispatches/${pending.dispatch.id}/holds`,
        holdBody(),
      );
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('hold_not_allowed_from_pending');
      const declined = await routed({ dispatchStatus: 'declined' });
      const again = await post(
        declined.liaisonSession,
        `/dispatches/${declined.dispatch.id}/holds`,
        holdBody(),
      );
      expect(again.body.code).toBe('hold_not_allowed_from_declined');
      expect(await api.dataSource.manager.countBy(HoldEntity, { caseId: pending.caseRow.id })).toBe(
        0,
      );
    });

    it('should renew a hold (new clock, old one cancelled) and release it, hiding it from the filer', async () => {
      const fixture = await routed({ dispatchStatus: 'accepted' });
      const placed = await post(
        fixture.liaisonSession,
        `/dispatches/${fixture.dispatch.id}/holds`,
        holdBody({ expiresAt: inDays(10) }),
      );
      expect(placed.status).toBe(201);
      const holdId = placed.body.id as string;

      const stranger = await routed();
      const foreign = [
        await post(stranger.liaisonSession, `/holds/${holdId}/renew`, { expiresAt: inDays(60) }),
        await post(stranger.liaisonSession, `/holds/${holdId}/release`, {}),
      ];
      const missing = await post(stranger.liaisonSession, `/holds/${MISSING_ID}/release`, {});
      for (const res of foreign) {
        expect(res.status).toBe(404);
        expect(res.body.detail).toBe(missing.body.detail);
      }

      const tooLate = new Date(holdMaxExpiry(new Date()).getTime() + 60_000).toISOString();
      const refused = await post(fixture.liaisonSession, `/holds/${holdId}/renew`, {
        expiresAt: tooLate,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].field).toBe('expiresAt');

      const newExpiry = inDays(120);
      const renewed = await post(fixture.liaisonSession, `/holds/${holdId}/renew`, {
        expiresAt: newExpiry,
      });
      expect(renewed.status).toBe(200);
      expect(renewed.body).toMatchObject({ status: 'active', renewals: 1, expiresAt: newExpiry });
      const clocks = await api.dataSource.manager.find(SlaClockEntity, {
        where: { holdId },
        order: { startedAt: 'ASC' },
      });
      expect(clocks.map((c) => c.status)).toEqual(['cancelled', 'running']);
      expect(clocks[1].dueAt.toISOString()).toBe(newExpiry);

      const member = await sessionOf(fixture.filer.user);
      const seen = await get(member, `/referrals/${fixture.referrals[0].id}`);
      expect(seen.body.holds).toMatchObject([{ id: holdId, expiresAt: newExpiry }]);

      const released = await post(fixture.liaisonSession, `/holds/${holdId}/release`, {
        reason: 'Operators arrested.',
      });
      expect(released.status).toBe(200);
      expect(released.body).toMatchObject({ status: 'released', releasedBy: fixture.liaison.id });
      const after = await api.dataSource.manager.findOneByOrFail(SlaClockEntity, {
        holdId,
        status: 'cancelled',
        dueAt: new Date(newExpiry),
      });
      expect(after.stoppedAt).toBeInstanceOf(Date);
      expect((await get(member, `/referrals/${fixture.referrals[0].id}`)).body.holds).toEqual([]);

      const twice = await post(fixture.liaisonSession, `/holds/${holdId}/release`, {});
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('hold_release_not_allowed_from_released');
      const renewReleased = await post(fixture.liaisonSession, `/holds/${holdId}/renew`, {
        expiresAt: inDays(30),
      });
      expect(renewReleased.status).toBe(409);
      expect(renewReleased.body.code).toBe('hold_renew_not_allowed_from_released');
      for (const action of ['hold.renew', 'hold.release']) {
        expect(await auditCount(action, holdId)).toBe(1);
      }
    });

    it('should renew an expired hold back to active, and keep showing an expired one to the filer until then', async () => {
      const fixture = await routed();
      const placed = await post(
        fixture.liaisonSession,
        `/dispatches/${fixture.dispatch.id}/holds`,
        holdBody(),
      );
      const holdId = placed.body.id as string;
      // What the SLA job does when the expiry passes.
      await api.dataSource.manager.update(HoldEntity, { id: holdId }, { status: 'expired' });
      const member = await sessionOf(fixture.filer.user);
      const seen = await get(member, `/referrals/${fixture.referrals[0].id}`);
      expect(seen.body.holds).toMatchObject([{ id: holdId, status: 'expired' }]);
      const release = await post(fixture.liaisonSession, `/holds/${holdId}/release`, {});
      expect(release.body.code).toBe('hold_release_not_allowed_from_expired');

      const renewed = await post(fixture.liaisonSession, `/holds/${holdId}/renew`, {
        expiresAt: inDays(45),
      });
      expect(renewed.status).toBe(200);
      expect(renewed.body).toMatchObject({ status: 'active', renewals: 1 });
    });
  });
});
