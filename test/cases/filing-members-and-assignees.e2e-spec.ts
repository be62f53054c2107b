import { randomUUID } from 'node:crypto';
import { createCase, createFiler, insertReferral } from '../support/case-fixtures';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  uniqueSuffix,
  type Session,
} from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';

interface CaseItem {
  id: string;
  referralCount: number;
  filingMembers: number;
}

/**
 * What the console's case screens need beyond api.md: how many member
 * organizations flag a case, and the colleagues a case can be assigned to.
 */
describe('Filing members and assignees of a case (e2e)', () => {
  let api: TestApi;
  let coordinator: { session: Session; id: string };
  let auditor: Session;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-case-assignees` });
    const coalition = await createOrganization(api.dataSource, 'coalition');
    const c = await createUser(api.dataSource, coalition, 'coordinator', {
      displayName: `Coordinator ${uniqueSuffix()}`,
    });
    coordinator = { session: await login(api.http, c.email), id: c.id };
    auditor = (await signedInUser(api.dataSource, api.http, 'auditor')).session;
  });
  afterAll(async () => {
    await api.close();
  });

  const get = (s: Session, path: string) => api.http.get(`${V1}${path}`).set(s.auth);
  const post = (s: Session, path: string, body: object = {}) =>
    api.http.post(`${V1}${path}`).set(s.auth).send(body);

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
});
