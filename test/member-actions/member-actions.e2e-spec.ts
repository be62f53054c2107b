import { AlertEntity, AuditEventEntity, MemberActionEntity } from '@app/persistence';
import {
  createCase,
  createFiler,
  createRoutedCase,
  insertReferral,
  type FilerFixture,
  type RoutedCaseFixture,
} from '../support/case-fixtures';
import { createUser, login, signedInUser, type Session } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';
const DAY_MS = 24 * 60 * 60 * 1000;

interface Problem {
  code?: string;
  errors?: { field: string; messages: string[] }[];
}

interface MemberAction {
  id: string;
  referralId: string;
  referralReference: string;
  action: string;
  date: string;
  note: string | null;
  recordedBy: {
    id: string;
    displayName: string;
    apiKeyId: string | null;
    apiKeyName: string | null;
  };
  recordedAt: string;
}

/** The UTC calendar day `days` from now, `YYYY-MM-DD`. */
const utcDay = (days = 0) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

/** What a member did about the merchant: recorded by the filer side, read by it and coordinators. */
describe('Member actions (e2e)', () => {
  let api: TestApi;
  let coordinator: Session;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-member-actions` });
    coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
  });
  afterAll(async () => {
    await api.close();
  });

  const path = (referralId: string) => `${V1}/referrals/${referralId}/member-actions`;
  const record = (auth: Record<string, string>, referralId: string, body: unknown) =>
    api.http
      .post(path(referralId))
      .set(auth)
      .send(body as object);
  const list = (auth: Record<string, string>, referralId: string) =>
    api.http.get(path(referralId)).set(auth);
  const stored = (referralId: string) =>
    api.dataSource.manager.countBy(MemberActionEntity, { referralId });
  const fieldsOf = (body: Problem) => (body.errors ?? []).map((e) => e.field).sort();
  const messagesOf = (body: Problem, field: string) =>
    (body.errors ?? []).find((e) => e.field === field)?.messages.join(' ') ?? '';

  /** A filer (reporter) of a member with a submitted referral on a routed case, signed in. */
  const filed = async (): Promise<RoutedCaseFixture & { session: Session }> => {
    const fixture = await createRoutedCase(api.dataSource);
    return { ...fixture, session: await login(api.http, fixture.filer.user.email) };
  };

  describe('recording and listing', () => {
    it('should record an action (201) and list the referral’s actions newest first', async () => {
      const { referrals, filer, session } = await filed();
      const referral = referrals[0];

      const first = await record(session.auth, referral.id, {
        action: 'enhanced_monitoring',
        date: utcDay(-10),
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        referralId: referral.id,
        referralReference: referral.reference,
        action: 'enhanced_monitoring',
        date: utcDay(-10),
        note: null,
        recordedBy: {
          id: filer.user.id,
          displayName: filer.user.displayName,
          apiKeyId: null,
          apiKeyName: null,
        },
      });
      expect(Date.parse((first.body as MemberAction).recordedAt)).not.toBeNaN();

      const second = await record(session.auth, referral.id, {
        action: 'terminated_relationship',
        date: utcDay(),
        note: '  Account closed; acceptance agreement ended.  ',
      });
      expect(second.status).toBe(201);
      expect((second.body as MemberAction).note).toBe(
        'Account closed; acceptance agreement ended.',
      );

      const res = await list(session.auth, referral.id);
      expect(res.status).toBe(200);
      const items = (res.body as { items: MemberAction[] }).items;
      expect(items.map((i) => [i.action, i.date])).toEqual([
        ['terminated_relationship', utcDay()],
        ['enhanced_monitoring', utcDay(-10)],
      ]);
      expect(await stored(referral.id)).toBe(2);
    });

    it('should let the member admin record and read the actions of the organization’s referrals', async () => {
      const { referrals, filer } = await filed();
      const admin = await createUser(api.dataSource, filer.org, 'member_admin');
      const adminSession = await login(api.http, admin.email);
      const res = await record(adminSession.auth, referrals[0].id, {
        action: 'listed_on_card_network_file',
        date: utcDay(-1),
      });
      expect(res.status).toBe(201);
      expect((res.body as MemberAction).recordedBy.id).toBe(admin.id);
      expect((await list(adminSession.auth, referrals[0].id)).body.items).toHaveLength(1);
    });

    it('should accept `other` with a note, and a blank note on another action as no note', async () => {
      const { referrals, session } = await filed();
      const other = await record(session.auth, referrals[0].id, {
        action: 'other',
        date: utcDay(-2),
        note: 'Refunded every open payment to the cardholders.',
      });
      expect(other.status).toBe(201);
      const blank = await record(session.auth, referrals[0].id, {
        action: 'blocked_payments',
        date: utcDay(-2),
        note: '   ',
      });
      expect(blank.status).toBe(201);
      expect((blank.body as MemberAction).note).toBeNull();
    });

    it('should keep entries append-only in the database', async () => {
      const { referrals, session } = await filed();
      const res = await record(session.auth, referrals[0].id, {
        action: 'suspended_processing',
        date: utcDay(-3),
      });
      expect(res.status).toBe(201);
      const id = (res.body as MemberAction).id;
      await expect(
        api.dataSource.query(`UPDATE member_actions SET action = 'other' WHERE id = $1`, [id]),
      ).rejects.toThrow(/append-only/);
      await expect(
        api.dataSource.query(`DELETE FROM member_actions WHERE id = $1`, [id]),
      ).rejects.toThrow(/append-only/);
      expect(await stored(referrals[0].id)).toBe(1);
    });
  });

  describe('validation', () => {
    it('should name every bad field at once and store nothing', async () => {
      const { referrals, session } = await filed();
      const res = await record(session.auth, referrals[0].id, {
        action: 'sar_filed',
        date: '2026-02-30',
        note: 42,
        reportedToRegulator: true,
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body as Problem)).toEqual(
        ['action', 'date', 'note', 'reportedToRegulator'].sort(),
      );
      expect(messagesOf(res.body as Problem, 'action')).toMatch(/terminated_relationship/);
      expect(await stored(referrals[0].id)).toBe(0);
    });

    it('should refuse a missing action and date, naming both', async () => {
      const { referrals, session } = await filed();
      const res = await record(session.auth, referrals[0].id, {});
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body as Problem)).toEqual(['action', 'date']);
    });

    it('should refuse a date in the future, in words', async () => {
      const { referrals, session } = await filed();
      // Two days ahead in UTC is in the future everywhere on Earth.
      const res = await record(session.auth, referrals[0].id, {
        action: 'terminated_relationship',
        date: utcDay(2),
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body as Problem)).toEqual(['date']);
      expect(messagesOf(res.body as Problem, 'date')).toMatch(/must not be in the future/);
      expect(await stored(referrals[0].id)).toBe(0);
    });

    it('should refuse `other` without a note, and a note over 2,000 characters', async () => {
      const { referrals, session } = await filed();
      for (const note of [undefined, null, '  ']) {
        const res = await record(session.auth, referrals[0].id, {
          action: 'other',
          date: utcDay(),
          ...(note === undefined ? {} : { note }),
        });
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body as Problem)).toEqual(['note']);
        expect(messagesOf(res.body as Problem, 'note')).toMatch(/required/);
      }
      const long = await record(session.auth, referrals[0].id, {
        action: 'enhanced_monitoring',
        date: utcDay(),
        note: 'x'.repeat(2001),
      });
      expect(long.status).toBe(400);
      expect(fieldsOf(long.body as Problem)).toEqual(['note']);
      expect(await stored(referrals[0].id)).toBe(0);
    });
  });

  describe('state and reach', () => {
    it('should refuse a draft with 409 and a code, and store nothing', async () => {
      const filer: FilerFixture = await createFiler(api.dataSource);
      const session = await login(api.http, filer.user.email);
      const draft = await insertReferral(api.dataSource, filer, { status: 'draft' });
      const res = await record(session.auth, draft.id, {
        action: 'terminated_relationship',
        date: utcDay(),
      });
      expect(res.status).toBe(409);
      expect((res.body as Problem).code).toBe('member_action_not_allowed_from_draft');
      expect(await stored(draft.id)).toBe(0);
    });

    it('should answer another member organization 404 on both routes, exactly like a missing referral', async () => {
      const { referrals } = await filed();
      const outsider = await signedInUser(api.dataSource, api.http, 'member_admin');
      const body = { action: 'terminated_relationship', date: utcDay() };

      const post = await record(outsider.session.auth, referrals[0].id, body);
      const get = await list(outsider.session.auth, referrals[0].id);
      const missing = await record(
        outsider.session.auth,
        '00000000-0000-4000-8000-000000000000',
        body,
      );
      expect([post.status, get.status, missing.status]).toEqual([404, 404, 404]);
      expect((post.body as { title: string }).title).toBe(
        (missing.body as { title: string }).title,
      );
      expect(await stored(referrals[0].id)).toBe(0);
    });

    it("should hide a colleague's referral from a reporter (own records)", async () => {
      const { referrals, filer } = await filed();
      const colleague = await createUser(api.dataSource, filer.org, 'member_reporter');
      const session = await login(api.http, colleague.email);
      expect(
        (
          await record(session.auth, referrals[0].id, {
            action: 'other',
            date: utcDay(),
            note: 'x',
          })
        ).status,
      ).toBe(404);
      expect((await list(session.auth, referrals[0].id)).status).toBe(404);
      expect(await stored(referrals[0].id)).toBe(0);
    });

    it('should let coordinators read (and see the actions on the case) but not record (403)', async () => {
      const { referrals, caseRow, session } = await filed();
      await record(session.auth, referrals[0].id, {
        action: 'terminated_relationship',
        date: utcDay(-1),
      }).expect(201);

      const read = await list(coordinator.auth, referrals[0].id);
      expect(read.status).toBe(200);
      expect((read.body as { items: MemberAction[] }).items).toHaveLength(1);

      const denied = await record(coordinator.auth, referrals[0].id, {
        action: 'enhanced_monitoring',
        date: utcDay(),
      });
      expect(denied.status).toBe(403);
      expect(await stored(referrals[0].id)).toBe(1);

      const detail = await api.http.get(`${V1}/cases/${caseRow.id}`).set(coordinator.auth);
      expect(detail.status).toBe(200);
      const onCase = (
        detail.body as { referrals: { id: string; memberActions: MemberAction[] }[] }
      ).referrals.find((r) => r.id === referrals[0].id);
      expect(onCase?.memberActions.map((a) => [a.action, a.date])).toEqual([
        ['terminated_relationship', utcDay(-1)],
      ]);
    });

    it('should refuse a liaison with 403 on both routes', async () => {
      const { referrals, liaison } = await filed();
      const session = await login(api.http, liaison.email);
      expect(
        (
          await record(session.auth, referrals[0].id, {
            action: 'other',
            date: utcDay(),
            note: 'x',
          })
        ).status,
      ).toBe(403);
      expect((await list(session.auth, referrals[0].id)).status).toBe(403);
    });
  });

  describe('audit, API keys and holds', () => {
    it('should write the audit event in the same transaction, without the note', async () => {
      const { referrals, filer, session } = await filed();
      const res = await record(session.auth, referrals[0].id, {
        action: 'other',
        date: utcDay(),
        note: 'Told the acquirer.',
      });
      expect(res.status).toBe(201);
      const events = await api.dataSource.manager.findBy(AuditEventEntity, {
        action: 'member_action.record',
        targetId: referrals[0].id,
      });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actorUserId: filer.user.id,
        targetType: 'referral',
        outcome: 'success',
      });

      await list(session.auth, referrals[0].id).expect(200);
      expect(
        await api.dataSource.manager.countBy(AuditEventEntity, {
          action: 'member_action.read',
          targetId: referrals[0].id,
        }),
      ).toBe(1);
    });

    it('should let an API key with referrals:write record, and refuse one with referrals:read only', async () => {
      const filer = await createFiler(api.dataSource, { role: 'member_admin' });
      const adminSession = await login(api.http, filer.user.email);
      const fixture = await createCase(api.dataSource, [filer]);
      const referral = fixture.referrals[0];
      const keyWith = async (scopes: string[]) => {
        const res = await api.http
          .post(`${V1}/organizations/${filer.org.id}/api-keys`)
          .set(adminSession.auth)
          .send({ name: `Case system ${scopes.join(' ')}`, scopes });
        expect(res.status).toBe(201);
        return res.body as { id: string; key: string; name: string };
      };
      const writer = await keyWith(['referrals:write']);
      const reader = await keyWith(['referrals:read']);

      const res = await record({ 'X-API-Key': writer.key }, referral.id, {
        action: 'blocked_payments',
        date: utcDay(-1),
      });
      expect(res.status).toBe(201);
      expect((res.body as MemberAction).recordedBy).toMatchObject({
        id: filer.user.id,
        apiKeyId: writer.id,
        apiKeyName: writer.name,
      });
      const denied = await record({ 'X-API-Key': reader.key }, referral.id, {
        action: 'blocked_payments',
        date: utcDay(-1),
      });
      expect(denied.status).toBe(403);
      expect((await list({ 'X-API-Key': reader.key }, referral.id)).status).toBe(200);
      expect(await stored(referral.id)).toBe(1);
    });

    it('should record terminating the merchant despite an active do_not_terminate hold, and alert coordinators', async () => {
      const { referrals, caseRow, dispatch, liaison, session } = await filed();
      const liaisonSession = await login(api.http, liaison.email);
      const hold = await api.http
        .post(`${V1}/dispatches/${dispatch.id}/holds`)
        .set(liaisonSession.auth)
        .send({
          scope: 'do_not_terminate',
          reason: 'Keep the account open: the payments lead us to the operators.',
          documentRef: 'MCU/2026/0142',
          expiresAt: new Date(Date.now() + 30 * DAY_MS).toISOString(),
        });
      expect(hold.status).toBe(201);
      const alertsOfCase = () =>
        api.dataSource.manager.findBy(AlertEntity, {
          caseId: caseRow.id,
          kind: 'terminated_despite_hold',
        });

      // Monitoring goes against no hold: no alert.
      await record(session.auth, referrals[0].id, {
        action: 'enhanced_monitoring',
        date: utcDay(),
      }).expect(201);
      expect(await alertsOfCase()).toHaveLength(0);

      const res = await record(session.auth, referrals[0].id, {
        action: 'terminated_relationship',
        date: utcDay(),
      });
      expect(res.status).toBe(201);
      const alerts = await alertsOfCase();
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ dispatchId: dispatch.id, acknowledgedAt: null });
      expect(alerts[0].message).toContain(referrals[0].reference);
      expect(alerts[0].message).toContain('Terminated the relationship');

      const listed = await api.http
        .get(`${V1}/alerts?caseId=${caseRow.id}`)
        .set(coordinator.auth)
        .expect(200);
      expect((listed.body as { items: { kind: string }[] }).items.map((a) => a.kind)).toContain(
        'terminated_despite_hold',
      );
    });
  });
});
