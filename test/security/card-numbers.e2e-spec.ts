import { listRoutes } from '@app/auth';
import { isMerchantIdPath, ROLES, type Role } from '@app/domain';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import {
  AUTHORIZATION_MATRIX,
  expectedOutcome,
  routeKey,
  targetsOf,
  type MatrixRow,
} from '../support/authorization-matrix';
import { createAgency, createFiler, createLiaison } from '../support/case-fixtures';
import { createOrganization, createUser, login, type Session } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { cardDigitsAtRest } from '../support/card-sweep';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Hard rule: no full card number is stored, whatever route, field or header it
 * arrives in and however it is spelled. The route table is walked: every route
 * that takes a body gets one whose every string holds a card number spelled a
 * different way, and must answer 400 naming each of those fields; every route
 * is sent a card number in the stored headers. Afterwards no text or JSON
 * column of any table holds the digits.
 */

const PANS = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117'];
const SPELLINGS: ((pan: string) => string)[] = [
  (p) => p.replace(/(\d{4})(?=\d)/g, '$1.'),
  (p) => p.replace(/(\d{4})(?=\d)/g, '$1\n'),
  (p) => p.replace(/(\d{4})(?=\d)/g, '$1 - '),
  (p) => p.replace(/(\d{4})(?=\d)/g, '$1_'),
  (p) => p.replace(/(\d{4})(?=\d)/g, '$1/'),
  (p) => p.replace(/(\d{4})(?=\d)/g, '$1\t  '),
  (p) => `see\r\n${p.replace(/(\d{4})(?=\d)/g, '$1 \r\n')}\r\nthanks`,
];
let spellingIndex = 0;
function nextCard(spellings = SPELLINGS): string {
  spellingIndex += 1;
  return spellings[spellingIndex % spellings.length](PANS[spellingIndex % PANS.length]);
}
/** Header values cannot hold line breaks. */
const HEADER_SPELLINGS = [SPELLINGS[0], SPELLINGS[2], SPELLINGS[3], SPELLINGS[4], (p: string) => p];

/** The body with every string leaf replaced by a spelled card number, and those leaves' paths. */
function withCards(value: unknown, path = ''): { body: unknown; paths: string[] } {
  if (typeof value === 'string') {
    // A merchant id is validated as one (and kept masked when card-shaped), not refused.
    if (isMerchantIdPath(path)) return { body: value, paths: [] };
    return { body: nextCard(), paths: [path] };
  }
  if (Array.isArray(value)) {
    const parts = value.map((item, i) => withCards(item, `${path}[${i}]`));
    return { body: parts.map((p) => p.body), paths: parts.flatMap((p) => p.paths) };
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [
      key,
      withCards(item, path ? `${path}.${key}` : key),
    ]);
    return {
      body: Object.fromEntries(
        entries.map(([key, part]) => [key, (part as { body: unknown }).body]),
      ),
      paths: entries.flatMap(([, part]) => (part as { paths: string[] }).paths),
    };
  }
  return { body: value, paths: [] };
}

