import type { Role } from '@app/domain';
import { pageTexts } from '../../apps/api/src/dispatches/package-pdf/package-pdf.spec-kit';
import {
  createAgency,
  createCase,
  createDispatch,
  createFiler,
  insertReferral,
  type FilerFixture,
} from '../support/case-fixtures';
import { signedInUser, type Session } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * The statistics API and the yearly transparency report, on data placed in
 * 2003 (a year no other spec files in), so the figures are this spec's own.
 */

const YEAR = 2003;
let api: TestApi;
let auditor: Session;
let admin: Session;
let members: FilerFixture[];
let agencyName: string;

const fieldsOf = (body: { errors?: { field: string }[] }) =>
  (body.errors ?? []).map((e) => e.field);

/** `n` submitted referrals of the member, submitted at `at`. */
async function filed(filer: FilerFixture, n: number, at: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await insertReferral(api.dataSource, filer, { status: 'in_review' });
    await api.dataSource.query(`UPDATE referrals SET submitted_at = $2 WHERE id = $1`, [r.id, at]);
  }
}

beforeAll(async () => {
  api = await startTestApi();
  const ds = api.dataSource;
  auditor = (await signedInUser(ds, api.http, 'auditor')).session;
  admin = (await signedInUser(ds, api.http, 'platform_admin')).session;
  // Four issuers in GB and one crypto business in FR.
  members = [];
  for (let i = 0; i < 4; i++) members.push(await createFiler(ds));
  const crypto = await createFiler(ds);
  await ds.query(`UPDATE organizations SET member_type = 'crypto', country = 'FR' WHERE id = $1`, [
    crypto.org.id,
  ]);
  members.push(crypto);
  const march = `${YEAR}-03-10T12:00:00Z`;
  const april = `${YEAR}-04-10T12:00:00Z`;
  await filed(members[0], 4, march);
  await filed(members[1], 3, march);
  await filed(members[2], 3, march);
  await filed(members[3], 2, march);
  await filed(members[4], 2, march);
  for (const m of members.slice(0, 3)) await filed(m, 5, april);

  // One case opened in March, assigned 3 h later, approved 10 h after opening; its
  // dispatch to an agency in DE delivered 2 h after creation and acknowledged 24 h later.
  const agency = await createAgency(ds, {}, { country: 'DE' });
  agencyName = agency.agency.name;
  const c = await createCase(ds, [members[0]]);
  const dispatch = await createDispatch(ds, c, agency, { status: 'acknowledged', ackClock: false });
  const opened = new Date(`${YEAR}-03-02T08:00:00Z`);
  const plus = (h: number) => new Date(opened.getTime() + h * 3600_000);
  await ds.query(`UPDATE cases SET created_at = $2, approved_at = $3 WHERE id = $1`, [
    c.caseRow.id,
    opened,
    plus(10),
  ]);
  await ds.query(
    `INSERT INTO sla_clocks (id, clock, case_id, started_at, due_at, status, stopped_at)
     VALUES (gen_random_uuid(), 'triage', $1, $2, $3, 'met', $4)`,
    [c.caseRow.id, opened, plus(48), plus(3)],
  );
  await ds.query(
    `UPDATE dispatches SET created_at = $2, delivered_at = $3, acknowledged_at = $4 WHERE id = $1`,
    [dispatch.id, plus(11), plus(13), plus(37)],
  );
}, 60_000);

afterAll(async () => {
  await api.close();
});

