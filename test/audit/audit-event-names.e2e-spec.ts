import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { randomUUID } from 'node:crypto';
import { createCase, createFiler } from '../support/case-fixtures';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  uniqueSuffix,
  type Session,
} from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { watchSqlStatements, type SqlStatements } from '../support/sql-statements';
import { startTestApi, type TestApi } from '../support/test-app';
import { txOf } from '../support/tx';

const V1 = '/api/v1';

interface EventItem {
  id: string;
  action: string;
  actorUserId: string | null;
  actorOrganizationId: string | null;
  actorName: string | null;
  organizationName: string | null;
  details: Record<string, unknown>;
}

/** The audit trail listing names who acted: the user, their organization, or the API key. */
describe('Names in the audit trail listing (e2e)', () => {
  let api: TestApi;
  let coordinator: { session: Session; id: string; displayName: string };
  let auditor: Session;
  let sql: SqlStatements;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-audit-names` });
    const coalition = await createOrganization(api.dataSource, 'coalition');
    const displayName = `Coordinator ${uniqueSuffix()}`;
    const c = await createUser(api.dataSource, coalition, 'coordinator', { displayName });
    coordinator = { session: await login(api.http, c.email), id: c.id, displayName };
    auditor = (await signedInUser(api.dataSource, api.http, 'auditor')).session;
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
      await api.app.get(AuditWriter).record(txOf(api.dataSource.manager), {
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
