import { AuditEventEntity } from '@app/persistence';
import { createFiler } from '../support/case-fixtures';
import { createUser, signedInUser, uniqueSuffix, type Session } from '../support/factories';
import { keyedCase } from '../support/search-fixtures';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';

interface Result {
  kind: string;
  id: string;
  title: string;
  summary: string;
  path: string;
}

/**
 * What feeds the auditor's event filters: people, organizations and
 * references looked up by name or reference (as targets of the trail, with no
 * case content), and every audit action with a plain label.
 */
describe('Auditor pickers (e2e)', () => {
  let api: TestApi;
  let auditor: Session;
  let coordinator: Session;
  const person = `Ottilie Quenby ${uniqueSuffix()}`;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-auditor-pickers` });
    auditor = (await signedInUser(api.dataSource, api.http, 'auditor')).session;
    coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
  }, 60_000);
  afterAll(() => api.close());

  const lookup = async (s: Session, q: string, kind: string): Promise<Result[]> => {
    const res = await api.http.get(`${V1}/search`).query({ q, kind }).set(s.auth);
    expect(res.status).toBe(200);
    return (res.body.groups as { items: Result[] }[]).flatMap((g) => g.items);
  };

  it('should find a person by name, as an actor of the trail, without their address', async () => {
    const filer = await createFiler(api.dataSource);
    const user = await createUser(api.dataSource, filer.org, 'member_reporter', {
      displayName: person,
    });
    const [hit] = await lookup(auditor, person.slice(0, 14), 'user');
    expect(hit).toEqual(
      expect.objectContaining({ kind: 'user', id: user.id, path: `/audit?actorId=${user.id}` }),
    );
    expect(hit.summary).toContain(filer.org.legalName);
    expect(hit.summary).not.toContain(user.email);
    // A coordinator has no list of people: the same lookup finds nothing.
    expect(await lookup(coordinator, person.slice(0, 14), 'user')).toEqual([]);
  });

  it('should find an organization by name, and a reference without its content, unaudited', async () => {
    const filer = await createFiler(api.dataSource);
    const [org] = await lookup(auditor, filer.org.legalName, 'organization');
    expect(org).toEqual(
      expect.objectContaining({
        id: filer.org.id,
        path: `/audit?targetType=organization&targetId=${filer.org.id}`,
      }),
    );
    const fixture = await keyedCase(api.dataSource, [filer], {
      legalName: 'Harrowgate Curios Ltd',
      domain: `harrowgate-${uniqueSuffix()}.example`,
    });
    const before = await api.dataSource.manager.countBy(AuditEventEntity, {
      action: 'search.query',
    });
    const [ref] = await lookup(auditor, fixture.caseRow.reference, 'case');
    expect(ref).toEqual(
      expect.objectContaining({
        id: fixture.caseRow.id,
        path: `/audit?targetType=case&targetId=${fixture.caseRow.id}`,
      }),
    );
    expect(ref.summary).not.toContain('Harrowgate');
    expect(await api.dataSource.manager.countBy(AuditEventEntity, { action: 'search.query' })).toBe(
      before,
    );
  });

  it('should list every audit action with a plain label, to auditors only', async () => {
    const res = await api.http.get(`${V1}/audit/actions`).set(auditor.auth);
    expect(res.status).toBe(200);
    const items = res.body.items as { action: string; label: string }[];
    expect(items).toContainEqual({ action: 'auth.login', label: 'Signed in' });
    expect(items).toContainEqual({ action: 'search.query', label: 'Search over case material' });
    expect((await api.http.get(`${V1}/audit/actions`).set(coordinator.auth)).status).toBe(403);
  });
});
