import type { OrganizationKind, Role } from '@app/domain';
import {
  AuditEventEntity,
  OrganizationEntity,
  RefreshTokenEntity,
  UserEntity,
} from '@app/persistence';
import { randomUUID } from 'node:crypto';
import type supertest from 'supertest';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  TEST_PASSWORD,
  orgEmailDomain,
  uniqueSuffix,
  type Session,
} from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';
/** A password that passes the policy for every e-mail address these tests make. */
const NEW_PASSWORD = 'a-fresh-long-passphrase';

type Target = 'own' | 'other' | 'none';
type AdminRoute =
  | 'GET /organizations'
  | 'POST /organizations'
  | 'GET /organizations/:id'
  | 'PATCH /organizations/:id'
  | 'GET /organizations/:id/users'
  | 'POST /organizations/:id/users'
  | 'GET /users/:id'
  | 'PATCH /users/:id';

interface MatrixRow {
  role: Role;
  route: AdminRoute;
  /**
   * `own`: the caller's organization (or a user in it); `other`: another member
   * organization (or a user in it); `none`: a collection route without an id.
   */
  target: Target;
  status: number;
}

/**
 * Who may call which admin route, written out by hand (not derived from the
 * product's permission table, or the test would only repeat it).
 */
const ROLE_MATRIX: readonly MatrixRow[] = [
  { role: 'member_reporter', route: 'GET /organizations', target: 'none', status: 403 },
  { role: 'member_reporter', route: 'POST /organizations', target: 'none', status: 403 },
  { role: 'member_reporter', route: 'GET /organizations/:id', target: 'own', status: 403 },
  { role: 'member_reporter', route: 'GET /organizations/:id', target: 'other', status: 403 },
  { role: 'member_reporter', route: 'PATCH /organizations/:id', target: 'own', status: 403 },
  { role: 'member_reporter', route: 'PATCH /organizations/:id', target: 'other', status: 403 },
  { role: 'member_reporter', route: 'GET /organizations/:id/users', target: 'own', status: 403 },
  { role: 'member_reporter', route: 'GET /organizations/:id/users', target: 'other', status: 403 },
  { role: 'member_reporter', route: 'POST /organizations/:id/users', target: 'own', status: 403 },
  { role: 'member_reporter', route: 'POST /organizations/:id/users', target: 'other', status: 403 },
  { role: 'member_reporter', route: 'GET /users/:id', target: 'own', status: 403 },
  { role: 'member_reporter', route: 'GET /users/:id', target: 'other', status: 403 },
  { role: 'member_reporter', route: 'PATCH /users/:id', target: 'own', status: 403 },
  { role: 'member_reporter', route: 'PATCH /users/:id', target: 'other', status: 403 },

  { role: 'member_admin', route: 'GET /organizations', target: 'none', status: 403 },
  { role: 'member_admin', route: 'POST /organizations', target: 'none', status: 403 },
  { role: 'member_admin', route: 'GET /organizations/:id', target: 'own', status: 403 },
  { role: 'member_admin', route: 'GET /organizations/:id', target: 'other', status: 403 },
  { role: 'member_admin', route: 'PATCH /organizations/:id', target: 'own', status: 403 },
  { role: 'member_admin', route: 'PATCH /organizations/:id', target: 'other', status: 403 },
  { role: 'member_admin', route: 'GET /organizations/:id/users', target: 'own', status: 200 },
  { role: 'member_admin', route: 'GET /organizations/:id/users', target: 'other', status: 404 },
  { role: 'member_admin', route: 'POST /organizations/:id/users', target: 'own', status: 201 },
  { role: 'member_admin', route: 'POST /organizations/:id/users', target: 'other', status: 404 },
  { role: 'member_admin', route: 'GET /users/:id', target: 'own', status: 200 },
  { role: 'member_admin', route: 'GET /users/:id', target: 'other', status: 404 },
  { role: 'member_admin', route: 'PATCH /users/:id', target: 'own', status: 200 },
  { role: 'member_admin', route: 'PATCH /users/:id', target: 'other', status: 404 },

  { role: 'coordinator', route: 'GET /organizations', target: 'none', status: 403 },
  { role: 'coordinator', route: 'POST /organizations', target: 'none', status: 403 },
  { role: 'coordinator', route: 'GET /organizations/:id', target: 'own', status: 403 },
  { role: 'coordinator', route: 'GET /organizations/:id', target: 'other', status: 403 },
  { role: 'coordinator', route: 'PATCH /organizations/:id', target: 'own', status: 403 },
  { role: 'coordinator', route: 'PATCH /organizations/:id', target: 'other', status: 403 },
  { role: 'coordinator', route: 'GET /organizations/:id/users', target: 'own', status: 403 },
  { role: 'coordinator', route: 'GET /organizations/:id/users', target: 'other', status: 403 },
  { role: 'coordinator', route: 'POST /organizations/:id/users', target: 'own', status: 403 },
  { role: 'coordinator', route: 'POST /organizations/:id/users', target: 'other', status: 403 },
  { role: 'coordinator', route: 'GET /users/:id', target: 'own', status: 403 },
  { role: 'coordinator', route: 'GET /users/:id', target: 'other', status: 403 },
  { role: 'coordinator', route: 'PATCH /users/:id', target: 'own', status: 403 },
  { role: 'coordinator', route: 'PATCH /users/:id', target: 'other', status: 403 },

  { role: 'lead_coordinator', route: 'GET /organizations', target: 'none', status: 403 },
  { role: 'lead_coordinator', route: 'POST /organizations', target: 'none', status: 403 },
  { role: 'lead_coordinator', route: 'GET /organizations/:id', target: 'own', status: 403 },
  { role: 'lead_coordinator', route: 'GET /organizations/:id', target: 'other', status: 403 },
  { role: 'lead_coordinator', route: 'PATCH /organizations/:id', target: 'own', status: 403 },
  { role: 'lead_coordinator', route: 'PATCH /organizations/:id', target: 'other', status: 403 },
  { role: 'lead_coordinator', route: 'GET /organizations/:id/users', target: 'own', status: 403 },
  { role: 'lead_coordinator', route: 'GET /organizations/:id/users', target: 'other', status: 403 },
  { role: 'lead_coordinator', route: 'POST /organizations/:id/users', target: 'own', status: 403 },
  {
    role: 'lead_coordinator',
    route: 'POST /organizations/:id/users',
    target: 'other',
    status: 403,
  },
  { role: 'lead_coordinator', route: 'GET /users/:id', target: 'own', status: 403 },
  { role: 'lead_coordinator', route: 'GET /users/:id', target: 'other', status: 403 },
  { role: 'lead_coordinator', route: 'PATCH /users/:id', target: 'own', status: 403 },
  { role: 'lead_coordinator', route: 'PATCH /users/:id', target: 'other', status: 403 },

  { role: 'le_liaison', route: 'GET /organizations', target: 'none', status: 403 },
  { role: 'le_liaison', route: 'POST /organizations', target: 'none', status: 403 },
  { role: 'le_liaison', route: 'GET /organizations/:id', target: 'own', status: 403 },
  { role: 'le_liaison', route: 'GET /organizations/:id', target: 'other', status: 403 },
  { role: 'le_liaison', route: 'PATCH /organizations/:id', target: 'own', status: 403 },
  { role: 'le_liaison', route: 'PATCH /organizations/:id', target: 'other', status: 403 },
  { role: 'le_liaison', route: 'GET /organizations/:id/users', target: 'own', status: 403 },
  { role: 'le_liaison', route: 'GET /organizations/:id/users', target: 'other', status: 403 },
  { role: 'le_liaison', route: 'POST /organizations/:id/users', target: 'own', status: 403 },
  { role: 'le_liaison', route: 'POST /organizations/:id/users', target: 'other', status: 403 },
  { role: 'le_liaison', route: 'GET /users/:id', target: 'own', status: 403 },
  { role: 'le_liaison', route: 'GET /users/:id', target: 'other', status: 403 },
  { role: 'le_liaison', route: 'PATCH /users/:id', target: 'own', status: 403 },
  { role: 'le_liaison', route: 'PATCH /users/:id', target: 'other', status: 403 },

  { role: 'auditor', route: 'GET /organizations', target: 'none', status: 403 },
  { role: 'auditor', route: 'POST /organizations', target: 'none', status: 403 },
  { role: 'auditor', route: 'GET /organizations/:id', target: 'own', status: 403 },
  { role: 'auditor', route: 'GET /organizations/:id', target: 'other', status: 403 },
  { role: 'auditor', route: 'PATCH /organizations/:id', target: 'own', status: 403 },
  { role: 'auditor', route: 'PATCH /organizations/:id', target: 'other', status: 403 },
  { role: 'auditor', route: 'GET /organizations/:id/users', target: 'own', status: 403 },
  { role: 'auditor', route: 'GET /organizations/:id/users', target: 'other', status: 403 },
  { role: 'auditor', route: 'POST /organizations/:id/users', target: 'own', status: 403 },
  { role: 'auditor', route: 'POST /organizations/:id/users', target: 'other', status: 403 },
  { role: 'auditor', route: 'GET /users/:id', target: 'own', status: 403 },
  { role: 'auditor', route: 'GET /users/:id', target: 'other', status: 403 },
  { role: 'auditor', route: 'PATCH /users/:id', target: 'own', status: 403 },
  { role: 'auditor', route: 'PATCH /users/:id', target: 'other', status: 403 },

  { role: 'platform_admin', route: 'GET /organizations', target: 'none', status: 200 },
  { role: 'platform_admin', route: 'POST /organizations', target: 'none', status: 201 },
  { role: 'platform_admin', route: 'GET /organizations/:id', target: 'own', status: 200 },
  { role: 'platform_admin', route: 'GET /organizations/:id', target: 'other', status: 200 },
  { role: 'platform_admin', route: 'PATCH /organizations/:id', target: 'own', status: 200 },
  { role: 'platform_admin', route: 'PATCH /organizations/:id', target: 'other', status: 200 },
  { role: 'platform_admin', route: 'GET /organizations/:id/users', target: 'own', status: 200 },
  { role: 'platform_admin', route: 'GET /organizations/:id/users', target: 'other', status: 200 },
  { role: 'platform_admin', route: 'POST /organizations/:id/users', target: 'own', status: 201 },
  { role: 'platform_admin', route: 'POST /organizations/:id/users', target: 'other', status: 201 },
  { role: 'platform_admin', route: 'GET /users/:id', target: 'own', status: 200 },
  { role: 'platform_admin', route: 'GET /users/:id', target: 'other', status: 200 },
  { role: 'platform_admin', route: 'PATCH /users/:id', target: 'own', status: 200 },
  { role: 'platform_admin', route: 'PATCH /users/:id', target: 'other', status: 200 },
];

