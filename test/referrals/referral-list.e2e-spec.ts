import { encodeCursor } from '@app/common';
import {
  createAgency,
  createCase,
  createDispatch,
  createFiler,
  createLiaison,
  insertReferral,
} from '../support/case-fixtures';
import { createUser, login, type Session } from '../support/factories';
import { watchSqlStatements, type SqlStatements } from '../support/sql-statements';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';

interface Listed {
  id: string;
  status: string;
  otherMembersFlagging: number | null;
  holds: { id: string }[];
}

/**
 * The referral list as members and coordinators page through it: keyset
 * pages in (created_at, id) order within the caller's reach, each item the
 * same as the referral's own read, the whole page in one statement.
 */
describe('Referral list (e2e)', () => {
  let api: TestApi;
  let sql: SqlStatements;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-referral-list` });
    sql = watchSqlStatements();
  });
  afterAll(async () => {
    sql?.restore();
    await api.close();
  });

  const get = (s: Session, path: string) => api.http.get(`${V1}${path}`).set(s.auth);
  const cursorOf = (body: { nextCursor: string | null }) =>
    body.nextCursor === null ? null : encodeURIComponent(body.nextCursor);

  /** Every page of `path` (which already has a query string), limit by limit. */
  async function walk(s: Session, path: string, limit: number): Promise<Listed[]> {
    const items: Listed[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(s, `${path}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = res.body.items as Listed[];
      expect(page.length).toBeLessThanOrEqual(limit);
      items.push(...page);
      cursor = cursorOf(res.body as { nextCursor: string | null });
    } while (cursor);
    return items;
  }

  /** The ids the database holds for an organization, in the list's order. */
  async function storedOrder(organizationId: string, status?: string): Promise<string[]> {
    const rows: { id: string }[] = await api.dataSource.query(
      `SELECT id FROM referrals WHERE organization_id = $1 AND ($2::text IS NULL OR status = $2)
        ORDER BY created_at, id`,
      [organizationId, status ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** A member organization with an admin, two reporters and referrals in several statuses. */
  async function organizationWithReferrals() {
    const alice = await createFiler(api.dataSource);
    const bob = {
      org: alice.org,
      user: await createUser(api.dataSource, alice.org, 'member_reporter'),
    };
    const admin = await createUser(api.dataSource, alice.org, 'member_admin');
    const statuses = ['draft', 'submitted', 'accepted', 'draft', 'withdrawn', 'accepted', 'draft'];
    for (const [i, status] of statuses.entries()) {
      await insertReferral(api.dataSource, i % 2 === 0 ? alice : bob, { status });
    }
    // Three referrals at the same microsecond: the id alone orders them.
    const ids = (await storedOrder(alice.org.id)).slice(0, 3);
    await api.dataSource.query(
      `UPDATE referrals SET created_at = (SELECT created_at FROM referrals WHERE id = $1)
        WHERE id = ANY($2::uuid[])`,
      [ids[0], ids],
    );
    return {
      alice,
      bob,
      admin: await login(api.http, admin.email),
      aliceSession: await login(api.http, alice.user.email),
    };
  }

  describe('paging', () => {
    it("should walk a member admin's referrals page by page, each once, in (created_at, id) order", async () => {
      const { alice, admin } = await organizationWithReferrals();
      const expected = await storedOrder(alice.org.id);
      expect(expected).toHaveLength(7);
      for (const limit of [1, 2, 3, 7, 50]) {
        expect((await walk(admin, '/referrals?', limit)).map((r) => r.id)).toEqual(expected);
      }
    });

    it('should page within a status filter, and within a reporter’s own referrals only', async () => {
      const { alice, admin, aliceSession } = await organizationWithReferrals();
      for (const status of ['draft', 'accepted', 'withdrawn', 'in_review']) {
        const listed = await walk(admin, `/referrals?status=${status}`, 2);
        expect(listed.map((r) => r.id)).toEqual(await storedOrder(alice.org.id, status));
        expect(listed.every((r) => r.status === status)).toBe(true);
      }
      const own: { id: string }[] = await api.dataSource.query(
        `SELECT id FROM referrals WHERE created_by = $1 ORDER BY created_at, id`,
        [alice.user.id],
      );
      expect((await walk(aliceSession, '/referrals?', 2)).map((r) => r.id)).toEqual(
        own.map((r) => r.id),
      );
      const ownDrafts = await walk(aliceSession, '/referrals?status=draft', 1);
      expect(ownDrafts.length).toBeGreaterThan(0);
      expect(ownDrafts.every((r) => r.status === 'draft')).toBe(true);
    });

    it('should resume after a cursor in the format it has always issued (created_at text, id)', async () => {
      const { alice, admin } = await organizationWithReferrals();
      const rows = await api.dataSource.query<{ id: string; at: string }[]>(
        `SELECT id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
           FROM referrals WHERE organization_id = $1 ORDER BY created_at, id`,
        [alice.org.id],
      );
      const row = rows[2];
      const cursor = encodeCursor({ sortValue: row.at, id: row.id });
      const res = await get(admin, `/referrals?limit=200&cursor=${cursor}`);
      expect(res.status).toBe(200);
      expect((res.body.items as Listed[]).map((r) => r.id)).toEqual(
        (await storedOrder(alice.org.id)).slice(3),
      );
    });

    it('should never widen the reach with a cursor taken from another organization’s list', async () => {
      // Theirs first: the cursor's position lies before every referral of mine.
      const theirs = await organizationWithReferrals();
      const mine = await organizationWithReferrals();
      const first = await get(theirs.admin, '/referrals?limit=1');
      const res = await get(mine.admin, `/referrals?limit=200&cursor=${cursorOf(first.body)}`);
      expect(res.status).toBe(200);
      const ids = (res.body.items as Listed[]).map((r) => r.id);
      const theirIds = await storedOrder(theirs.alice.org.id);
      expect(ids.filter((id) => theirIds.includes(id))).toEqual([]);
      expect(ids).toEqual(await storedOrder(mine.alice.org.id));
    });

    it.each([
      ['not base64 JSON', 'bm90LWpzb24'],
      [
        'a date that does not exist',
        encodeCursor({ sortValue: '2026-13-45T99:00:00.000000Z', id: 'x' }),
      ],
      [
        'an id that is not a UUID',
        encodeCursor({ sortValue: '2026-01-01T00:00:00.000000Z', id: 'x' }),
      ],
    ])(
      'should refuse a cursor it did not issue (%s) with 400 naming cursor',
      async (_what, cursor) => {
        const { admin } = await organizationWithReferrals();
        const res = await get(admin, `/referrals?cursor=${cursor}`);
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body.errors)).toContain('cursor');
      },
    );
  });

  describe('case context', () => {
    it('should show each listed referral as its own read shows it, holds and other members included, in one statement', async () => {
      const north = await createFiler(api.dataSource, { role: 'member_admin' });
      const south = await createFiler(api.dataSource);
      const fixture = await createCase(api.dataSource, [north, south]);
      // A second referral of north on the case, then withdrawn: it learns nothing of the case.
      const withdrawn = await insertReferral(api.dataSource, north, {
        status: 'withdrawn',
        caseId: fixture.caseRow.id,
      });
      const draft = await insertReferral(api.dataSource, north, { status: 'draft' });
      const agency = await createAgency(api.dataSource);
      const liaison = await login(api.http, (await createLiaison(api.dataSource, agency)).email);
      const dispatch = await createDispatch(api.dataSource, fixture, agency);
      for (const scope of ['do_not_terminate', 'do_not_contact']) {
        await api.http
          .post(`${V1}/dispatches/${dispatch.id}/holds`)
          .set(liaison.auth)
          .send({
            scope,
            reason: 'Keep the account open: the payments lead us to the operators.',
            documentRef: 'MCU/2026/0142',
            expiresAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString(),
          })
          .expect(201);
      }
      const member = await login(api.http, north.user.email);

      const { result, count } = await sql.statementsOn('referrals', () =>
        get(member, '/referrals?limit=200'),
      );
      expect(result.status).toBe(200);
      expect(count).toBe(1);
      const items = result.body.items as Listed[];
      expect(items.map((r) => r.id)).toEqual([fixture.referrals[0].id, withdrawn.id, draft.id]);
      const [onCase, left, drafted] = items;
      expect(onCase.otherMembersFlagging).toBe(1);
      expect(onCase.holds).toHaveLength(2);
      expect(left.otherMembersFlagging).toBeNull();
      expect(drafted).toMatchObject({ otherMembersFlagging: null, holds: [] });
      for (const item of items) {
        expect(item).toEqual((await get(member, `/referrals/${item.id}`)).body);
      }
    });
  });
});
