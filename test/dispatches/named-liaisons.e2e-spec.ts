import { AuditEventEntity } from '@app/persistence';
import {
  createAgency,
  createCase,
  createDispatch,
  createFiler,
  createLiaison,
  type AgencyFixture,
  type CaseFixture,
} from '../support/case-fixtures';
import { eventually } from '../support/eventually';
import { login, signedInUser, type Session } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';
const RATIONALE = 'The merchant and its acquirer are both in GB.';
const REASON = 'The agency must brief the acquirer’s fraud team, outside its own organization.';

interface Liaison {
  id: string;
  session: Session;
}

/**
 * TLP 2.0 RED and AMBER+STRICT packages go to named people: the routing names
 * each agency's recipient liaisons, approval checks they are still active, and
 * only they (and coalition staff) list, read or act on the dispatch. Another
 * liaison of the same agency is answered as if it did not exist.
 */
describe('Dispatches restricted to named liaisons (e2e)', () => {
  let api: TestApi;
  let coordinator: Session;
  let lead: Session;
  let agency: AgencyFixture;
  let otherAgency: AgencyFixture;
  let named: Liaison;
  let colleague: Liaison;
  let foreign: Liaison;

  const liaisonOf = async (a: AgencyFixture): Promise<Liaison> => {
    const user = await createLiaison(api.dataSource, a);
    return { id: user.id, session: await login(api.http, user.email) };
  };

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-named-liaisons` });
    coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
    lead = (await signedInUser(api.dataSource, api.http, 'lead_coordinator')).session;
    agency = await createAgency(api.dataSource);
    otherAgency = await createAgency(api.dataSource);
    named = await liaisonOf(agency);
    colleague = await liaisonOf(agency);
    foreign = await liaisonOf(otherAgency);
  }, 60_000);
  afterAll(() => api.close());

  const get = (s: Session, path: string) => api.http.get(`${V1}${path}`).set(s.auth);
  const post = (s: Session, path: string, body: object = {}) =>
    api.http.post(`${V1}${path}`).set(s.auth).send(body);

  /** A case in review whose one referral (in review) is marked AMBER+STRICT. */
  const caseInReview = async (): Promise<CaseFixture> =>
    createCase(api.dataSource, [await createFiler(api.dataSource)], {
      status: 'in_review',
      referralStatus: 'in_review',
    });

  const propose = (caseId: string, body: Record<string, unknown>) =>
    post(coordinator, `/cases/${caseId}/propose`, {
      agencyIds: [agency.agency.id],
      rationale: RATIONALE,
      ...body,
    });

  const fieldsOf = (body: { errors?: { field: string }[] }) =>
    (body.errors ?? []).map((e) => e.field);

  describe('proposing', () => {
    it.each(['RED', 'AMBER+STRICT'])(
      'should refuse a %s routing naming no liaison (400 naming namedLiaisons), changing nothing',
      async (tlp) => {
        const { caseRow: c } = await caseInReview();
        const res = await propose(c.id, { tlp });
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(fieldsOf(res.body)).toEqual(['namedLiaisons']);
        const empty = await propose(c.id, {
          tlp,
          namedLiaisons: [{ agencyId: agency.agency.id, liaisonIds: [] }],
        });
        expect(empty.status).toBe(400);
        expect(fieldsOf(empty.body)).toEqual(['namedLiaisons[0].liaisonIds']);
        const after = await get(coordinator, `/cases/${c.id}`);
        expect(after.body).toMatchObject({ status: 'in_review', routing: { plan: null } });
      },
    );

    it('should refuse a liaison of another agency and a deactivated one, each by its path', async () => {
      const { caseRow: c } = await caseInReview();
      const gone = await liaisonOf(agency);
      await api.dataSource.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [gone.id]);
      const res = await propose(c.id, {
        tlp: 'RED',
        namedLiaisons: [
          { agencyId: agency.agency.id, liaisonIds: [foreign.id, gone.id, named.id] },
        ],
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual([
        'namedLiaisons[0].liaisonIds[0]',
        'namedLiaisons[0].liaisonIds[1]',
      ]);
      expect((await get(coordinator, `/cases/${c.id}`)).body.status).toBe('in_review');
    });

    it('should name every bad field at once: a needless downgrade reason and the missing names', async () => {
      const { caseRow: c } = await caseInReview();
      const res = await propose(c.id, { tlp: 'RED', tlpDowngradeReason: REASON });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['tlpDowngradeReason', 'namedLiaisons']);
    });

    it("should list an agency's active liaisons to coordinators, not to liaisons", async () => {
      const res = await get(coordinator, `/agencies/${otherAgency.agency.id}/liaisons`);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        {
          id: foreign.id,
          displayName: expect.any(String) as unknown,
          email: expect.any(String) as unknown,
        },
      ]);
      expect((await get(named.session, `/agencies/${agency.agency.id}/liaisons`)).status).toBe(403);
    });

    it('should show the named liaisons with the plan', async () => {
      const { caseRow: c } = await caseInReview();
      const res = await propose(c.id, {
        tlp: 'RED',
        namedLiaisons: [{ agencyId: agency.agency.id, liaisonIds: [named.id] }],
      });
      expect(res.status).toBe(200);
      expect(res.body.routing.plan.agencies).toEqual([
        expect.objectContaining({ agencyId: agency.agency.id, liaisonIds: [named.id] }),
      ]);
    });
  });

  describe('approving', () => {
    it('should refuse approval (409 routing_plan_stale) when a named liaison was deactivated since', async () => {
      const { caseRow: c } = await caseInReview();
      const soon = await liaisonOf(agency);
      const proposed = await propose(c.id, {
        tlp: 'RED',
        namedLiaisons: [{ agencyId: agency.agency.id, liaisonIds: [soon.id] }],
      });
      expect(proposed.status).toBe(200);
      await api.dataSource.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [soon.id]);
      const res = await post(lead, `/cases/${c.id}/approve`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('routing_plan_stale');
      expect((await get(coordinator, `/cases/${c.id}`)).body.status).toBe('pending_approval');
      const rows = await api.dataSource.query(`SELECT 1 FROM dispatches WHERE case_id = $1`, [
        c.id,
      ]);
      expect(rows).toEqual([]);
    });

    it('should give the dispatch to the named liaison alone: listed, read (audited) by them, 404 and unlisted for a colleague', async () => {
      const { caseRow: c } = await caseInReview();
      expect(
        (
          await propose(c.id, {
            tlp: 'RED',
            namedLiaisons: [{ agencyId: agency.agency.id, liaisonIds: [named.id] }],
          })
        ).status,
      ).toBe(200);
      const approved = await post(lead, `/cases/${c.id}/approve`);
      expect(approved.status).toBe(200);
      const [dispatch] = approved.body.dispatches as { id: string }[];

      const read = await get(named.session, `/dispatches/${dispatch.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        tlp: 'RED',
        namedLiaisonIds: [named.id],
        package: { tlp: 'RED' },
      });
      const audited = await api.dataSource.manager.findOneBy(AuditEventEntity, {
        action: 'dispatch.read',
        targetId: dispatch.id,
      });
      expect(audited).toMatchObject({ actorUserId: named.id, outcome: 'success' });
      const list = await get(named.session, `/dispatches?caseId=${c.id}`);
      expect((list.body.items as { id: string }[]).map((d) => d.id)).toEqual([dispatch.id]);

      expect((await get(colleague.session, `/dispatches/${dispatch.id}`)).status).toBe(404);
      // The refused attempt is in the trail, as any out-of-reach read.
      await eventually('the denied read recorded', async () => {
        const denied = await api.dataSource.manager.findOneBy(AuditEventEntity, {
          actorUserId: colleague.id,
          targetId: dispatch.id,
          outcome: 'denied',
        });
        return denied ?? undefined;
      });
      const theirs = await get(colleague.session, `/dispatches?caseId=${c.id}`);
      expect(theirs.status).toBe(200);
      expect(theirs.body.items).toEqual([]);
      // Coalition staff read it as before.
      expect((await get(coordinator, `/dispatches/${dispatch.id}`)).status).toBe(200);
    });
  });

  describe('working a restricted dispatch', () => {
    it('should answer a colleague 404 on every route under /dispatches/:id, and let the named liaison act', async () => {
      const fixture = await createCase(api.dataSource, [await createFiler(api.dataSource)], {
        tlp: 'RED',
      });
      const dispatch = await createDispatch(api.dataSource, fixture, agency, {
        status: 'delivered',
        tlp: 'RED',
        namedLiaisonIds: [named.id],
      });
      const base = `/dispatches/${dispatch.id}`;
      const hold = {
        scope: 'do_not_terminate',
        reason: 'Keep the account open while the money trail is followed.',
        documentRef: 'ORDER-1',
        expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
      };
      const attempts = [
        await get(colleague.session, base),
        await get(colleague.session, `${base}/stix`),
        await get(colleague.session, `${base}/holds`),
        await post(colleague.session, `${base}/holds`, hold),
        await post(colleague.session, `${base}/acknowledge`),
        await post(colleague.session, `${base}/accept`, { leCaseNumber: 'X-1' }),
        await post(colleague.session, `${base}/decline`, { reason: 'Not for us at all.' }),
        await post(colleague.session, `${base}/outcome`, { outcome: 'arrest' }),
      ];
      expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
      expect(
        (
          await api.dataSource.query(`SELECT status FROM dispatches WHERE id = $1`, [dispatch.id])
        )[0],
      ).toEqual({ status: 'delivered' });

      expect((await get(named.session, `${base}/stix`)).status).toBe(200);
      expect((await post(named.session, `${base}/acknowledge`)).status).toBe(200);
      const placed = await post(named.session, `${base}/holds`, hold);
      expect(placed.status).toBe(201);
      // The hold is the dispatch's: the colleague cannot release it either.
      const holdId = (placed.body as { id: string }).id;
      expect(
        (await post(colleague.session, `/holds/${holdId}/release`, { reason: 'Done here.' }))
          .status,
      ).toBe(404);
    });
  });

  describe('weaker markings', () => {
    it('should leave an AMBER routing to the whole agency: no names, every liaison reads it', async () => {
      const { caseRow: c } = await caseInReview();
      const proposed = await propose(c.id, { tlp: 'AMBER', tlpDowngradeReason: REASON });
      expect(proposed.status).toBe(200);
      const refused = await propose(c.id, {
        tlp: 'AMBER',
        tlpDowngradeReason: REASON,
        namedLiaisons: [{ agencyId: agency.agency.id, liaisonIds: [named.id] }],
      });
      // Pending approval now: proposing again is refused by the workflow, not by the names.
      expect(refused.status).toBe(409);
      const approved = await post(lead, `/cases/${c.id}/approve`);
      expect(approved.status).toBe(200);
      const [dispatch] = approved.body.dispatches as { id: string }[];
      for (const liaison of [named, colleague]) {
        const read = await get(liaison.session, `/dispatches/${dispatch.id}`);
        expect(read.status).toBe(200);
        expect(read.body).toMatchObject({ tlp: 'AMBER', namedLiaisonIds: null });
      }
    });

    it('should refuse names on a GREEN or AMBER routing (400 naming namedLiaisons)', async () => {
      const { caseRow: c } = await caseInReview();
      const res = await propose(c.id, {
        tlp: 'GREEN',
        tlpDowngradeReason: REASON,
        namedLiaisons: [{ agencyId: agency.agency.id, liaisonIds: [named.id] }],
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['namedLiaisons']);
    });
  });
});