describe('GET /statistics', () => {
  it('should give the auditor referrals per month and member, times and outcomes by agency, and audit the read', async () => {
    const res = await api.http
      .get('/api/v1/statistics')
      .query({ from: `${YEAR}-01`, to: `${YEAR}-12` })
      .set(auditor.auth)
      .expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as {
      referrals: { month: string; organizationId: string; count: number; memberType: string }[];
      times: { month: string; measure: string; count: number; medianHours: number }[];
      outcomes: { agencyName: string; country: string; status: string; count: number }[];
    };
    const of = (i: number, month: string) =>
      body.referrals.find((r) => r.organizationId === members[i].org.id && r.month === month);
    expect(of(0, `${YEAR}-03`)?.count).toBe(4);
    expect(of(0, `${YEAR}-04`)?.count).toBe(5);
    expect(of(4, `${YEAR}-03`)).toMatchObject({ count: 2, memberType: 'crypto' });
    const time = (measure: string) =>
      body.times.find((t) => t.measure === measure && t.month === `${YEAR}-03`);
    expect(time('triage')).toMatchObject({ count: 1, medianHours: 3 });
    expect(time('approval')).toMatchObject({ count: 1, medianHours: 10 });
    expect(time('delivery')).toMatchObject({ count: 1, medianHours: 2 });
    expect(time('acknowledgement')).toMatchObject({ count: 1, medianHours: 24 });
    expect(body.outcomes).toContainEqual(
      expect.objectContaining({ agencyName, country: 'DE', status: 'acknowledged', count: 1 }),
    );
    const [event] = await api.dataSource.query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_events WHERE action = 'statistics.read' AND request_id = $1`,
      [res.headers['x-request-id']],
    );
    expect(event.details).toMatchObject({ from: `${YEAR}-01`, to: `${YEAR}-12` });
  });

  it('should answer the platform administrator too', async () => {
    await api.http
      .get('/api/v1/statistics')
      .query({ from: `${YEAR}-03`, to: `${YEAR}-03` })
      .set(admin.auth)
      .expect(200);
  });

  it.each<Role>([
    'coordinator',
    'lead_coordinator',
    'le_liaison',
    'member_reporter',
    'member_admin',
  ])('should refuse a %s (403)', async (role) => {
    const { session } = await signedInUser(api.dataSource, api.http, role);
    await api.http.get('/api/v1/statistics').set(session.auth).expect(403);
    await api.http
      .get('/api/v1/statistics/transparency-report')
      .query({ year: YEAR, format: 'csv' })
      .set(session.auth)
      .expect(403);
  });

  it.each([
    [{ from: '2003-13' }, 'from'],
    [{ from: '2003-1' }, 'from'],
    [{ from: '1999-12', to: '2000-06' }, 'from'],
    [{ from: '2003-06', to: '2003-05' }, 'to'],
    [{ from: '2003-01', to: '2006-01' }, 'to'],
    [{ to: '2999-01' }, 'to'],
  ])('should refuse %j with a problem naming %s (400)', async (query, field) => {
    const res = await api.http.get('/api/v1/statistics').query(query).set(auditor.auth).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(res.body as { errors?: { field: string }[] })).toEqual([field]);
  });
});

describe('GET /statistics/transparency-report', () => {
  const report = (session: Session, query: Record<string, unknown>) =>
    api.http.get('/api/v1/statistics/transparency-report').query(query).set(session.auth);

  it('should export the year as CSV with small counts withheld, no member named, and audit it', async () => {
    const res = await report(auditor, { year: YEAR, format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="transparency-report-${YEAR}.csv"`,
    );
    const text = res.text;
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('table,row,column,value');
    const cell = (table: string, row: string, column: string) =>
      lines.find((l) => l.startsWith(`${table},${row},${column},`))?.split(',')[3];
    const byMonth = 'referrals_by_month_and_member_type';
    // The crypto business filed 2 in March: withheld as small.
    expect(cell(byMonth, 'March', 'Crypto business')).toBe('<5');
    // The issuers' 12 would give it back from March's total of 14: withheld too.
    expect(cell(byMonth, 'March', 'Card issuer')).toBe('c');
    expect(cell(byMonth, 'January', 'Card issuer')).toBe('0');
    expect(cell(byMonth, 'Total', 'Total')).toBe('29');
    // No published count of this table is from 1 to 4.
    const values = lines.filter((l) => l.startsWith(`${byMonth},`)).map((l) => l.split(',')[3]);
    expect(values.filter((v) => /^[1-4]$/.test(v))).toEqual([]);
    const byCountry = 'referrals_by_member_country';
    expect(cell(byCountry, 'FR', 'Referrals')).toBe('<5');
    expect(cell(byCountry, 'GB', 'Referrals')).toBe('c');
    expect(cell(byCountry, 'Total', 'Referrals')).toBe('29');
    // One dispatch to DE: small, and the median times rest on one step each, so none is given.
    expect(cell('dispatches_by_agency_country', 'DE', 'In progress')).toBe('<5');
    expect(cell('median_times', 'Time to approval', 'Median (hours)')).toBe('—');
    for (const m of members) expect(text).not.toContain(m.org.legalName);
    expect(text).not.toContain(agencyName);
    const [event] = await api.dataSource.query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_events
        WHERE action = 'statistics.transparency_exported' AND request_id = $1`,
      [res.headers['x-request-id']],
    );
    expect(event.details).toMatchObject({ year: YEAR, format: 'csv', threshold: 5 });
  });

  it('should export the same figures as a PDF', async () => {
    const res = await report(admin, { year: YEAR, format: 'pdf' })
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = (await pageTexts(res.body as Buffer)).join('\n');
    expect(text).toContain(`Coalition transparency report ${YEAR}`);
    // Table headers wrap in their narrow columns.
    expect(text.replace(/\s+/g, '')).toContain('Cryptobusiness');
    expect(text).toContain('<5');
    expect(text).toContain('29');
    for (const m of members) expect(text).not.toContain(m.org.legalName);
  });

  it.each([
    [{ year: 'abc', format: 'csv' }, 'year'],
    [{ year: 1999, format: 'csv' }, 'year'],
    [{ year: 2999, format: 'csv' }, 'year'],
    [{ year: YEAR, format: 'xls' }, 'format'],
  ])('should refuse %j with a problem naming %s (400)', async (query, field) => {
    const res = await report(auditor, query).expect(400);
    expect(fieldsOf(res.body as { errors?: { field: string }[] })).toEqual([field]);
  });

  it('should honour another threshold', async () => {
    const other = await startTestApi({ TRANSPARENCY_MIN_COUNT: '20' });
    try {
      const { session } = await signedInUser(other.dataSource, other.http, 'auditor');
      const res = await other.http
        .get('/api/v1/statistics/transparency-report')
        .query({ year: YEAR, format: 'csv' })
        .set(session.auth)
        .expect(200);
      expect(res.text).toContain('referrals_by_member_country,FR,Referrals,<20');
    } finally {
      await other.close();
    }
  }, 30_000);
});
