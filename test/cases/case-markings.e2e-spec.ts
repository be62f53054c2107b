import {
  createAgency,
  createCase,
  createFiler,
  createLiaison,
  type CaseFixture,
} from '../support/case-fixtures';
import { signedInUser, type Session } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

const RATIONALE = 'The merchant and its acquirer are both in GB.';
const REASON = 'The agency must brief the acquirer’s fraud team, outside its own organization.';

/**
 * A routing's TLP never loosens what the filers marked unless a lead approves
 * a downgrade with a reason; the PAP is recorded next to it and travels with
 * the package.
 */
describe('Case markings: TLP floor, downgrade and PAP (e2e)', () => {
  let api: TestApi;
  let coordinator: Session;
  let lead: Session;
  let agencyId: string;
  let liaisonId: string;

  beforeAll(async () => {
    api = await startTestApi();
    coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
    lead = (await signedInUser(api.dataSource, api.http, 'lead_coordinator')).session;
    const agency = await createAgency(api.dataSource);
    agencyId = agency.agency.id;
    liaisonId = (await createLiaison(api.dataSource, agency)).id;
  });
  afterAll(() => api.close());

  /** A case in review whose one referral (in review) is marked AMBER+STRICT. */
  const caseInReview = async (): Promise<CaseFixture> =>
    createCase(api.dataSource, [await createFiler(api.dataSource)], {
      status: 'in_review',
      referralStatus: 'in_review',
    });

  /** RED and AMBER+STRICT routings name the agency's liaison (named-liaisons.e2e-spec covers why). */
  const propose = (caseId: string, body: Record<string, unknown>) =>
    api.http
      .post(`/api/v1/cases/${caseId}/propose`)
      .set(coordinator.auth)
      .send({
        agencyIds: [agencyId],
        rationale: RATIONALE,
        ...(body.tlp === 'RED' || body.tlp === 'AMBER+STRICT'
          ? { namedLiaisons: [{ agencyId, liaisonIds: [liaisonId] }] }
          : {}),
        ...body,
      });

  const approve = (caseId: string) =>
    api.http.post(`/api/v1/cases/${caseId}/approve`).set(lead.auth);

  const caseRow = async (caseId: string) =>
    (
      await api.dataSource.query<{ status: string; routing_plan: unknown }[]>(
        `SELECT status, routing_plan FROM cases WHERE id = $1`,
        [caseId],
      )
    )[0];

  const details = async (action: string, caseId: string) =>
    (
      await api.dataSource.query<{ details: Record<string, unknown> }[]>(
        `SELECT details FROM audit_events WHERE action = $1 AND target_id = $2 ORDER BY id`,
        [action, caseId],
      )
    ).map((e) => e.details);

  it('should refuse a marking weaker than the referrals without a reason, naming tlp, and change nothing', async () => {
    const { caseRow: c } = await caseInReview();
    const res = await propose(c.id, { tlp: 'AMBER' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        field: 'tlp',
        messages: [
          "TLP marking must be at least AMBER+STRICT, the strictest marking of this case's referrals, unless reason for the lower marking says why a lead should approve AMBER",
        ],
      },
    ]);
    expect(await caseRow(c.id)).toEqual({ status: 'in_review', routing_plan: null });
    expect(await details('case.propose', c.id)).toEqual([]);
  });

  it('should refuse a downgrade reason when the marking is not weaker', async () => {
    const { caseRow: c } = await caseInReview();
    const res = await propose(c.id, { tlp: 'RED', tlpDowngradeReason: REASON });
    expect(res.status).toBe(400);
    expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      'tlpDowngradeReason',
    ]);
    expect(await caseRow(c.id)).toEqual({ status: 'in_review', routing_plan: null });
  });

  it('should keep the floor without a downgrade and record PAP AMBER when none is chosen', async () => {
    const { caseRow: c } = await caseInReview();
    const res = await propose(c.id, { tlp: 'AMBER+STRICT' });
    expect(res.status).toBe(200);
    expect(res.body.routing.plan).toMatchObject({
      tlp: 'AMBER+STRICT',
      pap: 'AMBER',
      tlpDowngrade: null,
    });
    expect(await details('case.propose', c.id)).toEqual([
      expect.objectContaining({ tlp: 'AMBER+STRICT', pap: 'AMBER', tlpDowngrade: null }),
    ]);
  });

  it('should show a downgrade and its reason to the lead, record it at proposal and approval, and send the package with its PAP', async () => {
    const { caseRow: c } = await caseInReview();
    const proposed = await propose(c.id, { tlp: 'AMBER', tlpDowngradeReason: REASON, pap: 'RED' });
    expect(proposed.status).toBe(200);
    const downgrade = { from: 'AMBER+STRICT', reason: REASON };
    const read = await api.http.get(`/api/v1/cases/${c.id}`).set(lead.auth);
    expect(read.body.routing.plan).toMatchObject({
      tlp: 'AMBER',
      pap: 'RED',
      tlpDowngrade: downgrade,
    });
    expect(await details('case.propose', c.id)).toEqual([
      expect.objectContaining({ tlp: 'AMBER', pap: 'RED', tlpDowngrade: downgrade }),
    ]);

    const approved = await approve(c.id);
    expect(approved.status).toBe(200);
    expect(await details('case.approve', c.id)).toEqual([
      expect.objectContaining({ tlp: 'AMBER', pap: 'RED', tlpDowngrade: downgrade }),
    ]);
    const packages = await api.dataSource.query<
      { tlp: string; package: Record<string, unknown> }[]
    >(`SELECT tlp, package FROM dispatches WHERE case_id = $1`, [c.id]);
    expect(packages).toHaveLength(1);
    expect(packages[0].tlp).toBe('AMBER');
    expect(packages[0].package).toMatchObject({ tlp: 'AMBER', pap: 'RED' });
  });

  it('should refuse approval (409) when a referral marked stricter than the plan is on the case since the proposal', async () => {
    const { caseRow: c, referrals } = await caseInReview();
    expect((await propose(c.id, { tlp: 'AMBER+STRICT' })).status).toBe(200);
    // A referral marked RED, as if linked to the case after the proposal.
    await api.dataSource.query(`UPDATE referrals SET tlp = 'RED' WHERE id = $1`, [referrals[0].id]);
    const res = await approve(c.id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('tlp_below_referrals');
    expect((await caseRow(c.id)).status).toBe('pending_approval');
    const dispatches = await api.dataSource.query(`SELECT 1 FROM dispatches WHERE case_id = $1`, [
      c.id,
    ]);
    expect(dispatches).toEqual([]);
  });

  it('should refuse approval of a downgrade approved from a weaker floor than the referrals now carry', async () => {
    const { caseRow: c, referrals } = await caseInReview();
    expect((await propose(c.id, { tlp: 'AMBER', tlpDowngradeReason: REASON })).status).toBe(200);
    await api.dataSource.query(`UPDATE referrals SET tlp = 'RED' WHERE id = $1`, [referrals[0].id]);
    const res = await approve(c.id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('tlp_below_referrals');
  });
});