describe('Card numbers on every route (e2e)', () => {
  let api: TestApi;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const sessions = {} as Record<Role, Session>;
  let routes: Set<string>;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    api = await startTestApi({
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-cards`,
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
      RATE_LIMIT_FILING_PER_MINUTE: '100000',
    });
    const ds = api.dataSource;
    const coalition = await createOrganization(ds, 'coalition');
    const filer = await createFiler(ds);
    const agency = await createAgency(ds);
    const users = {
      member_reporter: filer.user,
      member_admin: await createUser(ds, filer.org, 'member_admin'),
      le_liaison: await createLiaison(ds, agency),
    } as Record<Role, Awaited<ReturnType<typeof createUser>>>;
    for (const role of ROLES) {
      users[role] ??= await createUser(ds, coalition, role);
      sessions[role] = await login(api.http, users[role].email);
    }
    routes = new Set(
      listRoutes(
        api.app.get(DiscoveryService),
        api.app.get(MetadataScanner),
        api.app.get(Reflector),
      )
        .filter((r) => r.path !== '/')
        .map(routeKey),
    );
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await scratch?.drop();
  });

  /** A caller the route's function-level check lets through (object checks come after the pipe). */
  function callerOf(row: MatrixRow): Session | null {
    const target = targetsOf(row)[0];
    if (expectedOutcome(row, 'anonymous', target) === 'allowed') return null;
    const role = ROLES.find((r) => expectedOutcome(row, r, target) === 'allowed');
    if (!role) throw new Error(`no role may call ${row.route}`);
    return sessions[role];
  }

  function request(row: MatrixRow) {
    const [method, path] = row.route.split(' ');
    const url = `/api/v1${path.replace(/:[A-Za-z]+/g, () => randomUUID())}`;
    const req = api.http[method.toLowerCase() as 'post'](url);
    const caller = callerOf(row);
    return caller ? req.set(caller.auth) : req;
  }

  it('should refuse a card number in every string field of every route that takes a body, naming each field', async () => {
    const rows = AUTHORIZATION_MATRIX.filter((row) => routes.has(row.route) && row.body);
    expect(rows.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const row of rows) {
      const template = row.body === '$referralBody' ? referralBody() : row.body;
      const { body, paths } = withCards({ ...(template as object), note: 'x' });
      const res = await request(row).send(body as object);
      const errors = (res.body.errors ?? []) as { field: string; messages: string[] }[];
      const fields = errors.map((e) => e.field);
      const named = paths.every((p) => fields.includes(p));
      const messages = errors.every((e) =>
        e.messages.every((m) => /^looks like a .+ card number in /.test(m)),
      );
      const echoed = PANS.some((pan) => res.text.replace(/[^0-9]/g, '').includes(pan));
      if (res.status !== 400 || !named || !messages || echoed) {
        failures.push(`${row.route}: ${res.status} ${JSON.stringify(fields)} echoed=${echoed}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('should refuse a card number in a text attachment, written across lines', async () => {
    const created = await api.http
      .post('/api/v1/referrals')
      .set(sessions.member_reporter.auth)
      .send(referralBody());
    expect(created.status).toBe(201);
    for (const text of [
      'date;card\n2026-10-01;4111\n1111\n1111\n1111\n',
      'amount,card\n12.50,"5555.5555.5555.4444"\n',
    ]) {
      const res = await api.http
        .post(`/api/v1/referrals/${created.body.id}/attachments?filename=statement.csv`)
        .set(sessions.member_reporter.auth)
        .set('content-type', 'application/octet-stream')
        .send(Buffer.from(text));
      expect(res.status).toBe(400);
      expect(res.body.errors[0].messages[0]).toMatch(/^looks like a (Visa|Mastercard) card number/);
    }
  });

  it('should refuse a card number in a stored header on every route, before anything runs', async () => {
    const failures: string[] = [];
    for (const key of routes) {
      const [method, path] = key.split(' ');
      const url = `/api/v1${path.replace(/:[A-Za-z]+/g, () => randomUUID())}`;
      for (const header of ['Idempotency-Key', 'X-Request-Id', 'User-Agent']) {
        const card = nextCard(HEADER_SPELLINGS);
        const res = await api.http[method.toLowerCase() as 'get'](url).set(header, card);
        const field = res.body.errors?.[0]?.field;
        if (res.status !== 400 || field !== header.toLowerCase()) {
          failures.push(`${key} ${header}: ${res.status} ${field}`);
        }
        expect(res.headers['x-request-id']).not.toBe(card);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('should refuse a card number in a path, and never echo one in a problem', async () => {
    const res = await api.http
      .get('/api/v1/referrals/4111.1111.1111.1111')
      .set(sessions.member_reporter.auth);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        field: 'path',
        messages: [expect.stringMatching(/^looks like a Visa card number in the path/)],
      },
    ]);
    expect(res.text.replace(/[^0-9]/g, '')).not.toContain(PANS[0]);
    expect(res.body.instance).toBe('[a path holding a card number]');
    const unknown = await api.http.get('/api/v1/no-such-thing/5555%205555%205555%204444');
    expect(unknown.status).toBe(400);
    expect(unknown.body.instance).toBe('[a path holding a card number]');
    expect(unknown.text.replace(/[^0-9]/g, '')).not.toContain(PANS[1]);
  });

  it('should hold no card number in any column of any table afterwards', async () => {
    expect(await cardDigitsAtRest(api.dataSource, PANS)).toEqual([]);
  });
});
