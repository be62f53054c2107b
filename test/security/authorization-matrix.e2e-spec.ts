import { listRoutes } from '@app/auth';
import type { Role } from '@app/domain';
import {
  AlertEntity,
  InfoRequestEntity,
  ReferralAttachmentEntity,
  type OrganizationEntity,
  type UserEntity,
} from '@app/persistence';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { createHash, randomUUID } from 'node:crypto';
import type supertest from 'supertest';
import {
  AUTHORIZATION_MATRIX,
  CALLERS,
  expectedOutcome,
  isRole,
  routeKey,
  targetsOf,
  type Caller,
  type MatrixRow,
  type Outcome,
  type Target,
} from '../support/authorization-matrix';
import {
  createAgency,
  createCase,
  createDispatch,
  createFiler,
  createLiaison,
  type AgencyFixture,
  type FilerFixture,
} from '../support/case-fixtures';
import {
  createOrganization,
  createUser,
  login,
  TEST_PASSWORD,
  orgEmailDomain,
  uniqueSuffix,
  type Session,
} from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * The authorization matrix (test/support/authorization-matrix.ts) sent cell by
 * cell against the real app: every route of the route table × every caller ×
 * {own, other} record. Cells that cannot change anything (refusals) run first
 * and in parallel, then allowed reads, then allowed writes one at a time (they
 * may move fixtures along; an allowed cell only has to get past the checks).
 */

const V1 = '/api/v1';
const HIGH = '100000';

interface Sent {
  row: MatrixRow;
  caller: Caller;
  target: Target;
  request: string;
  expected: Outcome;
  status: number;
  text: string;
}

function matches(outcome: Outcome, status: number, alsoAccept: number[] = []): boolean {
  if (outcome === 'allowed' && alsoAccept.includes(status)) return true;
  const answered = (status >= 200 && status < 300) || (status >= 400 && status < 500);
  switch (outcome) {
    case 'allowed':
      return answered && ![401, 403, 404].includes(status);
    case 'passes_checks':
      return answered && ![401, 403].includes(status);
    case 'forbidden':
      return status === 403;
    case 'not_found':
      return status === 404;
    case 'unauthenticated':
      return status === 401;
  }
}

