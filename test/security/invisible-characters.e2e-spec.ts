import fc from 'fast-check';
import { orgEmailDomain, signedInUser } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';

const REFUSED = [
  '\u202E', // right-to-left override
  '\u202A',
  '\u2066', // left-to-right isolate
  '\u2069',
  '\u200B', // zero-width space
  '\u00AD', // soft hyphen
  '\uFEFF',
  '\u2060',
  '\u001B', // escape
  '\u0007',
  '\u0085', // C1 next line
  '\u2028',
  '\u{E0041}', // tag "A"
];

/** Invisible, control and text-direction characters are refused in every string field. */
describe('Invisible and control characters (e2e)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  const referralCount = async (organizationId: string): Promise<number> => {
    const [row] = await api.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM referrals WHERE organization_id = $1`,
      [organizationId],
    );
    return row.n;
  };

  it('should refuse a bidirectional override in free text and a zero-width space in a name, naming the field and storing nothing', async () => {
    const { org, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const body = referralBody();
    const res = await api.http
      .post('/api/v1/referrals')
      .set(session.auth)
      .send({
        ...body,
        narrative: 'Payments to \u202Egpj.exe for digital goods.',
        merchant: { ...body.merchant, legalName: 'Shop\u200BName Ltd' },
      });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const errors = res.body.errors as { field: string; messages: string[] }[];
    expect(errors.map((e) => e.field).sort()).toEqual(['merchant.legalName', 'narrative']);
    expect(errors.find((e) => e.field === 'narrative')?.messages[0]).toContain('U+202E');
    expect(JSON.stringify(res.body)).not.toContain('gpj.exe');
    expect(await referralCount(org.id)).toBe(0);

    // Line breaks and tabs are ordinary free text; joiners are spelling.
    const ok = await api.http
      .post('/api/v1/referrals')
      .set(session.auth)
      .send({
        ...body,
        narrative: 'First paragraph.\n\nSecond:\tdetails.',
        merchant: { ...body.merchant, legalName: 'فروشگاه می\u200Cخواهم' },
      });
    expect(ok.status).toBe(201);
  });

  it('should refuse a refused character spliced anywhere into any string of a valid referral (property)', async () => {
    const { org, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const body = referralBody();
    const paths: (string | number)[][] = [
      ['narrative'],
      ['merchant', 'legalName'],
      ['merchant', 'descriptors', 0],
      ['merchant', 'principals', 0, 'name'],
      ['merchant', 'acquirer', 'name'],
      ['observables', 0, 'value'],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom(...REFUSED),
        fc.nat(),
        async (path, char, at) => {
          const copy = structuredClone(body) as Record<string | number, unknown>;
          let node = copy;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
          const last = path[path.length - 1];
          const text = node[last] as string;
          const cut = at % (text.length + 1);
          node[last] = `${text.slice(0, cut)}${char}${text.slice(cut)}`;
          const res = await api.http.post('/api/v1/referrals').set(session.auth).send(copy);
          const field = path
            .map((k) => (typeof k === 'number' ? `[${k}]` : k))
            .join('.')
            .replace(/\.\[/g, '[');
          expect([field, res.status]).toEqual([field, 400]);
          expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
        },
      ),
      { numRuns: 40 },
    );
    expect(await referralCount(org.id)).toBe(0);
  });

  it("should refuse an isolate in a new user's display name and create no one", async () => {
    const { org, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const email = `isolate-${Date.now()}@${orgEmailDomain(org)}`;
    const res = await api.http
      .post(`/api/v1/organizations/${org.id}/users`)
      .set(session.auth)
      .send({
        email,
        displayName: 'Sam \u2067Analyst\u2069',
        role: 'member_reporter',
        password: 'a-long-enough-passphrase-9',
      });
    expect(res.status).toBe(400);
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['displayName']);
    const rows = await api.dataSource.query(
      `SELECT 1 FROM users WHERE organization_id = $1 AND email = $2`,
      [org.id, email],
    );
    expect(rows).toHaveLength(0);
  });
});
