import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { AuditEventEntity, ReferralEntity, SlaClockEntity } from '@app/persistence';
import { randomUUID } from 'node:crypto';
import {
  createAgency,
  createCase,
  createDispatch,
  createFiler,
  createLiaison,
  createRoutedCase,
  insertReferral,
} from '../support/case-fixtures';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  uniqueSuffix,
  type Session,
} from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';
const DAY_MS = 24 * 60 * 60 * 1000;

interface DispatchItem {
  id: string;
  priority: string;
  merchantName: string | null;
  acknowledgeBy: string | null;
  status: string;
}

interface CaseItem {
  id: string;
  referralCount: number;
  filingMembers: number;
}

interface EventItem {
  id: string;
  action: string;
  actorUserId: string | null;
  actorOrganizationId: string | null;
  actorName: string | null;
  organizationName: string | null;
  details: Record<string, unknown>;
}

/**
 * What the console needs beyond api.md: the liaison's inbox fields, members
 * flagging a case, the colleagues a case can be assigned to, and names in the
 * audit trail listing.
 */
describe('Console additions to the API (e2e)', () => {
  let api: TestApi;
  let coordinator: { session: Session; id: string; displayName: string };
  let auditor: Session;
  /** SQL sent to PostgreSQL while `run` is in progress. */
  let sqlSeen: string[] | null = null;
  let restore: (() => void) | null = null;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-console-gaps` });
    const coalition = await createOrganization(api.dataSource, 'coalition');
    const displayName = `Coordinator ${uniqueSuffix()}`;
    const c = await createUser(api.dataSource, coalition, 'coordinator', { displayName });
    coordinator = { session: await login(api.http, c.email), id: c.id, displayName };
    auditor = (await signedInUser(api.dataSource, api.http, 'auditor')).session;
    // Every query of the app goes through a query runner of this class.
    const runner = api.dataSource.createQueryRunner();
    const proto = Object.getPrototypeOf(runner) as { query: (...args: unknown[]) => unknown };
    await runner.release();
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      if (sqlSeen && typeof args[0] === 'string') sqlSeen.push(args[0]);
      return original.apply(this, args);
    };
    restore = () => {
      proto.query = original;
    };
  });
  afterAll(async () => {
    restore?.();
    await api.close();
  });

  const get = (s: Session, path: string) => api.http.get(`${V1}${path}`).set(s.auth);
  const post = (s: Session, path: string, body: object = {}) =>
    api.http.post(`${V1}${path}`).set(s.auth).send(body);

  /** The SQL statements a request sent that mention `table`. */
  async function statementsOn<T>(
    table: string,
    run: () => Promise<T>,
  ): Promise<{ result: T; count: number }> {
    sqlSeen = [];
    try {
      const result = await run();
      const count = sqlSeen.filter((sql) => new RegExp(`\\b${table}\\b`).test(sql)).length;
      return { result, count };
    } finally {
      sqlSeen = null;
    }
  }

  describe("liaison's inbox fields", () => {
    it('should list priority at approval, main merchant name and acknowledgement due time', async () => {
      const routed = await createRoutedCase(api.dataSource);
      const liaison = await login(api.http, routed.liaison.email);
      const [clock] = await api.dataSource.manager.findBy(SlaClockEntity, {
        dispatchId: routed.dispatch.id,
        clock: 'le_acknowledgement',
      });
      // The case's priority changes after approval; the dispatch keeps what was approved.
      await api.dataSource.query(`UPDATE cases SET priority = 'P1' WHERE id = $1`, [
        routed.caseRow.id,
      ]);

      const res = await get(liaison, '/dispatches?limit=50');
      expect(res.status).toBe(200);
      const items = res.body.items as DispatchItem[];
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        id: routed.dispatch.id,
        priority: 'P2',
        merchantName: routed.referrals[0].merchant?.legalName,
        acknowledgeBy: clock.dueAt.toISOString(),
      });
      expect(items[0].merchantName).toMatch(/^Merchant shop-/);

      const one = await get(liaison, `/dispatches/${routed.dispatch.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        priority: 'P2',
        merchantName: items[0].merchantName,
        acknowledgeBy: items[0].acknowledgeBy,
      });
    });

    it('should show an overdue (breached) clock, and none once acknowledged or before delivery', async () => {
      const routed = await createRoutedCase(api.dataSource);
      const liaison = await login(api.http, routed.liaison.email);
      const pending = await createDispatch(
        api.dataSource,
        await createCase(api.dataSource, [routed.filer]),
        routed.agency,
        { status: 'pending' },
      );
      const due = new Date(Date.now() - DAY_MS);
      await api.dataSource.query(
        `UPDATE sla_clocks SET status = 'breached', breached_at = now(), due_at = $2
          WHERE dispatch_id = $1`,
        [routed.dispatch.id, due],
      );
      const before = (await get(liaison, '/dispatches?limit=50')).body.items as DispatchItem[];
      expect(before.find((d) => d.id === routed.dispatch.id)?.acknowledgeBy).toBe(
        due.toISOString(),
      );
      expect(before.find((d) => d.id === pending.id)?.acknowledgeBy).toBeNull();

      expect((await post(liaison, `/dispatches/${routed.dispatch.id}/acknowledge`)).status).toBe(
        200,
      );
      const after = (await get(liaison, '/dispatches?limit=50')).body.items as DispatchItem[];
      expect(after.find((d) => d.id === routed.dispatch.id)).toMatchObject({
        status: 'acknowledged',
        acknowledgeBy: null,
      });
    });

    it('should fall back to the first trading name when the referral gives no legal name', async () => {
      const filer = await createFiler(api.dataSource);
      const fixture = await createCase(api.dataSource, []);
      const referral = await insertReferral(api.dataSource, filer, { caseId: fixture.caseRow.id });
      await api.dataSource.query(
        `UPDATE referrals SET merchant = (merchant - 'legalName') || '{"tradingNames": ["Pixel Vault"]}'::jsonb
          WHERE id = $1`,
        [referral.id],
      );
      fixture.referrals = [
        await api.dataSource.manager.findOneByOrFail(ReferralEntity, { id: referral.id }),
      ];
      const agency = await createAgency(api.dataSource);
      const liaison = await login(api.http, (await createLiaison(api.dataSource, agency)).email);
      const dispatch = await createDispatch(api.dataSource, fixture, agency);

      const listed = (await get(liaison, '/dispatches')).body.items as DispatchItem[];
      expect(listed.find((d) => d.id === dispatch.id)?.merchantName).toBe('Pixel Vault');
      const one = await get(liaison, `/dispatches/${dispatch.id}`);
      expect(one.body.merchantName).toBe('Pixel Vault');
    });

    it('should list in one query however many rows, and not audit the listing as a package read', async () => {
      const agency = await createAgency(api.dataSource);
      const liaison = await login(api.http, (await createLiaison(api.dataSource, agency)).email);
      const filer = await createFiler(api.dataSource);
      const ids: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const fixture = await createCase(api.dataSource, [filer]);
        ids.push((await createDispatch(api.dataSource, fixture, agency)).id);
      }
      const one = await statementsOn('dispatches', () => get(liaison, '/dispatches?limit=1'));
      const all = await statementsOn('dispatches', () => get(liaison, '/dispatches?limit=10'));
      expect((one.result.body.items as DispatchItem[]).map((d) => d.id)).toEqual([ids[0]]);
      expect((all.result.body.items as DispatchItem[]).map((d) => d.id)).toEqual(ids);
      expect(one.count).toBe(1);
      expect(all.count).toBe(1);
      // The next page resumes after the cursor with the same fields.
      const next = await get(
        liaison,
        `/dispatches?limit=1&cursor=${encodeURIComponent(one.result.body.nextCursor as string)}`,
      );
      expect((next.body.items as DispatchItem[]).map((d) => d.id)).toEqual([ids[1]]);
      expect((next.body.items as DispatchItem[])[0].merchantName).toMatch(/^Merchant /);

      const reads = await api.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'dispatch.read'
            AND target_id = ANY($1::text[])`,
        [ids],
      );
      expect(reads[0].n).toBe(0);
      expect((await get(liaison, `/dispatches/${ids[0]}`)).status).toBe(200);
      expect(
        await api.dataSource.manager.countBy(AuditEventEntity, {
          action: 'dispatch.read',
          targetId: ids[0],
        }),
      ).toBe(1);
    });

    it('should refuse a cursor it did not issue', async () => {
      const cursor = Buffer.from(JSON.stringify(['2026-13-45T99:00:00.000000Z', 'x'])).toString(
        'base64url',
      );
      const res = await get(coordinator.session, `/dispatches?cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('cursor');
    });
  });

  describe('members flagging a case', () => {
    it('should count distinct member organizations with referrals on the case', async () => {
      const a = await createFiler(api.dataSource);
      const b = await createFiler(api.dataSource);
      const c = await createFiler(api.dataSource);
      const fixture = await createCase(api.dataSource, [a, a, b], {
        status: 'triage',
        referralStatus: 'in_review',
      });
      // A withdrawn referral does not flag the merchant any more.
      await insertReferral(api.dataSource, c, {
        status: 'withdrawn',
        caseId: fixture.caseRow.id,
      });

      let cursor: string | null = null;
      let found: CaseItem | undefined;
      do {
        const query: string = `/cases?status=triage&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await get(coordinator.session, query);
        expect(res.status).toBe(200);
        found = (res.body.items as CaseItem[]).find((i) => i.id === fixture.caseRow.id);
        cursor = res.body.nextCursor as string | null;
      } while (!found && cursor);
      expect(found).toMatchObject({ referralCount: 3, filingMembers: 2 });

      const one = await get(coordinator.session, `/cases/${fixture.caseRow.id}`);
      expect(one.body).toMatchObject({ referralCount: 3, filingMembers: 2 });
    });
  });

  describe('assignees', () => {
    it("should list the coalition's active coordinators and leads, and nothing else about them", async () => {
      const coalition = await createOrganization(api.dataSource, 'coalition');
      const tag = uniqueSuffix();
      const lead = await createUser(api.dataSource, coalition, 'lead_coordinator', {
        displayName: `Lead ${tag}`,
      });
      const suspended = await createUser(api.dataSource, coalition, 'coordinator', {
        displayName: `Suspended ${tag}`,
        status: 'suspended',
      });
      const anAuditor = await createUser(api.dataSource, coalition, 'auditor', {
        displayName: `Auditor ${tag}`,
      });

      // Not captured by GET /cases/:id (whose id pipe would answer 400).
      const res = await get(coordinator.session, '/cases/assignees');
      expect(res.status).toBe(200);
      const items = res.body.items as Record<string, unknown>[];
      const ids = items.map((i) => i.id);
      expect(ids).toEqual(expect.arrayContaining([coordinator.id, lead.id]));
      expect(ids).not.toContain(suspended.id);
      expect(ids).not.toContain(anAuditor.id);
      expect(items.find((i) => i.id === lead.id)).toEqual({
        id: lead.id,
        displayName: `Lead ${tag}`,
        role: 'lead_coordinator',
      });
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual(['displayName', 'id', 'role']);
        expect(['coordinator', 'lead_coordinator']).toContain(item.role);
      }
      const names = items.map((i) => String(i.displayName).toLowerCase());
      expect(names).toEqual([...names].sort());

      const liaison = await signedInUser(api.dataSource, api.http, 'le_liaison');
      expect((await get(liaison.session, '/cases/assignees')).status).toBe(403);
      expect((await get(auditor, '/cases/assignees')).status).toBe(403);
    });

    it('should assign a case to a colleague picked from the list', async () => {
      const coalition = await createOrganization(api.dataSource, 'coalition');
      const colleague = await createUser(api.dataSource, coalition, 'coordinator', {
        displayName: `Colleague ${uniqueSuffix()}`,
      });
      const fixture = await createCase(api.dataSource, [await createFiler(api.dataSource)], {
        status: 'triage',
        referralStatus: 'in_review',
      });
      const listed = (await get(coordinator.session, '/cases/assignees')).body.items as {
        id: string;
      }[];
      expect(listed.map((i) => i.id)).toContain(colleague.id);

      const res = await post(coordinator.session, `/cases/${fixture.caseRow.id}/assign`, {
        userId: colleague.id,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'in_review',
        assignee: { id: colleague.id, displayName: colleague.displayName },
      });
      const refused = await post(coordinator.session, `/cases/${fixture.caseRow.id}/assign`, {
        userId: randomUUID(),
      });
      expect(refused.status).toBe(400);
    });
  });

  describe('names in the audit trail listing', () => {
    it("should name the acting user and organization, in the listing's one query", async () => {
      const fixture = await createCase(api.dataSource, [await createFiler(api.dataSource)], {
        status: 'triage',
        referralStatus: 'in_review',
      });
      expect(
        (await post(coordinator.session, `/cases/${fixture.caseRow.id}/notes`, { body: 'Seen.' }))
          .status,
      ).toBe(201);
      const { result, count } = await statementsOn('audit_events', () =>
        get(auditor, `/audit/events?targetId=${fixture.caseRow.id}&action=case.note`),
      );
      expect(result.status).toBe(200);
      const [event] = result.body.items as EventItem[];
      const [org] = await api.dataSource.query<{ legal_name: string }[]>(
        `SELECT o.legal_name FROM organizations o JOIN users u ON u.organization_id = o.id
          WHERE u.id = $1`,
        [coordinator.id],
      );
      expect(event).toMatchObject({
        actorUserId: coordinator.id,
        actorName: coordinator.displayName,
        organizationName: org.legal_name,
      });
      // The listing's query; the auditor's own session checks do not read audit_events.
      expect(count).toBe(1);
    });

    it("should name an API key's actions by the key", async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const keyName = `Filing system ${uniqueSuffix()}`;
      const created = await api.http
        .post(`${V1}/organizations/${admin.org.id}/api-keys`)
        .set(admin.session.auth)
        .send({ name: keyName, scopes: ['referrals:write'] });
      expect(created.status).toBe(201);
      const filed = await api.http
        .post(`${V1}/referrals`)
        .set({ 'X-API-Key': created.body.key as string })
        .send(referralBody());
      expect(filed.status).toBe(201);

      const res = await get(auditor, `/audit/events?targetId=${filed.body.id as string}`);
      const event = (res.body.items as EventItem[]).find((e) => e.action === 'referral.create');
      expect(event).toMatchObject({
        actorUserId: admin.user.id,
        actorName: keyName,
        organizationName: admin.org.legalName,
        details: expect.objectContaining({ apiKeyId: created.body.id }),
      });
    });

    it('should leave the names empty for the system', async () => {
      const targetId = randomUUID();
      await api.app.get(AuditWriter).record(api.dataSource.manager, {
        actor: SYSTEM_ACTOR,
        origin: null,
        action: 'case.route',
        outcome: 'success',
        targetType: 'case',
        targetId,
      });
      const res = await get(auditor, `/audit/events?targetId=${targetId}`);
      expect(res.body.items).toEqual([
        expect.objectContaining({ actorUserId: null, actorName: null, organizationName: null }),
      ]);
    });
  });
});