const ALL_ROLES: readonly Role[] = [
  'member_reporter',
  'member_admin',
  'coordinator',
  'lead_coordinator',
  'le_liaison',
  'auditor',
  'platform_admin',
];

/** The targets each route is called on in the matrix. */
const ROUTE_TARGETS: Readonly<Record<AdminRoute, readonly Target[]>> = {
  'GET /organizations': ['none'],
  'POST /organizations': ['none'],
  'GET /organizations/:id': ['own', 'other'],
  'PATCH /organizations/:id': ['own', 'other'],
  'GET /organizations/:id/users': ['own', 'other'],
  'POST /organizations/:id/users': ['own', 'other'],
  'GET /users/:id': ['own', 'other'],
  'PATCH /users/:id': ['own', 'other'],
};

/** A role that fits each kind of organization, for the users the tests put in it. */
const ROLE_FOR_KIND: Readonly<Record<OrganizationKind, Role>> = {
  member: 'member_reporter',
  coalition: 'auditor',
  law_enforcement: 'le_liaison',
};

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  requestId?: string;
  errors?: { field: string; messages: string[] }[];
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`test setup: no ${what}`);
  return value;
}

function expectProblem(res: supertest.Response, status: number, code: string): ProblemBody {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.body as ProblemBody;
  expect(body.status).toBe(status);
  expect(body.code).toBe(code);
  return body;
}

function fieldsOf(res: supertest.Response): string[] {
  return ((res.body as ProblemBody).errors ?? []).map((e) => e.field).sort();
}

/** 400 validation_failed naming exactly these fields. */
function expectInvalid(res: supertest.Response, fields: string[]): void {
  expectProblem(res, 400, 'validation_failed');
  expect(fieldsOf(res)).toEqual([...fields].sort());
}

function messagesFor(res: supertest.Response, field: string): string[] {
  return ((res.body as ProblemBody).errors ?? [])
    .filter((e) => e.field === field)
    .flatMap((e) => e.messages);
}

/** A problem body without what differs on every request (its path and request id). */
function problemShape(res: supertest.Response): Omit<ProblemBody, 'instance' | 'requestId'> {
  const { instance, requestId, ...rest } = res.body as ProblemBody;
  expect(typeof instance).toBe('string');
  expect(typeof requestId).toBe('string');
  return rest;
}

