import { AuditEventEntity, ReferralEntity, SlaClockEntity } from '@app/persistence';
import {
  createAgency,
  createCase,
  createDispatch,
  createFiler,
  createLiaison,
  createRoutedCase,
  insertReferral,
} from '../support/case-fixtures';
import { login, signedInUser, type Session } from '../support/factories';
import { watchSqlStatements, type SqlStatements } from '../support/sql-statements';
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

/**
 * What a liaison's dispatch inbox shows beyond api.md: the priority at
 * approval, the main merchant name and when acknowledgement is due, listed in
 * one query.
 */
describe('Dispatch inbox fields (e2e)', () => {
  let api: TestApi;
  let coordinator: { session: Session };
  let sql: SqlStatements;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-dispatch-inbox` });
    coordinator = {
      session: (await signedInUser(api.dataSource, api.http, 'coordinator')).session,
    };
    sql = watchSqlStatements();
  });
  afterAll(async () => {
    sql?.restore();
    await api.close();
  });

  const get = (s: Session, path: string) => api.http.get(`${V1}${path}`).set(s.auth);
  const post = (s: Session, path: string, body: object = {}) =>
    api.http.post(`${V1}${path}`).set(s.auth).send(body);
  const statementsOn: SqlStatements['statementsOn'] = (table, run) => sql.statementsOn(table, run);

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
});
