import { AuditEventEntity } from '@app/persistence';
import { Client } from 'pg';
import { createRoutedCase, createLiaison, createAgency } from '../support/case-fixtures';
import { eventually } from '../support/eventually';
import { login, signedInUser } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';

/** Authorization refusals are answered as before and recorded in the audit trail. */
describe('Recording refusals (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  const denials = (actorUserId: string) =>
    api.dataSource.manager.find(AuditEventEntity, {
      where: { actorUserId, action: 'access.denied' },
      order: { id: 'ASC' },
    });

  it("should record a member's attempt on another member's referral, still answering 404 like a missing one", async () => {
    const owner = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const other = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const created = await api.http
      .post('/api/v1/referrals')
      .set(owner.session.auth)
      .send(referralBody());
    const id = (created.body as { id: string }).id;

    const foreign = await api.http.get(`/api/v1/referrals/${id}`).set(other.session.auth);
    const missing = await api.http
      .get('/api/v1/referrals/00000000-0000-4000-8000-000000000000')
      .set(other.session.auth);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body.detail).toBe(missing.body.detail);

    // Recorded once the answer has gone (see the next test).
    const recorded = await eventually('the denial recorded', async () => {
      const rows = await denials(other.user.id);
      return rows.length > 0 ? rows : undefined;
    });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      outcome: 'denied',
      targetType: 'referral',
      targetId: id,
      actorOrganizationId: other.org.id,
      requestId: foreign.headers['x-request-id'],
    });
    expect(recorded[0].details).toMatchObject({ status: 404 });
  });

  it("should answer another member's referral exactly as a missing one, without waiting for the audit write", async () => {
    const owner = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const other = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const created = await api.http
      .post('/api/v1/referrals')
      .set(owner.session.auth)
      .send(referralBody());
    const id = (created.body as { id: string }).id;
    const missingId = '00000000-0000-4000-8000-000000000001';

    // Hold back every audit insert: a refusal that waited for its record would not be answered.
    const blocker = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await blocker.connect();
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await blocker.query('ROLLBACK');
    };
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE audit_events IN EXCLUSIVE MODE');
      const foreign = await api.http.get(`/api/v1/referrals/${id}`).set(other.session.auth);
      const missing = await api.http.get(`/api/v1/referrals/${missingId}`).set(other.session.auth);
      const { rows } = await blocker.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE actor_user_id = $1 AND action = 'access.denied'`,
        [other.user.id],
      );
      expect(rows[0].n).toBe(0);

      const shape = (res: typeof foreign) => ({
        status: res.status,
        type: res.headers['content-type'],
        headers: Object.keys(res.headers).sort(),
        body: { ...res.body, instance: undefined, requestId: undefined },
      });
      expect(shape(foreign)).toEqual(shape(missing));
      expect(foreign.status).toBe(404);
    } finally {
      await release();
      await blocker.end();
    }
    const recorded = await eventually('the denial recorded', async () => {
      const rows = await denials(other.user.id);
      return rows.length > 0 ? rows : undefined;
    });
    expect(recorded).toEqual([expect.objectContaining({ targetType: 'referral', targetId: id })]);
  });

  it('should record a role refused a kind of action (403) with the route', async () => {
    const member = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const res = await api.http.get('/api/v1/cases').set(member.session.auth);
    expect(res.status).toBe(403);
    const recorded = await denials(member.user.id);
    expect(recorded).toEqual([
      expect.objectContaining({
        targetType: 'route',
        targetId: 'GET /api/v1/cases',
        details: expect.objectContaining({ status: 403 }),
      }),
    ]);
  });

  it("should record a liaison's attempt on another agency's dispatch", async () => {
    const routed = await createRoutedCase(api.dataSource);
    const elsewhere = await createAgency(api.dataSource);
    const liaison = await createLiaison(api.dataSource, elsewhere);
    const session = await login(api.http, liaison.email);
    const res = await api.http.get(`/api/v1/dispatches/${routed.dispatch.id}`).set(session.auth);
    expect(res.status).toBe(404);
    expect(
      await eventually('the denial recorded', async () => {
        const rows = await denials(liaison.id);
        return rows.length > 0 ? rows : undefined;
      }),
    ).toEqual([expect.objectContaining({ targetType: 'dispatch', targetId: routed.dispatch.id })]);
  });

  it('should record a refused four-eyes approval once, under its own action', async () => {
    const lead = await signedInUser(api.dataSource, api.http, 'lead_coordinator');
    const routed = await createRoutedCase(api.dataSource);
    await api.dataSource.query(
      `UPDATE cases SET status = 'pending_approval', proposed_by = $2,
              routing_plan = '{"agencies":[],"tlp":"AMBER","rationale":"x"}' WHERE id = $1`,
      [routed.caseRow.id, lead.user.id],
    );
    const res = await api.http
      .post(`/api/v1/cases/${routed.caseRow.id}/approve`)
      .set(lead.session.auth);
    expect(res.status).toBe(403);
    const events = await api.dataSource.manager.find(AuditEventEntity, {
      where: { actorUserId: lead.user.id, outcome: 'denied' },
    });
    expect(events.map((e) => e.action)).toEqual(['case.approve']);
  });
});
