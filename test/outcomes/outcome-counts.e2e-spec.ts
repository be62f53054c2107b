import {
  createCase,
  createDispatch,
  createFiler,
  createRoutedCase,
} from '../support/case-fixtures';
import { createUser, login, signedInUser, type Session } from '../support/factories';
import { acceptedRoutedCase } from '../support/outcome-fixtures';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';

/** The outcome loop back to the filing members: Outcome counts for coordinators. */
describe('Outcome counts for coordinators (e2e)', () => {
  let api: TestApi;
  let coordinator: Session;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-outcome-counts` });
    coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
  });
  afterAll(async () => {
    await api.close();
  });

  const sessionOf = (user: { email: string }) => login(api.http, user.email);
  const get = (s: Session, path: string) => api.http.get(`${V1}${path}`).set(s.auth);
  const post = (s: Session, path: string, body: object = {}) =>
    api.http.post(`${V1}${path}`).set(s.auth).send(body);

  const accepted = (options: { namedFiler?: boolean } = {}) => acceptedRoutedCase(api, options);

  describe('outcome counts for coordinators', () => {
    it('should count outcomes per member and per agency within the period', async () => {
      const f = await accepted();
      const colleague = await createFiler(api.dataSource);
      const shared = await createCase(api.dataSource, [f.filer, colleague]);
      const d2 = await createDispatch(api.dataSource, shared, f.agency, { status: 'accepted' });
      await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/outcome`, { outcome: 'arrest' });
      await post(f.liaisonSession, `/dispatches/${d2.id}/outcome`, {
        outcome: 'investigation_opened',
      });

      const res = await get(coordinator, '/reports/outcomes');
      expect(res.status).toBe(200);
      const member = (res.body.byMember as { organizationId: string }[]).find(
        (m) => m.organizationId === f.filer.org.id,
      );
      expect(member).toEqual({
        organizationId: f.filer.org.id,
        name: f.filer.org.legalName,
        counts: {
          investigation_opened: 1,
          arrest: 1,
          charges_filed: 0,
          conviction: 0,
          merchant_disrupted: 0,
          referred_onward: 0,
          no_further_action: 0,
          other: 0,
        },
        total: 2,
      });
      const other = (res.body.byMember as { organizationId: string; total: number }[]).find(
        (m) => m.organizationId === colleague.org.id,
      );
      expect(other?.total).toBe(1);
      const agency = (res.body.byAgency as { agencyId: string; total: number }[]).find(
        (a) => a.agencyId === f.agency.agency.id,
      );
      expect(agency?.total).toBe(2);

      const future = new Date(Date.now() + 60_000).toISOString();
      const later = await get(coordinator, `/reports/outcomes?from=${future}`);
      expect(later.status).toBe(200);
      expect(
        (later.body.byAgency as { agencyId: string }[]).some(
          (a) => a.agencyId === f.agency.agency.id,
        ),
      ).toBe(false);
    });

    it('should refuse bad periods naming the fields, and anyone but coordinators', async () => {
      const bad = await get(coordinator, '/reports/outcomes?from=yesterday&to=soon');
      expect(bad.status).toBe(400);
      const fields = (bad.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields.sort()).toEqual(['from', 'to']);
      const reversed = await get(
        coordinator,
        '/reports/outcomes?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z',
      );
      expect(reversed.status).toBe(400);
      expect(reversed.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);

      const f = await createRoutedCase(api.dataSource);
      expect((await get(await sessionOf(f.filer.user), '/reports/outcomes')).status).toBe(403);
      expect((await get(await sessionOf(f.liaison), '/reports/outcomes')).status).toBe(403);
      const admin = await createUser(api.dataSource, f.filer.org, 'member_admin');
      expect((await get(await sessionOf(admin), '/reports/outcomes')).status).toBe(403);
    });
  });
});