describe('Administration of organizations and users (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  /** The whole stored row, password hash included, to prove nothing changed. */
  async function userRow(id: string): Promise<Record<string, unknown> | undefined> {
    const rows: Record<string, unknown>[] = await api.dataSource.query(
      'SELECT * FROM users WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  async function organizationRow(id: string): Promise<Record<string, unknown> | undefined> {
    const rows: Record<string, unknown>[] = await api.dataSource.query(
      'SELECT * FROM organizations WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  function countUsersByEmail(email: string): Promise<number> {
    return api.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getCount();
  }

  function countOrganizationsByName(legalName: string): Promise<number> {
    return api.dataSource.manager.countBy(OrganizationEntity, { legalName });
  }

  function me(session: Session): supertest.Test {
    return api.http.get(`${V1}/auth/me`).set(session.auth);
  }

  function refresh(session: Session): supertest.Test {
    return api.http.post(`${V1}/auth/refresh`).send({ refreshToken: session.refreshToken });
  }

  function attemptLogin(email: string, password: string): supertest.Test {
    return api.http.post(`${V1}/auth/login`).send({ email, password });
  }

  function newUserBody(org: { id: string }, role: Role, overrides: Record<string, unknown> = {}) {
    return {
      email: `new.${uniqueSuffix()}@${orgEmailDomain(org)}`,
      displayName: 'New Person',
      role,
      password: NEW_PASSWORD,
      ...overrides,
    };
  }

  describe('role matrix', () => {
    interface MatrixContext {
      session: Session;
      callerOrg: OrganizationEntity;
      targetOrg?: OrganizationEntity;
      targetUser?: UserEntity;
      marker: string;
    }

    interface RouteSpec {
      send(ctx: MatrixContext): supertest.Test;
      /** What a successful answer must contain. */
      expectSuccess(res: supertest.Response, ctx: MatrixContext): void;
      /** For writes: whether the write reached the database. */
      wrote?(ctx: MatrixContext): Promise<boolean>;
    }

    const org = (ctx: MatrixContext) => must(ctx.targetOrg, 'target organization');
    const user = (ctx: MatrixContext) => must(ctx.targetUser, 'target user');
    const matrixEmail = (ctx: MatrixContext) => `matrix.${ctx.marker}@${orgEmailDomain(org(ctx))}`;

    const ROUTES: Record<AdminRoute, RouteSpec> = {
      'GET /organizations': {
        send: (ctx) =>
          api.http.get(`${V1}/organizations?kind=${ctx.callerOrg.kind}&status=active&limit=5`),
        expectSuccess: (res) => {
          const items = res.body.items as OrganizationEntity[];
          expect(Array.isArray(items)).toBe(true);
          expect(items.length).toBeGreaterThan(0);
          expect(items.length).toBeLessThanOrEqual(5);
          expect(res.body).toHaveProperty('nextCursor');
        },
      },
      'POST /organizations': {
        send: (ctx) =>
          api.http
            .post(`${V1}/organizations`)
            .send({ kind: 'law_enforcement', legalName: `Matrix ${ctx.marker}`, country: 'GB' }),
        expectSuccess: (res, ctx) =>
          expect(res.body).toMatchObject({
            legalName: `Matrix ${ctx.marker}`,
            status: 'pending_vetting',
          }),
        wrote: async (ctx) => (await countOrganizationsByName(`Matrix ${ctx.marker}`)) === 1,
      },
      'GET /organizations/:id': {
        send: (ctx) => api.http.get(`${V1}/organizations/${org(ctx).id}`),
        expectSuccess: (res, ctx) =>
          expect(res.body).toMatchObject({ id: org(ctx).id, legalName: org(ctx).legalName }),
      },
      'PATCH /organizations/:id': {
        send: (ctx) =>
          api.http
            .patch(`${V1}/organizations/${org(ctx).id}`)
            .send({ legalName: `Renamed ${ctx.marker}` }),
        expectSuccess: (res, ctx) =>
          expect(res.body).toMatchObject({ id: org(ctx).id, legalName: `Renamed ${ctx.marker}` }),
        wrote: async (ctx) =>
          (await api.dataSource.manager.findOneByOrFail(OrganizationEntity, { id: org(ctx).id }))
            .legalName === `Renamed ${ctx.marker}`,
      },
      'GET /organizations/:id/users': {
        send: (ctx) => api.http.get(`${V1}/organizations/${org(ctx).id}/users`),
        expectSuccess: (res, ctx) => {
          const items = res.body.items as UserEntity[];
          expect(items.map((u) => u.id)).toContain(user(ctx).id);
          expect(items.every((u) => u.organizationId === org(ctx).id)).toBe(true);
        },
      },
      'POST /organizations/:id/users': {
        send: (ctx) =>
          api.http.post(`${V1}/organizations/${org(ctx).id}/users`).send({
            email: matrixEmail(ctx),
            displayName: 'Matrix Person',
            role: ROLE_FOR_KIND[org(ctx).kind],
            password: NEW_PASSWORD,
          }),
        expectSuccess: (res, ctx) => {
          expect(res.body).toMatchObject({
            email: matrixEmail(ctx),
            organizationId: org(ctx).id,
            role: ROLE_FOR_KIND[org(ctx).kind],
            status: 'active',
          });
          expect(res.body).not.toHaveProperty('passwordHash');
        },
        wrote: async (ctx) => (await countUsersByEmail(matrixEmail(ctx))) === 1,
      },
      'GET /users/:id': {
        send: (ctx) => api.http.get(`${V1}/users/${user(ctx).id}`),
        expectSuccess: (res, ctx) => {
          expect(res.body).toMatchObject({ id: user(ctx).id, organizationId: org(ctx).id });
          expect(res.body).not.toHaveProperty('passwordHash');
          expect(res.body).not.toHaveProperty('mfaSecret');
        },
      },
      'PATCH /users/:id': {
        send: (ctx) =>
          api.http
            .patch(`${V1}/users/${user(ctx).id}`)
            .send({ displayName: `Renamed ${ctx.marker}` }),
        expectSuccess: (res, ctx) =>
          expect(res.body).toMatchObject({
            id: user(ctx).id,
            displayName: `Renamed ${ctx.marker}`,
          }),
        wrote: async (ctx) =>
          (await api.dataSource.manager.findOneByOrFail(UserEntity, { id: user(ctx).id }))
            .displayName === `Renamed ${ctx.marker}`,
      },
    };

    async function contextFor(row: MatrixRow): Promise<MatrixContext> {
      const caller = await signedInUser(api.dataSource, api.http, row.role);
      const targetOrg =
        row.target === 'own'
          ? caller.org
          : row.target === 'other'
            ? await createOrganization(api.dataSource, 'member')
            : undefined;
      const targetUser = targetOrg
        ? await createUser(api.dataSource, targetOrg, ROLE_FOR_KIND[targetOrg.kind])
        : undefined;
      return {
        session: caller.session,
        callerOrg: caller.org,
        targetOrg,
        targetUser,
        marker: uniqueSuffix(),
      };
    }

    it('should list every role, route and target exactly once in the matrix', () => {
      const expected = ALL_ROLES.flatMap((role) =>
        (Object.keys(ROUTE_TARGETS) as AdminRoute[]).flatMap((route) =>
          ROUTE_TARGETS[route].map((target) => `${role} ${route} ${target}`),
        ),
      ).sort();
      const actual = ROLE_MATRIX.map((r) => `${r.role} ${r.route} ${r.target}`).sort();
      expect(actual).toEqual(expected);
    });

    it.each(ROLE_MATRIX)(
      'should answer $status when a $role calls $route (target: $target)',
      async (row) => {
        const ctx = await contextFor(row);
        const spec = ROUTES[row.route];
        const res = await spec.send(ctx).set(ctx.session.auth);
        // The body rides along so that a wrong status shows why.
        expect({ status: res.status, body: res.body as unknown }).toMatchObject({
          status: row.status,
        });
        if (row.status === 403) expectProblem(res, 403, 'forbidden');
        else if (row.status === 404) expectProblem(res, 404, 'not_found');
        else spec.expectSuccess(res, ctx);
        if (spec.wrote) expect(await spec.wrote(ctx)).toBe(row.status < 300);
      },
    );

    it('should refuse every admin route without an access token (401)', async () => {
      const id = randomUUID();
      const calls: supertest.Test[] = [
        api.http.get(`${V1}/organizations`),
        api.http.post(`${V1}/organizations`).send({}),
        api.http.get(`${V1}/organizations/${id}`),
        api.http.patch(`${V1}/organizations/${id}`).send({}),
        api.http.get(`${V1}/organizations/${id}/users`),
        api.http.post(`${V1}/organizations/${id}/users`).send({}),
        api.http.get(`${V1}/users/${id}`),
        api.http.patch(`${V1}/users/${id}`).send({}),
      ];
      for (const call of calls) expectProblem(await call, 401, 'unauthenticated');
    });
  });

  describe('not found versus not yours', () => {
    it("should answer a member admin listing another member's users exactly like a missing organization", async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const otherOrg = await createOrganization(api.dataSource, 'member');
      await createUser(api.dataSource, otherOrg, 'member_reporter');
      const notYours = await api.http
        .get(`${V1}/organizations/${otherOrg.id}/users`)
        .set(admin.session.auth);
      const missing = await api.http
        .get(`${V1}/organizations/${randomUUID()}/users`)
        .set(admin.session.auth);
      expectProblem(notYours, 404, 'not_found');
      expectProblem(missing, 404, 'not_found');
      expect(problemShape(notYours)).toEqual(problemShape(missing));
      expect(notYours.body).not.toHaveProperty('items');
    });

    it('should answer a member admin creating a user in another organization like a missing one, and create nothing', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const otherOrg = await createOrganization(api.dataSource, 'member');
      const body = newUserBody(otherOrg, 'member_reporter');
      const notYours = await api.http
        .post(`${V1}/organizations/${otherOrg.id}/users`)
        .set(admin.session.auth)
        .send(body);
      const missing = await api.http
        .post(`${V1}/organizations/${randomUUID()}/users`)
        .set(admin.session.auth)
        .send({ ...body, email: `missing.${uniqueSuffix()}@test.example` });
      expectProblem(notYours, 404, 'not_found');
      expectProblem(missing, 404, 'not_found');
      expect(problemShape(notYours)).toEqual(problemShape(missing));
      expect(await countUsersByEmail(body.email)).toBe(0);
    });

    it("should answer GET /users/:id for another organization's user exactly like a random id", async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const otherOrg = await createOrganization(api.dataSource, 'member');
      const stranger = await createUser(api.dataSource, otherOrg, 'member_admin');
      const before = await userRow(stranger.id);
      const notYours = await api.http.get(`${V1}/users/${stranger.id}`).set(admin.session.auth);
      const missing = await api.http.get(`${V1}/users/${randomUUID()}`).set(admin.session.auth);
      expectProblem(notYours, 404, 'not_found');
      expectProblem(missing, 404, 'not_found');
      expect(problemShape(notYours)).toEqual(problemShape(missing));
      expect(JSON.stringify(notYours.body)).not.toContain(stranger.email);
      expect(await userRow(stranger.id)).toEqual(before);
    });

    it("should answer PATCH /users/:id for another organization's user exactly like a random id and change nothing", async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const otherOrg = await createOrganization(api.dataSource, 'member');
      const stranger = await createUser(api.dataSource, otherOrg, 'member_reporter');
      const strangerSession = await login(api.http, stranger.email);
      const before = await userRow(stranger.id);
      expect(before).toBeDefined();
      const change = { displayName: 'Taken Over', status: 'suspended', password: NEW_PASSWORD };
      const notYours = await api.http
        .patch(`${V1}/users/${stranger.id}`)
        .set(admin.session.auth)
        .send(change);
      const missing = await api.http
        .patch(`${V1}/users/${randomUUID()}`)
        .set(admin.session.auth)
        .send(change);
      expectProblem(notYours, 404, 'not_found');
      expectProblem(missing, 404, 'not_found');
      expect(problemShape(notYours)).toEqual(problemShape(missing));
      expect(await userRow(stranger.id)).toEqual(before);
      // No session of the stranger was ended either.
      await me(strangerSession).expect(200);
      const tokens = await api.dataSource.manager.findBy(RefreshTokenEntity, {
        userId: stranger.id,
      });
      expect(tokens.length).toBe(1);
      expect(tokens.every((t) => t.revokedAt === null)).toBe(true);
    });
  });

  describe('creating organizations', () => {
    /** Each call signs in a platform admin of its own and posts the body. */
    async function postOrganization(
      body: Record<string, unknown>,
      admin?: { session: Session },
    ): Promise<supertest.Response> {
      const caller = admin ?? (await signedInUser(api.dataSource, api.http, 'platform_admin'));
      return api.http.post(`${V1}/organizations`).set(caller.session.auth).send(body);
    }

    it('should require memberType and sharingRegistrationCurrent for a member organization', async () => {
      const legalName = `Member Bank ${uniqueSuffix()}`;
      const res = await postOrganization({ kind: 'member', legalName, country: 'GB' });
      expectInvalid(res, ['memberType', 'sharingRegistrationCurrent']);
      expect(await countOrganizationsByName(legalName)).toBe(0);
    });

    it('should refuse memberType and sharingRegistrationCurrent for a non-member organization', async () => {
      const coalition = `Coalition ${uniqueSuffix()}`;
      const res = await postOrganization({
        kind: 'coalition',
        legalName: coalition,
        country: 'GB',
        memberType: 'issuer',
        sharingRegistrationCurrent: false,
      });
      expectInvalid(res, ['memberType', 'sharingRegistrationCurrent']);
      const police = `Police ${uniqueSuffix()}`;
      const res2 = await postOrganization({
        kind: 'law_enforcement',
        legalName: police,
        country: 'GB',
        memberType: 'crypto',
      });
      expectInvalid(res2, ['memberType']);
      expect(await countOrganizationsByName(coalition)).toBe(0);
      expect(await countOrganizationsByName(police)).toBe(0);
    });

    it('should accept a lowercase country code and store it upper-case', async () => {
      const legalName = `Lowercase Country ${uniqueSuffix()}`;
      const res = await postOrganization({
        kind: 'member',
        legalName,
        country: 'gb',
        memberType: 'acquirer',
        sharingRegistrationCurrent: true,
      });
      expect(res.status).toBe(201);
      expect(res.body.country).toBe('GB');
      const row = await api.dataSource.manager.findOneByOrFail(OrganizationEntity, {
        id: res.body.id as string,
      });
      expect(row.country).toBe('GB');
      expect(row).toMatchObject({ memberType: 'acquirer', sharingRegistrationCurrent: true });
    });

    it.each(['XX', 'GBR', 'G', '', 'UK1'])(
      'should refuse the country code %j (not ISO 3166-1 alpha-2)',
      async (country) => {
        const legalName = `Bad Country ${uniqueSuffix()}`;
        const res = await postOrganization({ kind: 'coalition', legalName, country });
        expectInvalid(res, ['country']);
        expect(await countOrganizationsByName(legalName)).toBe(0);
      },
    );

    it('should refuse unknown fields with 400 naming each of them', async () => {
      const legalName = `Unknown Fields ${uniqueSuffix()}`;
      const res = await postOrganization({
        kind: 'coalition',
        legalName,
        country: 'GB',
        website: 'https://example.test',
        vetted: true,
      });
      expectInvalid(res, ['vetted', 'website']);
      expect(messagesFor(res, 'website')).toEqual(['Website is not a known field']);
      expect(await countOrganizationsByName(legalName)).toBe(0);
    });

    it('should answer 409 organization_exists for a duplicate legal name in the same country', async () => {
      const legalName = `Duplicate Bank ${uniqueSuffix()}`;
      const body = {
        kind: 'member',
        legalName,
        country: 'GB',
        memberType: 'issuer',
        sharingRegistrationCurrent: true,
      };
      expect((await postOrganization(body)).status).toBe(201);
      expectProblem(await postOrganization(body), 409, 'organization_exists');
      // The name is compared without regard to case or surrounding spaces.
      expectProblem(
        await postOrganization({ ...body, legalName: `  ${legalName.toUpperCase()} ` }),
        409,
        'organization_exists',
      );
      expect(
        await api.dataSource
          .getRepository(OrganizationEntity)
          .createQueryBuilder('o')
          .where('lower(o.legal_name) = lower(:legalName)', { legalName })
          .getCount(),
      ).toBe(1);
      // The same name in another country is another organization.
      const elsewhere = await postOrganization({ ...body, country: 'IE' });
      expect(elsewhere.status).toBe(201);
      expect(elsewhere.body.country).toBe('IE');
    });

    it('should create an organization as pending_vetting by default and audit it', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
      const legalName = `Vetting Police ${uniqueSuffix()}`;
      const res = await postOrganization(
        { kind: 'law_enforcement', legalName, country: 'NL' },
        admin,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'law_enforcement',
        legalName,
        country: 'NL',
        status: 'pending_vetting',
        memberType: null,
        sharingRegistrationCurrent: null,
        isDemo: false,
      });
      const id = res.body.id as string;
      const row = await api.dataSource.manager.findOneByOrFail(OrganizationEntity, { id });
      expect(row.status).toBe('pending_vetting');
      const audit = await api.dataSource.manager.findBy(AuditEventEntity, {
        targetId: id,
        action: 'organization.create',
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        outcome: 'success',
        targetType: 'organization',
        actorUserId: admin.user.id,
        actorOrganizationId: admin.org.id,
        actorRole: 'platform_admin',
      });
    });

    it('should refuse mass-assigned fields on create (id, createdAt, isDemo, updatedAt) and create nothing', async () => {
      const legalName = `Mass Assigned ${uniqueSuffix()}`;
      const id = randomUUID();
      const res = await postOrganization({
        kind: 'coalition',
        legalName,
        country: 'GB',
        id,
        createdAt: '2000-01-01T00:00:00.000Z',
        updatedAt: '2000-01-01T00:00:00.000Z',
        isDemo: true,
      });
      expectInvalid(res, ['createdAt', 'id', 'isDemo', 'updatedAt']);
      expect(await countOrganizationsByName(legalName)).toBe(0);
      expect(await organizationRow(id)).toBeUndefined();
    });
  });

  describe('creating users', () => {
    it('should let a member admin create a member_reporter and a member_admin in their own organization', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      for (const role of ['member_reporter', 'member_admin'] as const) {
        const body = newUserBody(admin.org, role);
        const res = await api.http
          .post(`${V1}/organizations/${admin.org.id}/users`)
          .set(admin.session.auth)
          .send(body);
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          email: body.email,
          role,
          organizationId: admin.org.id,
          status: 'active',
          mfaEnabled: false,
        });
        const row = await api.dataSource.manager.findOneByOrFail(UserEntity, {
          id: res.body.id as string,
        });
        expect(row).toMatchObject({ role, organizationId: admin.org.id, status: 'active' });
      }
    });

    it.each([
      'coordinator',
      'platform_admin',
      'le_liaison',
      'lead_coordinator',
      'auditor',
    ] as const)('should refuse a member admin creating a %s (400 naming role)', async (role) => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const body = newUserBody(admin.org, role);
      const res = await api.http
        .post(`${V1}/organizations/${admin.org.id}/users`)
        .set(admin.session.auth)
        .send(body);
      expectInvalid(res, ['role']);
      expect(await countUsersByEmail(body.email)).toBe(0);
    });

    it('should refuse the platform admin creating a coordinator in a member organization (400 role)', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
      const member = await createOrganization(api.dataSource, 'member');
      for (const role of ['coordinator', 'platform_admin', 'le_liaison'] as const) {
        const body = newUserBody(member, role);
        const res = await api.http
          .post(`${V1}/organizations/${member.id}/users`)
          .set(admin.session.auth)
          .send(body);
        expectInvalid(res, ['role']);
        expect(messagesFor(res, 'role').join(' ')).toContain('member organization');
        expect(await countUsersByEmail(body.email)).toBe(0);
      }
    });

    it('should refuse a weak password: too short, or containing the local part of the e-mail', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const url = `${V1}/organizations/${admin.org.id}/users`;
      const short = newUserBody(admin.org, 'member_reporter', { password: 'short-pw' });
      const shortRes = await api.http.post(url).set(admin.session.auth).send(short);
      expectInvalid(shortRes, ['password']);

      const local = `jordan.${uniqueSuffix()}`;
      const named = newUserBody(admin.org, 'member_reporter', {
        email: `${local}@${orgEmailDomain(admin.org)}`,
        password: `my-${local.toUpperCase()}-secret`,
      });
      const namedRes = await api.http.post(url).set(admin.session.auth).send(named);
      expectInvalid(namedRes, ['password']);
      expect(messagesFor(namedRes, 'password')).toEqual([
        'Password must not contain the account name',
      ]);
      expect(await countUsersByEmail(short.email)).toBe(0);
      expect(await countUsersByEmail(named.email)).toBe(0);
    });

    it('should answer 409 email_taken for an e-mail address already in use, whatever its case', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const existing = await createUser(api.dataSource, admin.org, 'member_reporter');
      const url = `${V1}/organizations/${admin.org.id}/users`;
      for (const email of [existing.email, existing.email.toUpperCase()]) {
        const res = await api.http
          .post(url)
          .set(admin.session.auth)
          .send(newUserBody(admin.org, 'member_reporter', { email }));
        expectProblem(res, 409, 'email_taken');
      }
      expect(await countUsersByEmail(existing.email)).toBe(1);
    });

    it('should let the new user sign in with the password the admin gave', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const body = newUserBody(admin.org, 'member_reporter', { displayName: 'Fresh Reporter' });
      const res = await api.http
        .post(`${V1}/organizations/${admin.org.id}/users`)
        .set(admin.session.auth)
        .send(body);
      expect(res.status).toBe(201);
      const session = await login(api.http, body.email, body.password);
      const profile = await me(session).expect(200);
      expect(profile.body).toMatchObject({
        id: res.body.id as string,
        role: 'member_reporter',
        organization: { id: admin.org.id },
      });
    });

    it('should refuse mass-assigned fields on create (id, organizationId, status, passwordHash, mfaEnabled, createdAt) and create nothing', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const otherOrg = await createOrganization(api.dataSource, 'member');
      const id = randomUUID();
      const body = newUserBody(admin.org, 'member_reporter', {
        id,
        organizationId: otherOrg.id,
        status: 'suspended',
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB',
        mfaEnabled: true,
        createdAt: '2000-01-01T00:00:00.000Z',
      });
      const res = await api.http
        .post(`${V1}/organizations/${admin.org.id}/users`)
        .set(admin.session.auth)
        .send(body);
      expectInvalid(res, [
        'createdAt',
        'id',
        'mfaEnabled',
        'organizationId',
        'passwordHash',
        'status',
      ]);
      for (const field of fieldsOf(res)) {
        expect(messagesFor(res, field)).toEqual([expect.stringMatching(/ is not a known field$/)]);
      }
      expect(await countUsersByEmail(body.email)).toBe(0);
      expect(await userRow(id)).toBeUndefined();
    });

    it('should refuse a missing or malformed body field by field', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const res = await api.http
        .post(`${V1}/organizations/${admin.org.id}/users`)
        .set(admin.session.auth)
        .send({ email: 'not-an-email', role: 'superuser', displayName: '' });
      expectInvalid(res, ['displayName', 'email', 'password', 'role']);
      expect(messagesFor(res, 'password')).toEqual(['Password is required']);
    });
  });

  describe('updating users', () => {
    it('should end every session of a suspended user at once', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const reporter = await createUser(api.dataSource, admin.org, 'member_reporter');
      const laptop = await login(api.http, reporter.email);
      const phone = await login(api.http, reporter.email);
      await me(laptop).expect(200);
      const res = await api.http
        .patch(`${V1}/users/${reporter.id}`)
        .set(admin.session.auth)
        .send({ status: 'suspended' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('suspended');
      expectProblem(await me(laptop), 401, 'unauthenticated');
      expectProblem(await me(phone), 401, 'unauthenticated');
      expect((await refresh(laptop)).status).toBe(401);
      expect((await refresh(phone)).status).toBe(401);
      expectProblem(await attemptLogin(reporter.email, TEST_PASSWORD), 401, 'account_inactive');
      const tokens = await api.dataSource.manager.findBy(RefreshTokenEntity, {
        userId: reporter.id,
      });
      expect(tokens.length).toBe(2);
      expect(tokens.every((t) => t.revokedAt !== null)).toBe(true);
      // The admin's own session is untouched.
      await me(admin.session).expect(200);
    });

    it('should refuse a member admin suspending themself or changing their own role', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const before = await userRow(admin.user.id);
      const suspend = await api.http
        .patch(`${V1}/users/${admin.user.id}`)
        .set(admin.session.auth)
        .send({ status: 'suspended' });
      expectInvalid(suspend, ['status']);
      const demote = await api.http
        .patch(`${V1}/users/${admin.user.id}`)
        .set(admin.session.auth)
        .send({ role: 'member_reporter' });
      expectInvalid(demote, ['role']);
      expect(await userRow(admin.user.id)).toEqual(before);
      await me(admin.session).expect(200);
    });

    it('should refuse a member admin promoting a user to coordinator', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const reporter = await createUser(api.dataSource, admin.org, 'member_reporter');
      const reporterSession = await login(api.http, reporter.email);
      const before = await userRow(reporter.id);
      for (const role of ['coordinator', 'platform_admin'] as const) {
        const res = await api.http
          .patch(`${V1}/users/${reporter.id}`)
          .set(admin.session.auth)
          .send({ role });
        expectInvalid(res, ['role']);
      }
      expect(await userRow(reporter.id)).toEqual(before);
      await me(reporterSession).expect(200);
    });

    it('should let a user sign in with a password reset by an admin, and not with the old one', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const reporter = await createUser(api.dataSource, admin.org, 'member_reporter');
      const oldSession = await login(api.http, reporter.email);
      const res = await api.http
        .patch(`${V1}/users/${reporter.id}`)
        .set(admin.session.auth)
        .send({ password: NEW_PASSWORD });
      expect(res.status).toBe(200);
      expectProblem(await attemptLogin(reporter.email, TEST_PASSWORD), 401, 'invalid_credentials');
      const fresh = await login(api.http, reporter.email, NEW_PASSWORD);
      await me(fresh).expect(200);
      // The reset also ends the sessions opened with the old password.
      expectProblem(await me(oldSession), 401, 'unauthenticated');
      expect((await refresh(oldSession)).status).toBe(401);
    });

    it('should end every session of a user whose role an admin changes, access and refresh, at once', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const reporter = await createUser(api.dataSource, admin.org, 'member_reporter');
      const laptop = await login(api.http, reporter.email);
      await me(laptop).expect(200);
      const res = await api.http
        .patch(`${V1}/users/${reporter.id}`)
        .set(admin.session.auth)
        .send({ role: 'member_admin' });
      expect(res.status).toBe(200);
      expectProblem(await me(laptop), 401, 'unauthenticated');
      expect((await refresh(laptop)).status).toBe(401);
      await me(admin.session).expect(200);
    });

    it("should refuse changing one's own password through PATCH /users/:id (it needs the current one) and change nothing", async () => {
      for (const role of ['member_admin', 'platform_admin'] as const) {
        const admin = await signedInUser(api.dataSource, api.http, role);
        const other = await login(api.http, admin.user.email);
        const before = await userRow(admin.user.id);
        const res = await api.http
          .patch(`${V1}/users/${admin.user.id}`)
          .set(admin.session.auth)
          .send({ password: NEW_PASSWORD });
        expectInvalid(res, ['password']);
        expect(JSON.stringify(res.body)).not.toContain(NEW_PASSWORD);
        expect(await userRow(admin.user.id)).toEqual(before);
        expectProblem(
          await attemptLogin(admin.user.email, NEW_PASSWORD),
          401,
          'invalid_credentials',
        );
        await me(other).expect(200);
      }
    });

    it('should refuse a common leaked password as a reset, an initial password or a new own password, without echoing it', async () => {
      const leaked = 'Qwerty123456';
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const reporter = await createUser(api.dataSource, admin.org, 'member_reporter');
      const reset = await api.http
        .patch(`${V1}/users/${reporter.id}`)
        .set(admin.session.auth)
        .send({ password: leaked });
      expectInvalid(reset, ['password']);
      expect(JSON.stringify(reset.body)).not.toContain(leaked);
      await login(api.http, reporter.email, TEST_PASSWORD);

      const body = newUserBody(admin.org, 'member_reporter', { password: leaked });
      const created = await api.http
        .post(`${V1}/organizations/${admin.org.id}/users`)
        .set(admin.session.auth)
        .send(body);
      expectInvalid(created, ['password']);
      expect(await countUsersByEmail(body.email)).toBe(0);

      const own = await api.http
        .post(`${V1}/auth/password`)
        .set(admin.session.auth)
        .send({ currentPassword: TEST_PASSWORD, newPassword: leaked });
      expectInvalid(own, ['newPassword']);
      expect(JSON.stringify(own.body)).not.toContain(leaked);
      await login(api.http, admin.user.email, TEST_PASSWORD);
    });

    it('should refuse a weak reset password (400 password) and keep the old one', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
      const member = await createOrganization(api.dataSource, 'member');
      const reporter = await createUser(api.dataSource, member, 'member_reporter');
      const local = reporter.email.split('@')[0];
      for (const password of ['short-pw', `xx-${local}-xx`]) {
        const res = await api.http
          .patch(`${V1}/users/${reporter.id}`)
          .set(admin.session.auth)
          .send({ password });
        expectInvalid(res, ['password']);
      }
      await login(api.http, reporter.email, TEST_PASSWORD);
    });

    it('should refuse mass-assigned fields on update (organizationId, passwordHash, mfaEnabled, email, id, createdAt) and change nothing', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const reporter = await createUser(api.dataSource, admin.org, 'member_reporter');
      const otherOrg = await createOrganization(api.dataSource, 'member');
      const before = await userRow(reporter.id);
      const res = await api.http
        .patch(`${V1}/users/${reporter.id}`)
        .set(admin.session.auth)
        .send({
          displayName: 'Moved Away',
          organizationId: otherOrg.id,
          passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB',
          mfaEnabled: true,
          email: `hijack.${uniqueSuffix()}@test.example`,
          id: randomUUID(),
          createdAt: '2000-01-01T00:00:00.000Z',
        });
      expectInvalid(res, [
        'createdAt',
        'email',
        'id',
        'mfaEnabled',
        'organizationId',
        'passwordHash',
      ]);
      expect(await userRow(reporter.id)).toEqual(before);
    });

    it.each([
      ['displayName', null],
      ['displayName', ''],
      ['status', null],
      ['status', 'deleted'],
      ['role', null],
      ['role', 'superuser'],
      ['password', null],
      ['password', 42],
    ])(
      'should refuse %s = %j on PATCH /users/:id with 400 naming it and change nothing',
      async (field, value) => {
        const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
        const member = await createOrganization(api.dataSource, 'member');
        const reporter = await createUser(api.dataSource, member, 'member_reporter');
        const before = await userRow(reporter.id);
        const res = await api.http
          .patch(`${V1}/users/${reporter.id}`)
          .set(admin.session.auth)
          .send({ [field]: value });
        expectInvalid(res, [field]);
        expect(await userRow(reporter.id)).toEqual(before);
      },
    );
  });

  describe('updating organizations', () => {
    it("should end every session of a suspended organization's users and keep them out", async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
      const member = await createOrganization(api.dataSource, 'member');
      const memberAdmin = await createUser(api.dataSource, member, 'member_admin');
      const reporter = await createUser(api.dataSource, member, 'member_reporter');
      const sessions = [
        await login(api.http, memberAdmin.email),
        await login(api.http, reporter.email),
      ];
      const bystander = await signedInUser(api.dataSource, api.http, 'member_reporter');
      for (const s of sessions) await me(s).expect(200);

      const res = await api.http
        .patch(`${V1}/organizations/${member.id}`)
        .set(admin.session.auth)
        .send({ status: 'suspended' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('suspended');

      for (const s of sessions) {
        expectProblem(await me(s), 401, 'unauthenticated');
        expect((await refresh(s)).status).toBe(401);
      }
      for (const u of [memberAdmin, reporter]) {
        expectProblem(await attemptLogin(u.email, TEST_PASSWORD), 401, 'account_inactive');
      }
      // The sessions are revoked, not merely unusable while the organization is suspended.
      const tokens = await api.dataSource.manager.find(RefreshTokenEntity, {
        where: [{ userId: memberAdmin.id }, { userId: reporter.id }],
      });
      expect(tokens.length).toBe(2);
      expect(tokens.every((t) => t.revokedAt !== null)).toBe(true);
      // Other organizations are not affected.
      await me(bystander.session).expect(200);
    });

    it('should refuse the platform admin suspending their own organization', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
      const before = await organizationRow(admin.org.id);
      for (const status of ['suspended', 'pending_vetting']) {
        const res = await api.http
          .patch(`${V1}/organizations/${admin.org.id}`)
          .set(admin.session.auth)
          .send({ status });
        expectInvalid(res, ['status']);
      }
      expect(await organizationRow(admin.org.id)).toEqual(before);
      await me(admin.session).expect(200);
    });

    it('should refuse mass-assigned fields on update (kind, id, isDemo, createdAt) and change nothing', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
      const member = await createOrganization(api.dataSource, 'member');
      const before = await organizationRow(member.id);
      const res = await api.http
        .patch(`${V1}/organizations/${member.id}`)
        .set(admin.session.auth)
        .send({
          legalName: `Renamed ${uniqueSuffix()}`,
          kind: 'coalition',
          id: randomUUID(),
          isDemo: true,
          createdAt: '2000-01-01T00:00:00.000Z',
        });
      expectInvalid(res, ['createdAt', 'id', 'isDemo', 'kind']);
      expect(await organizationRow(member.id)).toEqual(before);
    });

    it.each([
      ['legalName', null],
      ['legalName', ''],
      ['country', null],
      ['country', 'GBR'],
      ['status', null],
      ['status', 'closed'],
      ['memberType', 'bank'],
      ['memberType', null],
      ['sharingRegistrationCurrent', null],
      ['sharingRegistrationCurrent', 'yes'],
    ])(
      'should refuse %s = %j on PATCH /organizations/:id of a member with 400 naming it and change nothing',
      async (field, value) => {
        const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
        const member = await createOrganization(api.dataSource, 'member');
        const before = await organizationRow(member.id);
        const res = await api.http
          .patch(`${V1}/organizations/${member.id}`)
          .set(admin.session.auth)
          .send({ [field]: value });
        expectInvalid(res, [field]);
        expect(await organizationRow(member.id)).toEqual(before);
      },
    );
  });

  describe('pagination', () => {
    type Page = { items: { id: string }[]; nextCursor: string | null };

    /** Follow nextCursor until null; the page sizes and every id in order. */
    async function walk(
      session: Session,
      path: string,
      maxPages = 1000,
    ): Promise<{ ids: string[]; sizes: number[] }> {
      const ids: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const url: string = cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path;
        const res = await api.http.get(url).set(session.auth);
        expect(res.status).toBe(200);
        const page = res.body as Page;
        ids.push(...page.items.map((i) => i.id));
        sizes.push(page.items.length);
        cursor = page.nextCursor;
        if (sizes.length > maxPages) throw new Error(`more than ${maxPages} pages at ${path}`);
      } while (cursor !== null);
      return { ids, sizes };
    }

    it('should page through the users of an organization in creation order without duplicates', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
      const member = await createOrganization(api.dataSource, 'member');
      const created: string[] = [];
      for (let i = 0; i < 5; i++) {
        created.push((await createUser(api.dataSource, member, 'member_reporter')).id);
      }
      const { ids, sizes } = await walk(
        admin.session,
        `${V1}/organizations/${member.id}/users?limit=2`,
        10,
      );
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(created);
      expect(sizes).toEqual([2, 2, 1]);
    });

    it("should page through a member admin's own organization the same way", async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const created = [admin.user.id];
      for (let i = 0; i < 4; i++) {
        created.push((await createUser(api.dataSource, admin.org, 'member_reporter')).id);
      }
      const { ids, sizes } = await walk(
        admin.session,
        `${V1}/organizations/${admin.org.id}/users?limit=2`,
        10,
      );
      expect(ids).toEqual(created);
      expect(sizes).toEqual([2, 2, 1]);
    });

    it('should page through organizations (filtered) without duplicates or gaps', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
      const created: string[] = [];
      for (let i = 0; i < 5; i++) {
        created.push(
          (await createOrganization(api.dataSource, 'law_enforcement', { status: 'suspended' })).id,
        );
      }
      const { ids } = await walk(
        admin.session,
        `${V1}/organizations?kind=law_enforcement&status=suspended&limit=2`,
      );
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => created.includes(id))).toEqual(created);
      const rows = await api.dataSource.manager.findBy(OrganizationEntity, {
        kind: 'law_enforcement',
        status: 'suspended',
      });
      // Every listed organization fits the filter.
      const fitting = new Set(rows.map((r) => r.id));
      expect(ids.every((id) => fitting.has(id))).toBe(true);
    });

    /** Well-formed base64url JSON the API never issued, to reach past the cursor's envelope. */
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const GARBAGE_CURSORS: [string, string][] = [
      ['not base64url', '!!!'],
      ['not JSON', 'bm90LWpzb24'],
      ['an empty array', 'W10'],
      ['too long', 'x'.repeat(600)],
      ['two words', forged(['yesterday', 'nobody'])],
      ['a bad id', forged(['2025-01-01T00:00:00.000Z', 'not-a-uuid'])],
      ['a bad date', forged(['2025-13-45T99:99:99.000Z', randomUUID()])],
    ];

    it.each(GARBAGE_CURSORS)(
      'should refuse a garbage cursor (%s) on users and organizations with 400 naming cursor',
      async (_what, cursor) => {
        const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
        const users = await api.http
          .get(`${V1}/organizations/${admin.org.id}/users`)
          .query({ cursor })
          .set(admin.session.auth);
        expectInvalid(users, ['cursor']);
        const orgs = await api.http
          .get(`${V1}/organizations`)
          .query({ cursor })
          .set(admin.session.auth);
        expectInvalid(orgs, ['cursor']);
      },
    );

    it.each(['0', '500', '-1', '2.5', 'ten'])(
      'should refuse limit=%s with 400 naming limit',
      async (limit) => {
        const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
        const users = await api.http
          .get(`${V1}/organizations/${admin.org.id}/users`)
          .query({ limit })
          .set(admin.session.auth);
        expectInvalid(users, ['limit']);
        const orgs = await api.http
          .get(`${V1}/organizations`)
          .query({ limit })
          .set(admin.session.auth);
        expectInvalid(orgs, ['limit']);
      },
    );
  });

  describe('malformed ids', () => {
    it('should answer 400 naming the id parameter for an id that is not a UUID', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
      const calls: supertest.Test[] = [
        api.http.get(`${V1}/users/not-a-uuid`),
        api.http.patch(`${V1}/users/not-a-uuid`).send({ displayName: 'X' }),
        api.http.get(`${V1}/organizations/123`),
        api.http.patch(`${V1}/organizations/123`).send({ legalName: 'X' }),
        api.http.get(`${V1}/organizations/not-a-uuid/users`),
        api.http
          .post(`${V1}/organizations/not-a-uuid/users`)
          .send(newUserBody({ id: randomUUID() }, 'auditor')),
      ];
      for (const call of calls) {
        const res = await call.set(admin.session.auth);
        expectInvalid(res, ['id']);
      }
    });
  });
});
