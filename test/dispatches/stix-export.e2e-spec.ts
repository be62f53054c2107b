import { tlpMarkingDefinition, validateStixBundle, type StixBundle } from '@app/domain';
import { AuditEventEntity, DispatchEntity } from '@app/persistence';
import { createRoutedCase, type RoutedCaseFixture } from '../support/case-fixtures';
import { login, signedInUser, type Session } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';
const STIX = 'application/stix+json;version=2.1';

/** STIX 2.1 exports: the agency's liaisons and coordinators get a valid bundle; nobody else learns it exists. */
describe('STIX 2.1 export (e2e)', () => {
  let api: TestApi;
  let coordinator: Session;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-stix` });
    coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
  });
  afterAll(async () => {
    await api.close();
  });

  const get = (s: Session, path: string) => api.http.get(`${V1}${path}`).set(s.auth);
  const routed = async (
    options: Parameters<typeof createRoutedCase>[1] = {},
  ): Promise<RoutedCaseFixture & { liaisonSession: Session }> => {
    const fixture = await createRoutedCase(api.dataSource, options);
    return { ...fixture, liaisonSession: await login(api.http, fixture.liaison.email) };
  };
  const events = (action: string, targetId: string) =>
    api.dataSource.manager.findBy(AuditEventEntity, { action, targetId });

  describe('GET /dispatches/:id/stix', () => {
    it("should give the agency's liaison a valid, marked bundle as a download, and audit it", async () => {
      const f = await routed();
      const res = await get(f.liaisonSession, `/dispatches/${f.dispatch.id}/stix`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(STIX);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="${f.dispatch.reference}.stix.json"`,
      );
      expect(res.headers['cache-control']).toBe('no-store');
      const bundle = JSON.parse(res.text) as StixBundle;
      expect(validateStixBundle(bundle)).toEqual([]);
      const amber = tlpMarkingDefinition('AMBER')!;
      expect(bundle.objects.filter((o) => o.type === 'marking-definition')).toEqual([amber]);
      expect(
        bundle.objects.filter(
          (o) =>
            o.type !== 'marking-definition' &&
            !(o.object_marking_refs as string[])?.includes(amber.id),
        ),
      ).toEqual([]);
      const report = bundle.objects.find((o) => o.type === 'report')!;
      expect(report.published).toBe(f.dispatch.package.approvedAt);
      expect(report.description).toContain(f.referrals[0].reference);
      // Not named in dispatches: the filer is "coalition member", in the bundle too.
      expect(res.text).not.toContain(f.filer.org.legalName);
      expect(res.text).toContain('filed by coalition member');
      const audited = await events('dispatch.export_stix', f.dispatch.id);
      expect(audited).toHaveLength(1);
      expect(audited[0]).toMatchObject({ outcome: 'success', targetType: 'dispatch' });
    });

    it('should compress a bundle for a client that accepts it, to the same bytes', async () => {
      const f = await routed();
      const plain = await get(coordinator, `/dispatches/${f.dispatch.id}/stix`);
      const zipped = await get(coordinator, `/dispatches/${f.dispatch.id}/stix`).set(
        'accept-encoding',
        'gzip',
      );
      expect(zipped.status).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers['content-type']).toBe(STIX);
      expect(zipped.text).toBe(plain.text);
    });

    it('should send the same bytes for the same package', async () => {
      const f = await routed();
      const first = await get(f.liaisonSession, `/dispatches/${f.dispatch.id}/stix`);
      const second = await get(coordinator, `/dispatches/${f.dispatch.id}/stix`);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.text).toBe(first.text);
    });

    it("should hide another agency's dispatch from a liaison (404), as a missing one", async () => {
      const mine = await routed();
      const theirs = await routed();
      const res = await get(mine.liaisonSession, `/dispatches/${theirs.dispatch.id}/stix`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await events('dispatch.export_stix', theirs.dispatch.id)).toHaveLength(0);
    });

    it('should refuse members (403), as the dispatch read does', async () => {
      const f = await routed();
      const member = await login(api.http, f.filer.user.email);
      expect((await get(member, `/dispatches/${f.dispatch.id}/stix`)).status).toBe(403);
      expect((await get(member, `/dispatches/${f.dispatch.id}`)).status).toBe(403);
    });

    it('should never send a bundle that fails validation: 500 naming nothing, no export audited', async () => {
      const f = await routed();
      const pkg = { ...f.dispatch.package, approvedAt: 'the day after approval' };
      await api.dataSource.manager.update(DispatchEntity, { id: f.dispatch.id }, { package: pkg });
      const res = await get(f.liaisonSession, `/dispatches/${f.dispatch.id}/stix`);
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'internal_error' });
      expect(res.body.detail).not.toMatch(/stix|bundle|published|valid/i);
      expect(res.text).not.toMatch(/Merchant|the day after|objects/i);
      expect(await events('dispatch.export_stix', f.dispatch.id)).toHaveLength(0);
    });
  });

  describe('GET /cases/:id/stix', () => {
    it("should give a coordinator the case's referrals as a valid bundle, and audit it", async () => {
      const f = await routed();
      const res = await get(coordinator, `/cases/${f.caseRow.id}/stix`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(STIX);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="${f.caseRow.reference}.stix.json"`,
      );
      const bundle = JSON.parse(res.text) as StixBundle;
      expect(validateStixBundle(bundle)).toEqual([]);
      // The case is marked AMBER, its referrals AMBER+STRICT: the export takes the stricter.
      expect(bundle.objects.find((o) => o.type === 'marking-definition')).toEqual(
        tlpMarkingDefinition('AMBER+STRICT'),
      );
      const urls = bundle.objects.filter((o) => o.type === 'url').map((o) => o.value);
      expect(urls).toEqual(
        expect.arrayContaining(
          f.referrals[0].observables.filter((o) => o.type === 'url').map((o) => o.value),
        ),
      );
      expect(res.text).not.toContain(f.filer.org.legalName);
      expect(res.text).not.toContain('411111******1111');
      expect(await events('case.export_stix', f.caseRow.id)).toHaveLength(1);
    });

    it('should refuse liaisons and members (403), and answer 404 for a missing case', async () => {
      const f = await routed();
      const member = await login(api.http, f.filer.user.email);
      expect((await get(f.liaisonSession, `/cases/${f.caseRow.id}/stix`)).status).toBe(403);
      expect((await get(member, `/cases/${f.caseRow.id}/stix`)).status).toBe(403);
      const missing = await get(coordinator, '/cases/00000000-0000-4000-8000-000000000000/stix');
      expect(missing.status).toBe(404);
    });
  });
});