/** Run `tasks` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await run(item);
    }
  });
  await Promise.all(workers);
}

describe('Authorization matrix (e2e)', () => {
  let api: TestApi;
  let routeKeys: Set<string>;
  const results = new Map<string, Sent[]>();
  const setupProblems: string[] = [];

  // The world every cell is sent into.
  let coalition: OrganizationEntity;
  let filerA: FilerFixture;
  let filerB: FilerFixture;
  let agencyA: AgencyFixture;
  let agencyB: AgencyFixture;
  const users = {} as Record<Role, UserEntity>;
  const sessions = {} as Record<Role, Session>;
  let peerA: UserEntity;
  let peerLE: UserEntity;
  let peerCoalition: UserEntity;
  let adminB: UserEntity;
  let referralA: string;
  let referralB: string;
  let draftA: string;
  let attachmentA: string;
  let attachmentB: string;
  let infoRequestA: string;
  let infoRequestB: string;
  let agencyQuestionA: string;
  let agencyQuestionB: string;
  let dispatchA: string;
  let dispatchB: string;
  let holdA: string;
  let holdB: string;
  let caseOwn: string;
  let caseOther: string;
  let referralElsewhere: string;
  const referralOfCase = new Map<string, string>();
  let alertOwn: string;
  let alertOther: string;
  /** A saved inbox view of each calling coordinator, and one of another coordinator. */
  const inboxViews = new Map<string, string>();
  let jurisdictions: [string, string];
  let apiKeys: { own?: string; other?: string } = {};
  let apiKeyAuth: Record<string, string> | undefined;

  // A database of its own: "nothing changed" is checked over whole tables, which
  // specs running alongside would otherwise be writing to.
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    api = await startTestApi({
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-matrix`,
      RATE_LIMIT_LOGIN_PER_MINUTE: HIGH,
      RATE_LIMIT_REFRESH_PER_MINUTE: HIGH,
      RATE_LIMIT_FILING_PER_MINUTE: HIGH,
      RATE_LIMIT_API_KEY_PER_MINUTE: HIGH,
      RATE_LIMIT_EXPORT_PER_HOUR: '10000',
    });
    routeKeys = new Set(
      listRoutes(
        api.app.get(DiscoveryService),
        api.app.get(MetadataScanner),
        api.app.get(Reflector),
      )
        .filter((r) => r.path !== '/')
        .map(routeKey),
    );
    await buildWorld();
    await runMatrix();
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await scratch?.drop();
  });

  const ds = () => api.dataSource;

  async function buildWorld(): Promise<void> {
    coalition = await createOrganization(ds(), 'coalition');
    filerA = await createFiler(ds());
    filerB = await createFiler(ds());
    agencyA = await createAgency(ds());
    agencyB = await createAgency(ds());
    const [liaisonA, liaisonB] = await Promise.all([
      createLiaison(ds(), agencyA),
      createLiaison(ds(), agencyB),
    ]);
    users.member_reporter = filerA.user;
    users.le_liaison = liaisonA;
    const made = await Promise.all([
      createUser(ds(), filerA.org, 'member_admin'),
      createUser(ds(), coalition, 'coordinator'),
      createUser(ds(), coalition, 'lead_coordinator'),
      createUser(ds(), coalition, 'auditor'),
      createUser(ds(), coalition, 'platform_admin'),
      createUser(ds(), filerA.org, 'member_reporter'),
      createLiaison(ds(), agencyA),
      createUser(ds(), coalition, 'coordinator'),
      createUser(ds(), filerB.org, 'member_admin'),
    ]);
    [
      users.member_admin,
      users.coordinator,
      users.lead_coordinator,
      users.auditor,
      users.platform_admin,
      peerA,
      peerLE,
      peerCoalition,
      adminB,
    ] = made;
    await Promise.all(
      (Object.keys(users) as Role[]).map(async (role) => {
        sessions[role] = await login(api.http, users[role].email);
      }),
    );

    // A routed case with a referral of each member, dispatched to both agencies.
    const routed = await createCase(ds(), [filerA, filerB]);
    referralA = routed.referrals[0].id;
    referralB = routed.referrals[1].id;
    dispatchA = (await createDispatch(ds(), routed, agencyA, { status: 'delivered' })).id;
    dispatchB = (await createDispatch(ds(), routed, agencyB, { status: 'delivered' })).id;
    // Two open cases for case commands, a third whose referral can be linked.
    const own = await createCase(ds(), [filerA], { status: 'in_review' });
    const other = await createCase(ds(), [filerB], { status: 'in_review' });
    const third = await createCase(ds(), [filerB], { status: 'in_review' });
    caseOwn = own.caseRow.id;
    caseOther = other.caseRow.id;
    referralOfCase.set(caseOwn, own.referrals[0].id);
    referralOfCase.set(caseOther, other.referrals[0].id);
    referralElsewhere = third.referrals[0].id;
    for (const caseId of [caseOwn, caseOther]) {
      await ds().query(
        `INSERT INTO match_suggestions (case_id, referral_id, similarity, reason, status)
         VALUES ($1, $2, 0.9, 'matrix', 'open')`,
        [caseId, referralElsewhere],
      );
    }

    const draft = await api.http
      .post(`${V1}/referrals`)
      .set(sessions.member_reporter.auth)
      .send(referralBody());
    expect(draft.status).toBe(201);
    draftA = (draft.body as { id: string }).id;

    const content = Buffer.from('Matrix document.\n');
    const attachment = async (referralId: string, filer: FilerFixture) => {
      const id = randomUUID();
      await ds().manager.insert(ReferralAttachmentEntity, {
        id,
        referralId,
        organizationId: filer.org.id,
        createdBy: filer.user.id,
        filename: 'matrix.txt',
        mediaType: 'text/plain',
        sizeBytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
      });
      return id;
    };
    attachmentA = await attachment(referralA, filerA);
    attachmentB = await attachment(referralB, filerB);

    const infoRequest = async (referralId: string, filer: FilerFixture) => {
      const id = randomUUID();
      await ds().manager.insert(InfoRequestEntity, {
        id,
        caseId: routed.caseRow.id,
        referralId,
        organizationId: filer.org.id,
        askedBy: users.coordinator.id,
        question: 'Matrix question?',
        status: 'open',
        answer: null,
        answeredBy: null,
        answeredAt: null,
      });
      return id;
    };
    infoRequestA = await infoRequest(referralA, filerA);
    infoRequestB = await infoRequest(referralB, filerB);

    const agencyQuestion = async (dispatchId: string, referralId: string, askedBy: string) => {
      const id = randomUUID();
      await ds().query(
        `INSERT INTO agency_questions (id, dispatch_id, referral_id, asked_by, body)
         VALUES ($1, $2, $3, $4, 'Matrix agency question?')`,
        [id, dispatchId, referralId, askedBy],
      );
      return id;
    };
    agencyQuestionA = await agencyQuestion(dispatchA, referralA, liaisonA.id);
    agencyQuestionB = await agencyQuestion(dispatchB, referralB, liaisonB.id);

    const alert = async (dedupe: string) => {
      const id = randomUUID();
      await ds().manager.insert(AlertEntity, {
        id,
        kind: 'sla_breach',
        caseId: routed.caseRow.id,
        dispatchId: dispatchA,
        clockId: null,
        message: 'Matrix alert.',
        dedupeKey: `matrix-${dedupe}-${uniqueSuffix()}`,
        acknowledgedBy: null,
        acknowledgedAt: null,
      });
      return id;
    };
    alertOwn = await alert('own');
    alertOther = await alert('other');
    for (const [key, owner] of [
      ['coordinator', users.coordinator],
      ['lead_coordinator', users.lead_coordinator],
      ['other', peerCoalition],
    ] as const) {
      const id = randomUUID();
      await ds().query(
        `INSERT INTO saved_inbox_views (id, owner_id, name, filters) VALUES ($1, $2, 'Matrix view', '{}')`,
        [id, owner.id],
      );
      inboxViews.set(key, id);
    }

    const hold = async (dispatchId: string, session: Session) => {
      const res = await api.http
        .post(`${V1}/dispatches/${dispatchId}/holds`)
        .set(session.auth)
        .send({
          scope: 'do_not_terminate',
          reason: 'Matrix hold reason.',
          documentRef: 'MATRIX/0',
          expiresAt: daysFromNow(30),
        });
      if (res.status !== 201)
        setupProblems.push(`hold on ${dispatchId}: ${res.status} ${res.text}`);
      return (res.body as { id: string }).id;
    };
    holdA = await hold(dispatchA, sessions.le_liaison);
    holdB = await hold(dispatchB, await login(api.http, liaisonB.email));

    jurisdictions = ['GB', 'FR'];
    for (const code of jurisdictions) {
      const res = await api.http
        .post(`${V1}/jurisdictions`)
        .set(sessions.platform_admin.auth)
        .send({ code, name: `Matrix ${code}` });
      if (res.status !== 201 && res.status !== 409) {
        setupProblems.push(`jurisdiction ${code}: ${res.status} ${res.text}`);
      }
    }

    if (routeKeys.has('POST /organizations/:id/api-keys')) await makeApiKeys();
  }

  /** API keys of both members (once the routes exist), and how a key is presented. */
  async function makeApiKeys(): Promise<void> {
    const create = async (orgId: string, session: Session) => {
      const res = await api.http
        .post(`${V1}/organizations/${orgId}/api-keys`)
        .set(session.auth)
        .send({ name: `Matrix ${uniqueSuffix()}`, scopes: ['referrals:write', 'referrals:read'] });
      if (res.status !== 201) {
        setupProblems.push(`API key for ${orgId}: ${res.status} ${res.text}`);
        return undefined;
      }
      const body = res.body as Record<string, unknown>;
      const secret = ['key', 'apiKey', 'secret', 'token', 'plaintext', 'value']
        .map((k) => body[k])
        .find((v): v is string => typeof v === 'string');
      return { id: String(body.id), secret };
    };
    // The key member A's system calls with, and one key of each member as targets
    // (revoking a target key must not take the caller's key with it).
    const own = await create(filerA.org.id, sessions.member_admin);
    const ownTarget = await create(filerA.org.id, sessions.member_admin);
    const other = await create(filerB.org.id, await login(api.http, adminB.email));
    apiKeys = { own: ownTarget?.id, other: other?.id };
    if (!own?.secret) {
      setupProblems.push('the API key response carries no key to present');
      return;
    }
    const ways: Record<string, string>[] = [
      { Authorization: `Bearer ${own.secret}` },
      { 'X-API-Key': own.secret },
      { Authorization: `ApiKey ${own.secret}` },
    ];
    for (const header of ways) {
      const res = await api.http.get(`${V1}/referrals`).set(header);
      if (res.status === 200) {
        apiKeyAuth = header;
        return;
      }
    }
    setupProblems.push('no way of presenting an API key was accepted on GET /referrals');
  }

  function daysFromNow(days: number): string {
    return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
  }

  function callerOrganization(caller: Caller): OrganizationEntity {
    if (caller === 'le_liaison') return agencyA.org;
    if (caller === 'anonymous' || caller === 'api_key') return filerA.org;
    if (caller === 'member_reporter' || caller === 'member_admin') return filerA.org;
    return coalition;
  }

  function ownPeer(caller: Caller): UserEntity {
    if (caller === 'le_liaison') return peerLE;
    const org = callerOrganization(caller);
    return org.id === filerA.org.id ? peerA : peerCoalition;
  }

  /** The path parameters of a row's resource for the caller and target. */
  function paramsFor(row: MatrixRow, caller: Caller, target: Target): Record<string, string> {
    const own = target !== 'other';
    const pick = (a: string | undefined, b: string | undefined) => (own ? a : b) ?? randomUUID();
    switch (row.resource) {
      case 'none':
        return {};
      case 'referral':
        return { id: pick(referralA, referralB) };
      case 'attachment':
        return { id: pick(referralA, referralB), attachmentId: pick(attachmentA, attachmentB) };
      case 'infoRequest':
        return { id: pick(infoRequestA, infoRequestB) };
      case 'agencyQuestion':
        return {
          id: pick(referralA, referralB),
          questionId: pick(agencyQuestionA, agencyQuestionB),
        };
      case 'organization':
        return { id: pick(callerOrganization(caller).id, filerB.org.id) };
      case 'user':
        return { id: pick(ownPeer(caller).id, filerB.user.id) };
      case 'apiKey':
        return { id: pick(apiKeys.own, apiKeys.other) };
      case 'case':
        return { id: pick(caseOwn, caseOther) };
      case 'caseSuggestion':
        return { id: pick(caseOwn, caseOther), referralId: referralElsewhere };
      case 'dispatch':
        // documentId: one no package lists (only GET /dispatches/:id/documents/:documentId).
        return { id: pick(dispatchA, dispatchB), documentId: randomUUID() };
      case 'hold':
        return { id: pick(holdA, holdB) };
      case 'agency':
        return { id: pick(agencyA.agency.id, agencyB.agency.id) };
      case 'alert':
        return { id: pick(alertOwn, alertOther) };
      case 'jurisdiction':
        return { code: pick(jurisdictions[0], jurisdictions[1]) };
      case 'queueJob':
        return { queue: 'dispatch', jobId: randomUUID() };
      case 'inboxView':
        return { id: pick(inboxViews.get(caller), inboxViews.get('other')) };
    }
  }

  function fillPath(path: string, params: Record<string, string>): string {
    return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`no fixture for :${name} in ${path}`);
      return encodeURIComponent(value);
    });
  }

  /** The row's body with `$placeholders` replaced. */
  function fillBody(value: unknown, params: Record<string, string>): unknown {
    if (typeof value === 'string' && value.startsWith('$')) {
      const caseId = params.id;
      const fixtures: Record<string, () => unknown> = {
        $password: () => TEST_PASSWORD,
        // At the target organization's registered domain (POST /organizations/:id/users).
        $uniqueEmail: () => `matrix.${uniqueSuffix()}@${orgEmailDomain({ id: params.id })}`,
        $uniqueName: () => `Matrix Org ${uniqueSuffix()}`,
        $referralBody: () => referralBody(),
        $inThirtyDays: () => daysFromNow(30),
        $inSixtyDays: () => daysFromNow(60),
        $agencyA: () => agencyA.agency.id,
        '$agencyA.organizationId': () => agencyA.org.id,
        $liaisonA: () => users.le_liaison.id,
        $referralOfCase: () => referralOfCase.get(caseId) ?? referralA,
        $referralElsewhere: () => referralElsewhere,
        $otherCase: () => (caseId === caseOwn ? caseOther : caseOwn),
        $jurisdictionCode: () => jurisdictions[0],
      };
      const make = fixtures[value];
      if (!make) throw new Error(`no fixture for ${value}`);
      return make();
    }
    if (Array.isArray(value)) return value.map((v) => fillBody(v, params));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, fillBody(v, params)] as const),
      );
    }
    return value;
  }

  async function authFor(row: MatrixRow, caller: Caller): Promise<Record<string, string>> {
    if (caller === 'anonymous') return {};
    if (caller === 'api_key') return apiKeyAuth ?? { Authorization: 'Bearer not-an-api-key' };
    if (!row.freshCaller) return sessions[caller].auth;
    const user = await createUser(api.dataSource, callerOrganization(caller), caller);
    return (await login(api.http, user.email)).auth;
  }

  async function send(row: MatrixRow, caller: Caller, target: Target): Promise<void> {
    const [method, path] = row.route.split(' ');
    const expected = expectedOutcome(row, caller, target);
    let request = `${caller} → ${row.route} (${target})`;
    try {
      const params = paramsFor(row, caller, target);
      if (row.route === 'POST /cases/:id/suggestions/:referralId/dismiss') {
        // Each allowed dismissal needs an open suggestion.
        await ds().query(
          `UPDATE match_suggestions SET status = 'open' WHERE case_id = $1 AND referral_id = $2`,
          [params.id, params.referralId],
        );
      }
      const query = row.raw?.query ? `?${row.raw.query}` : '';
      const url = `${V1}${fillPath(path, params)}${query}`;
      const body = row.body === undefined ? undefined : fillBody(row.body, params);
      request = `${caller} → ${method} ${url} (${target}) body ${JSON.stringify(body ?? row.raw?.text ?? null).slice(0, 200)}`;
      const verb = method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
      let req: supertest.Test = api.http[verb](url).set(await authFor(row, caller));
      if (row.raw) req = req.set('Content-Type', row.raw.contentType).send(row.raw.text);
      else if (body !== undefined) req = req.send(body as object);
      const res = await req;
      record(row, {
        row,
        caller,
        target,
        request,
        expected,
        status: res.status,
        text: res.text ?? '',
      });
    } catch (error) {
      record(row, { row, caller, target, request, expected, status: 0, text: String(error) });
    }
  }

  function record(row: MatrixRow, sent: Sent): void {
    const list = results.get(row.route) ?? [];
    list.push(sent);
    results.set(row.route, list);
  }

  async function runMatrix(): Promise<void> {
    type Job = { row: MatrixRow; caller: Caller; target: Target };
    const jobs: Job[] = [];
    for (const row of AUTHORIZATION_MATRIX) {
      if (!routeKeys.has(row.route)) continue;
      for (const caller of CALLERS) {
        if (caller === 'api_key' && !apiKeyAuth) continue;
        for (const target of targetsOf(row)) jobs.push({ row, caller, target });
      }
    }
    const allowed = (j: Job) => {
      const outcome = expectedOutcome(j.row, j.caller, j.target);
      return outcome === 'allowed' || outcome === 'passes_checks';
    };
    const isRead = (j: Job) => j.row.route.startsWith('GET ');
    // Refusals change nothing: all at once. Then reads, then writes one by one.
    await pool(
      jobs.filter((j) => !allowed(j)),
      8,
      (j) => send(j.row, j.caller, j.target),
    );
    await pool(
      jobs.filter((j) => allowed(j) && isRead(j)),
      8,
      (j) => send(j.row, j.caller, j.target),
    );
    for (const j of jobs.filter((j) => allowed(j) && !isRead(j))) {
      await send(j.row, j.caller, j.target);
    }
  }

  it('should build every fixture the matrix needs', () => {
    expect(setupProblems).toEqual([]);
  });

  it('should have a row for every route in the route table', () => {
    const rows = new Set(AUTHORIZATION_MATRIX.map((r) => r.route));
    const missing = [...routeKeys].filter((key) => !rows.has(key)).sort();
    // A new route needs a row in test/support/authorization-matrix.ts.
    expect(missing).toEqual([]);
  });

  it('should have no stale row: every row names a route of the route table', () => {
    const stale = AUTHORIZATION_MATRIX.filter((r) => !routeKeys.has(r.route) && !r.landing).map(
      (r) => r.route,
    );
    const pending = AUTHORIZATION_MATRIX.filter((r) => !routeKeys.has(r.route) && r.landing);
    if (pending.length > 0) {
      process.stdout.write(
        `authorization matrix: rows for routes not landed yet (not checked): ${pending
          .map((r) => `${r.route} [${r.landing}]`)
          .join(', ')}\n`,
      );
    }
    const landed = AUTHORIZATION_MATRIX.filter((r) => routeKeys.has(r.route) && r.landing).map(
      (r) => r.route,
    );
    // Rows whose route has landed: remove their `landing` marker.
    expect({ stale, landedStillMarked: landed }).toEqual({ stale: [], landedStillMarked: [] });
  });

  it('should list each row once, with a cell for every caller', () => {
    const keys = AUTHORIZATION_MATRIX.map((r) => r.route);
    expect(keys.length).toBe(new Set(keys).size);
    for (const row of AUTHORIZATION_MATRIX) {
      expect(Object.keys(row.cells).sort()).toEqual([...CALLERS].sort());
    }
  });

  it.each(AUTHORIZATION_MATRIX.map((row) => [row.route, row] as const))(
    'should answer every caller and target of %s as the matrix says',
    (_route, row) => {
      if (!routeKeys.has(row.route)) return; // stale or pending: the tests above report it
      const sent = results.get(row.route) ?? [];
      const expectedCells =
        CALLERS.filter((c) => c !== 'api_key' || apiKeyAuth).length * targetsOf(row).length;
      expect(sent.length).toBe(expectedCells);
      const wrong = sent
        .filter((s) => !matches(s.expected, s.status, s.row.alsoAccept))
        .map(
          (s) =>
            `${s.request}\n    expected ${s.expected}, got ${s.status} ${s.text.slice(0, 300)}`,
        );
      expect(wrong).toEqual([]);
    },
  );

  // -------------------------------------------------------------------------
  // The three kinds of access the issue names, spelled out
  // -------------------------------------------------------------------------

  describe('object level', () => {
    it("should answer another member's referral exactly like a missing one (404)", async () => {
      const theirs = await api.http
        .get(`${V1}/referrals/${referralB}`)
        .set(sessions.member_reporter.auth);
      const missing = await api.http
        .get(`${V1}/referrals/${randomUUID()}`)
        .set(sessions.member_reporter.auth);
      expect(theirs.status).toBe(404);
      expect(missing.status).toBe(404);
      expect((theirs.body as { code: string }).code).toBe((missing.body as { code: string }).code);
    });

    it("should hide a colleague's referral from a reporter (own records), not from their admin", async () => {
      const peer = await login(api.http, peerA.email);
      await api.http.get(`${V1}/referrals/${referralA}`).set(peer.auth).expect(404);
      await api.http
        .get(`${V1}/referrals/${referralA}`)
        .set(sessions.member_admin.auth)
        .expect(200);
    });

    it("should answer another agency's dispatch with 404, for reading and for acting", async () => {
      const liaison = sessions.le_liaison.auth;
      await api.http.get(`${V1}/dispatches/${dispatchB}`).set(liaison).expect(404);
      const before = await dispatchRow(dispatchB);
      await api.http.post(`${V1}/dispatches/${dispatchB}/acknowledge`).set(liaison).expect(404);
      await api.http
        .post(`${V1}/dispatches/${dispatchB}/decline`)
        .set(liaison)
        .send({ reason: 'Not ours to decline.' })
        .expect(404);
      expect(await dispatchRow(dispatchB)).toEqual(before);
      const list = await api.http.get(`${V1}/dispatches`).set(liaison).expect(200);
      const ids = (list.body as { items: { id: string }[] }).items.map((d) => d.id);
      expect(ids).not.toContain(dispatchB);
    });

    it("should answer another organization's users with 404 to a member admin", async () => {
      const admin = sessions.member_admin.auth;
      await api.http.get(`${V1}/organizations/${filerB.org.id}/users`).set(admin).expect(404);
      await api.http.get(`${V1}/users/${filerB.user.id}`).set(admin).expect(404);
    });
  });

  describe('function level', () => {
    it('should refuse a member calling approve (403) and leave the case as it was', async () => {
      const before = await caseRow(caseOther);
      const res = await api.http
        .post(`${V1}/cases/${caseOther}/approve`)
        .set(sessions.member_admin.auth)
        .send({});
      expect(res.status).toBe(403);
      expect(await caseRow(caseOther)).toEqual(before);
    });

    it('should refuse a liaison listing cases (403)', async () => {
      await api.http.get(`${V1}/cases`).set(sessions.le_liaison.auth).expect(403);
    });

    it('should refuse a coordinator creating a jurisdiction (403)', async () => {
      await api.http
        .post(`${V1}/jurisdictions`)
        .set(sessions.coordinator.auth)
        .send({ code: 'ZW', name: 'Matrix' })
        .expect(403);
    });
  });

  // -------------------------------------------------------------------------
  // Property level: server-owned fields cannot be set through a body
  // -------------------------------------------------------------------------

  describe('property level (mass assignment)', () => {
    const SERVER_OWNED = ['status', 'caseId', 'organizationId', 'createdBy', 'id'] as const;
    const valueFor = (field: (typeof SERVER_OWNED)[number]): unknown =>
      field === 'status' ? 'accepted' : field === 'organizationId' ? filerB.org.id : randomUUID();

    function expectRefusedField(res: supertest.Response, field: string): void {
      expect(res.status).toBe(400);
      const errors = (res.body as { errors?: { field: string }[] }).errors ?? [];
      expect(errors.map((e) => e.field)).toContain(field);
    }

    it.each(SERVER_OWNED)(
      'should refuse %s in POST /referrals with 400 naming it, and create nothing',
      async (field) => {
        const before = await tableSnapshot('referrals');
        const res = await api.http
          .post(`${V1}/referrals`)
          .set(sessions.member_reporter.auth)
          .send({ ...referralBody(), [field]: valueFor(field) });
        expectRefusedField(res, field);
        expect(await tableSnapshot('referrals')).toEqual(before);
      },
    );

    it.each(SERVER_OWNED)(
      'should refuse %s in PATCH /referrals/:id with 400 naming it, and change nothing',
      async (field) => {
        const before = await tableSnapshot('referrals');
        const res = await api.http
          .patch(`${V1}/referrals/${draftA}`)
          .set(sessions.member_reporter.auth)
          .send({ narrative: 'Matrix: amended narrative.', [field]: valueFor(field) });
        expectRefusedField(res, field);
        expect(await tableSnapshot('referrals')).toEqual(before);
      },
    );

    it('should refuse a member admin creating a user in another organization through organizationId in the body', async () => {
      const before = await tableSnapshot('users');
      const res = await api.http
        .post(`${V1}/organizations/${filerA.org.id}/users`)
        .set(sessions.member_admin.auth)
        .send({
          email: `matrix.${uniqueSuffix()}@test.example`,
          displayName: 'Matrix Smuggled',
          role: 'member_reporter',
          password: 'a-fresh-long-passphrase',
          organizationId: filerB.org.id,
        });
      expectRefusedField(res, 'organizationId');
      expect(await tableSnapshot('users')).toEqual(before);
    });

    it.each([
      ['POST /organizations', 'organizations'],
      ['PATCH /organizations/:id', 'organizations'],
      ['POST /jurisdictions', 'jurisdictions'],
      ['PATCH /jurisdictions/:code', 'jurisdictions'],
      ['POST /agencies', 'agencies'],
      ['PATCH /agencies/:id', 'agencies'],
    ])(
      'should refuse a platform admin setting isDemo through %s and change nothing',
      async (route, table) => {
        const row = AUTHORIZATION_MATRIX.find((r) => r.route === route);
        if (!row) throw new Error(`no matrix row for ${route}`);
        const [method, path] = route.split(' ');
        const params = paramsFor(row, 'platform_admin', 'other');
        const body = { ...(fillBody(row.body, params) as object), isDemo: true };
        const before = await tableSnapshot(table);
        const verb = method.toLowerCase() as 'post' | 'patch';
        const res = await api.http[verb](`${V1}${fillPath(path, params)}`)
          .set(sessions.platform_admin.auth)
          .send(body);
        expectRefusedField(res, 'isDemo');
        expect(await tableSnapshot(table)).toEqual(before);
      },
    );

    /**
     * Every write route with a body, sent by a caller the matrix allows, with
     * each server-owned field added: 400 naming the field, and no row of the
     * tables the app writes changed.
     */
    const WRITE_ROWS = AUTHORIZATION_MATRIX.filter(
      (r) =>
        !r.route.startsWith('GET ') &&
        r.body !== undefined &&
        typeof r.body === 'object' &&
        !r.freshCaller,
    );
    const TABLES = [
      'referrals',
      'cases',
      'dispatches',
      'holds',
      'info_requests',
      'case_notes',
      'alerts',
      'users',
      'organizations',
      'agencies',
      'jurisdictions',
      'match_suggestions',
      'outbox',
    ];

    it.each(WRITE_ROWS.map((r) => [r.route, r] as const))(
      'should refuse server-owned fields in the body of %s (400 naming each) and change nothing',
      async (_route, row) => {
        if (!routeKeys.has(row.route)) return;
        const caller = CALLERS.find(
          (c) =>
            c !== 'api_key' && c !== 'anonymous' && expectedOutcome(row, c, 'own') === 'allowed',
        );
        if (!caller || !isRole(caller)) throw new Error(`nobody may call ${row.route}`);
        const [method, path] = row.route.split(' ');
        const params = paramsFor(row, caller, 'own');
        const base = fillBody(row.body, params) as Record<string, unknown>;
        const extra = Object.fromEntries(
          SERVER_OWNED.filter((f) => !(f in base)).map((f) => [f, valueFor(f)]),
        );
        const before = await Promise.all(TABLES.map(tableSnapshot));
        const verb = method.toLowerCase() as 'post' | 'patch' | 'put' | 'delete';
        const res = await api.http[verb](`${V1}${fillPath(path, params)}`)
          .set(sessions[caller].auth)
          .send({ ...base, ...extra });
        expect(res.status).toBe(400);
        const fields = ((res.body as { errors?: { field: string }[] }).errors ?? []).map(
          (e) => e.field,
        );
        expect(fields).toEqual(expect.arrayContaining(Object.keys(extra)));
        expect(await Promise.all(TABLES.map(tableSnapshot))).toEqual(before);
      },
    );
  });

  async function tableSnapshot(table: string): Promise<string> {
    const rows: { n: number; digest: string | null }[] = await api.dataSource.query(
      `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest
         FROM ${table} t`,
    );
    return `${table}:${rows[0].n}:${rows[0].digest ?? ''}`;
  }

  async function dispatchRow(id: string): Promise<unknown> {
    const rows: unknown[] = await api.dataSource.query(
      'SELECT to_jsonb(d) AS row FROM dispatches d WHERE d.id = $1',
      [id],
    );
    return rows[0];
  }

  async function caseRow(id: string): Promise<unknown> {
    const rows: unknown[] = await api.dataSource.query(
      'SELECT to_jsonb(c) AS row FROM cases c WHERE c.id = $1',
      [id],
    );
    return rows[0];
  }
});
