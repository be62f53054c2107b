import { signedInUser, type Session } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';

/**
 * A coordinator's saved inbox views: saved, listed, renamed, changed and
 * deleted by their owner alone; another coordinator's view is answered as if
 * it did not exist.
 */
describe('Saved inbox views (e2e)', () => {
  let api: TestApi;
  let coordinator: Session;
  let colleague: Session;
  let lead: Session;
  let officer: Session;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-inbox-views` });
    coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
    colleague = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
    lead = (await signedInUser(api.dataSource, api.http, 'lead_coordinator')).session;
    officer = (await signedInUser(api.dataSource, api.http, 'member_reporter')).session;
  }, 60_000);
  afterAll(() => api.close());

  const list = (s: Session) => api.http.get(`${V1}/inbox-views`).set(s.auth);
  const create = (s: Session, body: object) =>
    api.http.post(`${V1}/inbox-views`).set(s.auth).send(body);
  const patch = (s: Session, id: string, body: object) =>
    api.http.patch(`${V1}/inbox-views/${id}`).set(s.auth).send(body);
  const remove = (s: Session, id: string) => api.http.delete(`${V1}/inbox-views/${id}`).set(s.auth);
  interface View {
    id: string;
    name: string;
  }
  const views = async (s: Session): Promise<View[]> => (await list(s)).body.items as View[];
  const fields = (body: { errors?: { field: string }[] }) =>
    (body.errors ?? []).map((e) => e.field);

  it('should save, list, rename, change and delete a view of its owner', async () => {
    const saved = await create(coordinator, {
      name: '  Overdue P1s  ',
      filters: { status: 'in_review', priority: 'P1', overdue: true, assignee: 'me' },
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toEqual(
      expect.objectContaining({
        name: 'Overdue P1s',
        filters: { status: 'in_review', assignee: 'me', priority: 'P1', overdue: true },
      }),
    );
    const second = await create(coordinator, { name: 'Everything', filters: { status: 'all' } });
    expect(second.body.filters).toEqual({
      status: 'all',
      assignee: null,
      priority: null,
      overdue: false,
    });
    expect((await views(coordinator)).map((v) => v.name)).toEqual(['Everything', 'Overdue P1s']);

    const renamed = await patch(coordinator, saved.body.id, { name: 'Urgent and late' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual(
      expect.objectContaining({ name: 'Urgent and late', filters: saved.body.filters }),
    );
    const changed = await patch(coordinator, saved.body.id, { filters: { assignee: 'none' } });
    expect(changed.body).toEqual(
      expect.objectContaining({
        name: 'Urgent and late',
        filters: { status: null, assignee: 'none', priority: null, overdue: false },
      }),
    );

    expect((await remove(coordinator, saved.body.id)).status).toBe(204);
    expect((await views(coordinator)).map((v) => v.id)).toEqual([second.body.id]);
    expect((await remove(coordinator, saved.body.id)).status).toBe(404);
  });

  it("should answer 404 for another coordinator's view, and leave it untouched", async () => {
    const mine = await create(coordinator, { name: 'Mine alone', filters: { priority: 'P2' } });
    expect(mine.status).toBe(201);
    expect((await list(colleague)).body.items).toEqual([]);
    expect((await list(lead)).body.items).toEqual([]);
    expect((await patch(colleague, mine.body.id, { name: 'Taken over' })).status).toBe(404);
    expect((await remove(lead, mine.body.id)).status).toBe(404);
    const still = (await views(coordinator)).find((v) => v.id === mine.body.id);
    expect(still).toEqual(expect.objectContaining({ name: 'Mine alone' }));
  });

  it('should refuse a name already used by its owner (case aside), not by a colleague', async () => {
    expect((await create(coordinator, { name: 'Morning triage', filters: {} })).status).toBe(201);
    const again = await create(coordinator, { name: 'MORNING TRIAGE', filters: {} });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('inbox_view_name_taken');
    expect((await create(colleague, { name: 'Morning triage', filters: {} })).status).toBe(201);
  });

  it('should refuse bad names and filters, naming each field, saving nothing', async () => {
    const before = (await list(lead)).body.items.length;
    const res = await create(lead, {
      name: ' ',
      filters: { status: 'open', assignee: 'someone', priority: 'P9', overdue: 'yes' },
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fields(res.body).sort()).toEqual(
      ['filters.assignee', 'filters.overdue', 'filters.priority', 'filters.status', 'name'].sort(),
    );
    expect((await create(lead, { name: 'x'.repeat(81), filters: {} })).status).toBe(400);
    expect(fields((await create(lead, { name: 'No filters' })).body)).toEqual(['filters']);
    expect((await list(lead)).body.items).toHaveLength(before);
  });

  it('should refuse the routes to roles without the inbox (403)', async () => {
    expect((await list(officer)).status).toBe(403);
    expect((await create(officer, { name: 'Nope', filters: {} })).status).toBe(403);
  });
});
