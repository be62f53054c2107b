import { listRoutes } from '@app/auth';
import { AlertEntity, InfoRequestEntity } from '@app/persistence';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type supertest from 'supertest';
import {
  createAgency,
  createCase,
  createDispatch,
  createFiler,
  createLiaison,
} from '../support/case-fixtures';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  TEST_PASSWORD,
  type Session,
} from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Property-based fuzzing of the write endpoints with random and adversarial
 * bodies. Two properties for every route:
 *   1. never a 5xx: every answer is 2xx or 4xx, and every 4xx is
 *      application/problem+json with a `code`;
 *   2. never a changed row on a 4xx: what the request could have changed is
 *      read before and after, and must be identical when it was refused.
 * A 2xx is fine (a random body may be valid). The seed is not fixed: on a
 * failure fast-check prints it (and the shrunk input) so the run can be replayed.
 */

const V1 = '/api/v1';
const PROPERTY_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------
// JSON text built by hand
// ---------------------------------------------------------------------------

/**
 * JSON text spliced verbatim into a request body: what JSON.stringify cannot
 * produce (a `__proto__` key, `-0`, `1e999`, a lone surrogate escape written by
 * hand) or what would be slow to build as a value (nesting thousands deep).
 */
class RawJson {
  constructor(readonly text: string) {}

  [fc.toStringMethod](): string {
    const shown = this.text.length > 160 ? `${this.text.slice(0, 160)}…` : this.text;
    return `raw(${JSON.stringify(shown)}, ${this.text.length} chars)`;
  }
}

const raw = (text: string): RawJson => new RawJson(text);

/** A body and how it was made: what fast-check prints for a counterexample. */
class Case {
  constructor(
    readonly body: unknown,
    readonly how: string,
  ) {}

  [fc.toStringMethod](): string {
    return this.how;
  }
}

function show(value: unknown, max = 200): string {
  const text = fc.stringify(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/**
 * Serialise a body to JSON text. RawJson is spliced in as it is; every own
 * enumerable key is written, so a `__proto__` key defined as an own property
 * survives. Strings go through JSON.stringify, which writes lone surrogates as
 * `\udXXX` escapes (well-formed JSON.stringify) and NUL as `\u0000`.
 */
function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => (item === undefined ? 'null' : toJsonText(item))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) parts.push(`${JSON.stringify(key)}:${toJsonText(item)}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'null';
}

/** `{"a":{"a":…1…}}`, `[[…1…]]` or both alternating, `depth` levels deep. */
function nested(depth: number, shape: 'object' | 'array' | 'mixed'): RawJson {
  let open = '';
  let close = '';
  for (let level = 0; level < depth; level += 1) {
    const object = shape === 'object' || (shape === 'mixed' && level % 2 === 0);
    open += object ? '{"a":' : '[';
    close = (object ? '}' : ']') + close;
  }
  return raw(`${open}1${close}`);
}

// ---------------------------------------------------------------------------
// Adversarial values
// ---------------------------------------------------------------------------

const SQL_FRAGMENTS = [
  "'; DROP TABLE referrals; --",
  '1 OR 1=1',
  "' OR '1'='1",
  "1'; SELECT pg_sleep(5); --",
  "'||(SELECT password_hash FROM users LIMIT 1)||'",
  '$1',
  '%_\\',
];
const SCRIPT_FRAGMENTS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '${7*7}',
];
/** NUL, lone surrogates (written by JSON.stringify as \udXXX escapes), BOM, bidi overrides. */
const UNICODE_FRAGMENTS = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'a\uDC00b',
  '\uDBFF\uDBFF',
  '\uFEFF',
  '\u202E',
  '\u200B',
  '\uFFFF',
  '\r\n',
  '😀',
];
const STRING_FRAGMENTS = [...SQL_FRAGMENTS, ...SCRIPT_FRAGMENTS, ...UNICODE_FRAGMENTS];

/** Values as raw JSON text, so they arrive exactly so. */
const RAW_VALUES = [
  '"\\uD800"',
  '"x\\uDFFFy"',
  '"\\uDC00\\uD800"',
  '"\\u0000"',
  '"a\\u0000b"',
  '1e308',
  '-1e308',
  '1e999',
  '-0',
  '-0.0',
  '1E-400',
  '123456789012345678901234567890',
  '0.1e1',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"prototype":{"polluted":1}}',
  '[{"__proto__":{"polluted":1}}]',
  '{"__proto__":null}',
];

const NUMBERISH = [
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e308',
  '0x10',
  '1_000',
  '1,000.00',
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -1,
  0,
  0.001,
  2 ** 31,
];

const ANYTHING = { maxDepth: 3, maxKeys: 6, stringUnit: 'binary' } as const;

const hugeString = fc
  .tuple(
    fc.integer({ min: 1_000, max: 100_000 }),
    fc.constantFrom('a', '9', ' ', 'é', '😀', '<', "'", '\u0000', '4'),
  )
  .map(([length, unit]) => unit.repeat(length));

const deepNesting = fc
  .tuple(fc.integer({ min: 50, max: 3_000 }), fc.constantFrom('object', 'array', 'mixed'))
  .map(([depth, shape]) => nested(depth, shape));

const longArray = fc
  .tuple(
    fc.integer({ min: 1_000, max: 5_000 }),
    fc.constantFrom<unknown>(
      'a',
      1,
      null,
      {},
      [],
      'descriptor_mismatch',
      { type: 'url', value: 'https://shop.example/x' },
      { date: '2026-10-02', amount: '1.00', currency: 'GBP', rail: 'card', direction: 'outbound' },
    ),
  )
  .map(([length, item]) => Array.from({ length }, () => item));

const adversarialValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.anything(ANYTHING) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(null, true, false, 0, '', ' ', [], {}, [null], [[]]),
  },
  { weight: 2, arbitrary: hugeString },
  { weight: 2, arbitrary: deepNesting },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_VALUES).map(raw) },
  { weight: 2, arbitrary: fc.constantFrom(...STRING_FRAGMENTS) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(...NUMBERISH) },
  { weight: 1, arbitrary: longArray },
);

/** Keys that must never be assigned: prototype keys and server-owned fields. */
const ADVERSARIAL_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '',
  ' ',
  'id',
  'status',
  'createdBy',
  'organizationId',
  'caseId',
  'version',
  'reference',
  'submittedAt',
  'passwordHash',
  'isDemo',
];

// ---------------------------------------------------------------------------
// One mutation of a valid body at a random path
// ---------------------------------------------------------------------------

type Path = readonly (string | number)[];

type Mutation =
  | { kind: 'replace'; path: Path; value: unknown }
  | { kind: 'splice'; path: Path; fragment: string; at: 'start' | 'end' | 'middle' }
  | { kind: 'addKey'; path: Path; key: string; value: unknown }
  | { kind: 'remove'; path: Path };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof RawJson)
  );
}

/** Every path of a value, containers included (the root is []). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => out.push(...pathsOf(item, [...prefix, index])));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
  }
  return out;
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

function defineOwn(target: object, key: string | number, value: unknown): void {
  // defineProperty, so that a `__proto__` key becomes an own key and not the prototype.
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** The container at `path`, created (as an object) where missing. */
function containerAt(root: Record<string, unknown>, path: Path): object {
  let node: object = root;
  for (const step of path) {
    const next = (node as Record<string | number, unknown>)[step];
    if (next !== null && typeof next === 'object' && !(next instanceof RawJson)) {
      node = next;
    } else {
      const created = {};
      defineOwn(node, step, created);
      node = created;
    }
  }
  return node;
}

function splice(original: string, fragment: string, at: 'start' | 'end' | 'middle'): string {
  if (at === 'start') return fragment + original;
  if (at === 'end') return original + fragment;
  const middle = Math.floor(original.length / 2);
  return original.slice(0, middle) + fragment + original.slice(middle);
}

/** A deep copy of `base` with the mutation applied (the base itself is left alone). */
function applyMutation(base: Record<string, unknown>, mutation: Mutation): unknown {
  const body = structuredClone(base);
  const { path } = mutation;
  if (path.length === 0) {
    if (mutation.kind === 'replace') return mutation.value;
    if (mutation.kind === 'remove') return undefined;
  }
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  switch (mutation.kind) {
    case 'replace':
      defineOwn(containerAt(body, parentPath), last, mutation.value);
      return body;
    case 'splice': {
      const current = valueAt(body, path);
      const text = typeof current === 'string' ? current : '';
      defineOwn(containerAt(body, parentPath), last, splice(text, mutation.fragment, mutation.at));
      return body;
    }
    case 'addKey':
      defineOwn(containerAt(body, path), mutation.key, mutation.value);
      return body;
    case 'remove': {
      const parent = containerAt(body, parentPath);
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
      else delete (parent as Record<string | number, unknown>)[last];
      return body;
    }
  }
}

function describeMutation(m: Mutation): string {
  const at = m.path.length === 0 ? 'the body' : m.path.join('.');
  switch (m.kind) {
    case 'replace':
      return `valid body, ${at} replaced by ${show(m.value)}`;
    case 'splice':
      return `valid body, ${show(m.fragment)} spliced in at the ${m.at} of ${at}`;
    case 'addKey':
      return `valid body, key ${show(m.key)} added to ${at} with ${show(m.value)}`;
    case 'remove':
      return `valid body without ${at}`;
  }
}

/**
 * A valid body from `base` with one field replaced, spliced, removed, or one
 * key added. `template` is one value of `base`, to learn its paths;
 * `optionalPaths` are fields the template leaves out.
 */
function mutatedBodies(
  base: fc.Arbitrary<Record<string, unknown>>,
  template: Record<string, unknown>,
  optionalPaths: Path[] = [],
): fc.Arbitrary<Case> {
  const paths = [...pathsOf(template), ...optionalPaths];
  const stringPaths = paths.filter((p) => typeof valueAt(template, p) === 'string');
  const objectPaths = paths.filter((p) => isPlainObject(valueAt(template, p)));
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('replace' as const),
        path: fc.constantFrom(...paths),
        value: adversarialValue,
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('splice' as const),
        path: fc.constantFrom(...(stringPaths.length > 0 ? stringPaths : paths)),
        fragment: fc.oneof(fc.constantFrom(...STRING_FRAGMENTS), fc.string({ unit: 'binary' })),
        at: fc.constantFrom('start' as const, 'end' as const, 'middle' as const),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('addKey' as const),
        path: fc.constantFrom(...objectPaths),
        key: fc.oneof(fc.constantFrom(...ADVERSARIAL_KEYS), fc.string({ unit: 'binary' })),
        value: adversarialValue,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('remove' as const),
        path: fc.constantFrom(...paths),
      }),
    },
  );
  return fc
    .tuple(base, mutation)
    .map(([body, m]) => new Case(applyMutation(body, m), describeMutation(m)));
}

/** Whole bodies that are not built from a valid one. */
const MALFORMED_JSON = [
  '',
  ' ',
  '{',
  '[',
  '{"a":1,}',
  "{'a':1}",
  'nul',
  '{}{}',
  '"\\uD800"',
  '\u0000',
  '{"a":"\\u0000"}',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"__proto__":{"polluted":1},"__proto__":{"polluted":2}}',
  '[{"__proto__":{"polluted":1}}]',
];

/** fc.anything() and fc.jsonValue() as whole bodies, hand-written JSON, deep nesting. */
function wildBodies(base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Case> {
  const wild: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 2, arbitrary: fc.anything(ANYTHING) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_JSON).map(raw) },
    { weight: 1, arbitrary: deepNesting },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          base,
          fc.constantFrom(
            '"__proto__":{"polluted":1}',
            '"constructor":{"prototype":{"polluted":1}}',
            '"prototype":{"polluted":1}',
            '"__proto__":{"status":"accepted","role":"platform_admin"}',
          ),
        )
        // A valid body with a prototype key in front, written by hand.
        .map(([body, entry]) => raw(`{${entry},${toJsonText(body).slice(1)}`)),
    },
  );
  return wild.map((body) => new Case(body, `whole body ${show(body)}`));
}

function adversarialBodies(
  base: fc.Arbitrary<Record<string, unknown>>,
  template: Record<string, unknown>,
  optionalPaths: Path[] = [],
): fc.Arbitrary<Case> {
  return fc.oneof(
    { weight: 3, arbitrary: mutatedBodies(base, template, optionalPaths) },
    { weight: 1, arbitrary: wildBodies(base) },
  );
}

// ---------------------------------------------------------------------------
// Idempotency-Key headers and path ids
// ---------------------------------------------------------------------------

/** Characters Node's HTTP client lets through in a header value (others it refuses itself). */
const headerChar = fc.oneof(
  fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom(' ', '\t'),
);

const idempotencyKeys: fc.Arbitrary<string | undefined> = fc.option(
  fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/),
    fc.string({ unit: headerChar, maxLength: 200 }),
    fc.integer({ min: 129, max: 10_000 }).map((n) => 'k'.repeat(n)),
    fc.constant('x'.repeat(10_000)),
    fc.constantFrom(...SQL_FRAGMENTS, ...SCRIPT_FRAGMENTS, '', ' ', 'ÿÿÿ'),
  ),
  { nil: undefined, freq: 3 },
);

const adversarialIds: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.integer({ min: 101, max: 1_000 }).map((n) => 'a'.repeat(n)),
  fc.constantFrom(
    ...SQL_FRAGMENTS,
    ...SCRIPT_FRAGMENTS,
    '..',
    '%00',
    '\u0000',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    "00000000-0000-0000-0000-000000000000' OR '1'='1",
  ),
);

// ---------------------------------------------------------------------------
// Checking an answer
// ---------------------------------------------------------------------------

/** A Case, or a bare value to send as JSON (undefined: no body). */
type Body = unknown;

function shorten(text: string, max = 600): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

function bodyText(body: Body): string | undefined {
  const value = body instanceof Case ? body.body : body;
  return value === undefined ? undefined : toJsonText(value);
}

/** Send `body` as JSON text (nothing when undefined), with an Idempotency-Key when given. */
function withBody(req: supertest.Test, body: Body, key?: string): supertest.Test {
  const withKey = key === undefined ? req : req.set('Idempotency-Key', key);
  const text = bodyText(body);
  return text === undefined ? withKey : withKey.set('Content-Type', 'application/json').send(text);
}

function describeRequest(route: string, body: Body, key?: string): string {
  const text = bodyText(body);
  const keyText = key === undefined ? '' : ` Idempotency-Key=${shorten(JSON.stringify(key), 120)}`;
  const how = body instanceof Case ? `\n  input: ${body.how}` : '';
  return `${route}${keyText}${how}\n  body: ${text === undefined ? '(none)' : shorten(text)}`;
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

function expectNoPrototypePollution(): void {
  const fresh = {} as Record<string, unknown>;
  if (
    fresh.polluted !== undefined ||
    Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== PROTOTYPE_KEYS
  ) {
    throw new Error('Object.prototype was polluted');
  }
}

/**
 * Send the request and check both properties: the answer is 2xx, or a 4xx
 * problem document with a code; after a 4xx, `snapshot` reads the same as before.
 */
async function probe(
  request: string,
  send: () => supertest.Test,
  snapshot: () => Promise<string>,
): Promise<supertest.Response> {
  const before = await snapshot();
  const res = await send();
  const { status } = res;
  const answer = `${status} ${shorten(res.text ?? '', 400)}`;
  if (!((status >= 200 && status < 300) || (status >= 400 && status < 500))) {
    throw new Error(`${request}\n  answered ${answer}`);
  }
  if (status >= 400) {
    const contentType = String(res.headers['content-type'] ?? '');
    const code = (res.body as { code?: unknown } | undefined)?.code;
    if (!contentType.startsWith('application/problem+json') || typeof code !== 'string' || !code) {
      throw new Error(
        `${request}\n  answered a 4xx that is not a problem with a code: ${contentType} ${answer}`,
      );
    }
    const after = await snapshot();
    if (after !== before) {
      throw new Error(
        `${request}\n  answered ${answer}\n  but changed stored rows:\n  before ${shorten(before, 1500)}\n  after  ${shorten(after, 1500)}`,
      );
    }
  }
  expectNoPrototypePollution();
  return res;
}

// ---------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------

const suffixes = fc.stringMatching(/^[a-z0-9]{8}$/);

const REFERRAL_TEMPLATE = referralBody({ domain: 'shop-template.example' });
/** Referral fields (and nested ones) that referralBody() leaves out. */
const REFERRAL_OPTIONAL_PATHS: Path[] = [
  ['escalationReason'],
  ['merchant', 'registrationNumber'],
  ['merchant', 'acquirer', 'ica'],
  ['merchant', 'merchantIds', 0],
  ['merchant', 'merchantIds', 0, 'mid'],
  ['merchant', 'emails', 0],
  ['merchant', 'phones', 0],
  ['merchant', 'tradingNames', 0],
  ['merchant', 'principals', 0, 'dateOfBirth'],
  ['observables', 0, 'seenAt'],
  ['observables', 0, 'algorithm'],
  ['observables', 0, 'event'],
  ['transactions', 0, 'counterparty'],
];
const referralBases = suffixes.map((s) => referralBody({ domain: `shop-${s}.example` }));
const referralBodies = adversarialBodies(referralBases, REFERRAL_TEMPLATE, REFERRAL_OPTIONAL_PATHS);

describe('Fuzzing the write endpoints (e2e)', () => {
  let api: TestApi;

  // A database of its own: "nothing changed" is checked over whole tables, which
  // specs running alongside would otherwise be writing to.
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    // A queue prefix of its own, with no worker: a submitted referral stays as it is.
    api = await startTestApi({
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-fuzz`,
      // Rate limits have their own spec; here they would only turn bodies into 429s.
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
      RATE_LIMIT_REFRESH_PER_MINUTE: '100000',
      RATE_LIMIT_FILING_PER_MINUTE: '100000',
      RATE_LIMIT_API_KEY_PER_MINUTE: '100000',
    });
  });
  afterAll(async () => {
    await api?.close();
    await scratch?.drop();
  });

  const count = async (sql: string, params: unknown[]): Promise<number> => {
    const rows: { n: number }[] = await api.dataSource.query(sql, params);
    return rows[0].n;
  };
  const rowsOf = async (sql: string, params: unknown[]): Promise<unknown[]> =>
    api.dataSource.query(sql, params);

  // Refusals are audited by design (outcome denied or failure); what a 4xx must not
  // leave behind is a successful action.
  const auditCount = (userId: string) =>
    count(
      `SELECT count(*)::int AS n FROM audit_events WHERE actor_user_id = $1 AND outcome = 'success'`,
      [userId],
    );
  const referralRow = (id: string) =>
    rowsOf('SELECT to_jsonb(r) AS row FROM referrals r WHERE r.id = $1', [id]);
  const userRows = (organizationId: string) =>
    rowsOf(`SELECT to_jsonb(u) AS row FROM users u WHERE u.organization_id = $1 ORDER BY u.id`, [
      organizationId,
    ]);
  const userRow = (id: string) =>
    rowsOf('SELECT to_jsonb(u) AS row FROM users u WHERE u.id = $1', [id]);
  const tokenRows = (userId: string) =>
    rowsOf(
      `SELECT id, family_id, used_at, revoked_at, revoked_reason FROM refresh_tokens
        WHERE user_id = $1 ORDER BY id`,
      [userId],
    );
  const organizationRow = (id: string) =>
    rowsOf('SELECT to_jsonb(o) AS row FROM organizations o WHERE o.id = $1', [id]);

  describe('referrals', () => {
    it(
      'should never answer 5xx or change a row for random bodies on POST /referrals',
      async () => {
        const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
        const snapshot = async () =>
          JSON.stringify([
            await count('SELECT count(*)::int AS n FROM referrals WHERE created_by = $1', [
              user.id,
            ]),
            await count('SELECT count(*)::int AS n FROM idempotency_records WHERE user_id = $1', [
              user.id,
            ]),
            await auditCount(user.id),
          ]);
        await fc.assert(
          fc.asyncProperty(referralBodies, idempotencyKeys, async (body, key) => {
            await probe(
              describeRequest('POST /referrals', body, key),
              () => withBody(api.http.post(`${V1}/referrals`).set(session.auth), body, key),
              snapshot,
            );
          }),
          { numRuns: 150 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      'should never answer 5xx, nor store or audit anything, for random bodies on POST /referrals/validation',
      async () => {
        const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
        const snapshot = async () =>
          JSON.stringify([
            await count('SELECT count(*)::int AS n FROM referrals WHERE created_by = $1', [
              user.id,
            ]),
            await count('SELECT count(*)::int AS n FROM idempotency_records WHERE user_id = $1', [
              user.id,
            ]),
            await count('SELECT count(*)::int AS n FROM audit_events WHERE actor_user_id = $1', [
              user.id,
            ]),
          ]);
        await fc.assert(
          fc.asyncProperty(
            referralBodies,
            fc.constantFrom('draft', 'submit'),
            async (body, stage) => {
              const before = await snapshot();
              const url = `${V1}/referrals/validation?stage=${stage}`;
              const res = await probe(
                describeRequest(`POST ${url}`, body),
                () => withBody(api.http.post(url).set(session.auth), body),
                snapshot,
              );
              // Unlike the filing routes, even a valid body (204) leaves nothing behind.
              if ((await snapshot()) !== before) {
                throw new Error(`POST ${url} answered ${res.status} and changed stored rows`);
              }
            },
          ),
          { numRuns: 120 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      'should never answer 5xx or change a row for random bodies on PATCH /referrals/:id',
      async () => {
        const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
        const created = await api.http
          .post(`${V1}/referrals`)
          .set(session.auth)
          .send(referralBody());
        expect(created.status).toBe(201);
        const id = (created.body as { id: string }).id;
        const snapshot = async () =>
          JSON.stringify([await referralRow(id), await auditCount(user.id)]);
        await fc.assert(
          fc.asyncProperty(referralBodies, async (body) => {
            await probe(
              describeRequest(`PATCH /referrals/${id}`, body),
              () => withBody(api.http.patch(`${V1}/referrals/${id}`).set(session.auth), body),
              snapshot,
            );
          }),
          { numRuns: 120 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      'should never answer 5xx or change a row for random bodies, keys and ids on POST /referrals/:id/submit and /withdraw',
      async () => {
        const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
        type Target = 'complete_draft' | 'incomplete_draft' | 'submitted' | 'other_id';
        const prepare = async (target: Target, otherId: string): Promise<string> => {
          if (target === 'other_id') return otherId;
          const draft = await api.http
            .post(`${V1}/referrals`)
            .set(session.auth)
            .send(target === 'incomplete_draft' ? { narrative: 'Not finished.' } : referralBody());
          expect(draft.status).toBe(201);
          const id = (draft.body as { id: string }).id;
          if (target === 'submitted') {
            const submitted = await api.http.post(`${V1}/referrals/${id}/submit`).set(session.auth);
            expect(submitted.status).toBe(200);
          }
          return id;
        };
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom('submit', 'withdraw'),
            fc.constantFrom<Target>('complete_draft', 'incomplete_draft', 'submitted', 'other_id'),
            adversarialIds,
            fc.option(referralBodies, { nil: undefined }),
            idempotencyKeys,
            async (action, target, otherId, body, key) => {
              const id = await prepare(target, otherId);
              const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(
                id,
              );
              const snapshot = async () =>
                JSON.stringify([
                  isUuid ? await referralRow(id.toLowerCase()) : [],
                  isUuid
                    ? await count(
                        `SELECT count(*)::int AS n FROM outbox WHERE payload->>'referralId' = $1`,
                        [id.toLowerCase()],
                      )
                    : 0,
                  await count(
                    'SELECT count(*)::int AS n FROM idempotency_records WHERE user_id = $1',
                    [user.id],
                  ),
                  await auditCount(user.id),
                ]);
              const url = `${V1}/referrals/${encodeURIComponent(id)}/${action}`;
              await probe(
                describeRequest(`POST ${url}`, body, key),
                () => withBody(api.http.post(url).set(session.auth), body, key),
                snapshot,
              );
            },
          ),
          { numRuns: 80 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  });

  describe('organizations and users', () => {
    let admin: Session;
    let adminId: string;

    beforeAll(async () => {
      const signedIn = await signedInUser(api.dataSource, api.http, 'platform_admin');
      admin = signedIn.session;
      adminId = signedIn.user.id;
    });

    const organizationTemplate = {
      kind: 'member',
      legalName: 'Fuzz Org template',
      country: 'GB',
      status: 'active',
      memberType: 'issuer',
      sharingRegistrationCurrent: true,
    };

    it(
      'should never answer 5xx or change a row for random bodies on POST /organizations',
      async () => {
        const bodies = adversarialBodies(
          suffixes.map((s) => ({ ...organizationTemplate, legalName: `Fuzz Org ${s}` })),
          organizationTemplate,
        );
        await fc.assert(
          fc.asyncProperty(bodies, async (body) => {
            // An organization is created and audited in one transaction, so the
            // admin's audit count also covers a created organization of any name.
            const snapshot = async () =>
              JSON.stringify([
                await auditCount(adminId),
                await count(
                  `SELECT count(*)::int AS n FROM organizations WHERE legal_name LIKE 'Fuzz Org %'`,
                  [],
                ),
              ]);
            await probe(
              describeRequest('POST /organizations', body),
              () => withBody(api.http.post(`${V1}/organizations`).set(admin.auth), body),
              snapshot,
            );
          }),
          { numRuns: 80 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      'should never answer 5xx or change a row for random bodies and ids on PATCH /organizations/:id',
      async () => {
        const org = await createOrganization(api.dataSource, 'member');
        await createUser(api.dataSource, org, 'member_reporter');
        const template = {
          legalName: 'Fuzz Target template',
          country: 'GB',
          status: 'active',
          memberType: 'issuer',
          sharingRegistrationCurrent: true,
        };
        const bodies = adversarialBodies(
          suffixes.map((s) => ({ ...template, legalName: `Fuzz Target ${s}` })),
          template,
        );
        const snapshot = async () =>
          JSON.stringify([
            await organizationRow(org.id),
            await userRows(org.id),
            await rowsOf(
              `SELECT t.id, t.revoked_at FROM refresh_tokens t JOIN users u ON u.id = t.user_id
                WHERE u.organization_id = $1 ORDER BY t.id`,
              [org.id],
            ),
            await auditCount(adminId),
          ]);
        await fc.assert(
          fc.asyncProperty(
            bodies,
            fc.option(adversarialIds, { nil: undefined, freq: 4 }),
            async (body, otherId) => {
              const url = `${V1}/organizations/${encodeURIComponent(otherId ?? org.id)}`;
              await probe(
                describeRequest(`PATCH ${url}`, body),
                () => withBody(api.http.patch(url).set(admin.auth), body),
                snapshot,
              );
            },
          ),
          { numRuns: 80 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      'should never answer 5xx or change a row for random bodies on POST /organizations/:id/users',
      async () => {
        const org = await createOrganization(api.dataSource, 'member');
        const template = {
          email: 'fuzz.template@test.example',
          displayName: 'Fuzz User',
          role: 'member_reporter',
          password: 'a-fresh-long-passphrase',
        };
        const bodies = adversarialBodies(
          suffixes.map((s) => ({ ...template, email: `fuzz.${s}@test.example` })),
          template,
        );
        const snapshot = async () =>
          JSON.stringify([
            await count('SELECT count(*)::int AS n FROM users WHERE organization_id = $1', [
              org.id,
            ]),
            await auditCount(adminId),
          ]);
        await fc.assert(
          fc.asyncProperty(bodies, async (body) => {
            const url = `${V1}/organizations/${org.id}/users`;
            await probe(
              describeRequest(`POST ${url}`, body),
              () => withBody(api.http.post(url).set(admin.auth), body),
              snapshot,
            );
          }),
          { numRuns: 60 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      'should never answer 5xx or change a row for random bodies on PATCH /users/:id',
      async () => {
        const org = await createOrganization(api.dataSource, 'member');
        const target = await createUser(api.dataSource, org, 'member_reporter');
        await login(api.http, target.email);
        const template = { displayName: 'Fuzzed Name', role: 'member_admin', status: 'active' };
        const bodies = adversarialBodies(fc.constant(template), template, [['password']]);
        const snapshot = async () =>
          JSON.stringify([
            await userRow(target.id),
            await tokenRows(target.id),
            await auditCount(adminId),
          ]);
        await fc.assert(
          fc.asyncProperty(bodies, async (body) => {
            const url = `${V1}/users/${target.id}`;
            await probe(
              describeRequest(`PATCH ${url}`, body),
              () => withBody(api.http.patch(url).set(admin.auth), body),
              snapshot,
            );
          }),
          { numRuns: 60 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  });

  describe('authentication', () => {
    it(
      'should never answer 5xx or change a row for random bodies on POST /auth/login',
      async () => {
        const org = await createOrganization(api.dataSource, 'member');
        const target = await createUser(api.dataSource, org, 'member_reporter');
        const template = { email: target.email, password: TEST_PASSWORD };
        const bodies = adversarialBodies(fc.constant(template), template, [['otp']]);
        // Failed sign-ins are counted (login_throttles) and audited by design; the
        // account's own row and sessions must not change on a refusal.
        const snapshot = async () =>
          JSON.stringify([await userRow(target.id), await tokenRows(target.id)]);
        await fc.assert(
          fc.asyncProperty(bodies, async (body) => {
            await probe(
              describeRequest('POST /auth/login', body),
              () => withBody(api.http.post(`${V1}/auth/login`), body),
              snapshot,
            );
          }),
          { numRuns: 60 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      'should never answer 5xx or change a row for random bodies on POST /auth/refresh',
      async () => {
        const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
        // Bodies are built around a placeholder that is replaced by the live refresh token when
        // sent: a valid body rotates it, and the next one carries the new token. A spent token is
        // never sent, since presenting one ends the session by design (reuse detection).
        const placeholder = 'LIVE-REFRESH-TOKEN-PLACEHOLDER';
        let live = session.refreshToken;
        const template = { refreshToken: placeholder };
        const snapshot = async () => JSON.stringify(await tokenRows(user.id));
        await fc.assert(
          fc.asyncProperty(
            adversarialBodies(fc.constant(template), template),
            async (generated) => {
              const text = bodyText(generated)
                ?.split(JSON.stringify(placeholder))
                .join(JSON.stringify(live));
              const body = text === undefined ? undefined : new Case(raw(text), generated.how);
              const res = await probe(
                describeRequest('POST /auth/refresh', body),
                () => withBody(api.http.post(`${V1}/auth/refresh`), body),
                snapshot,
              );
              if (res.status === 200) live = (res.body as { refreshToken: string }).refreshToken;
            },
          ),
          { numRuns: 60 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      'should never answer 5xx or change a row for random bodies on POST /auth/password',
      async () => {
        const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
        // A second session, which a successful change ends by design.
        await login(api.http, user.email);
        let password = TEST_PASSWORD;
        const template = { currentPassword: TEST_PASSWORD, newPassword: 'fuzz-pass-template' };
        const bases = suffixes.map((s) => ({ ...template, newPassword: `fuzz-pass-${s}` }));
        const snapshot = async () =>
          JSON.stringify([await userRow(user.id), await tokenRows(user.id)]);
        await fc.assert(
          fc.asyncProperty(adversarialBodies(bases, template), async (generated) => {
            // The base carries the password as it is now.
            const text = bodyText(generated)
              ?.split(JSON.stringify(TEST_PASSWORD))
              .join(JSON.stringify(password));
            const body = text === undefined ? undefined : new Case(raw(text), generated.how);
            const res = await probe(
              describeRequest('POST /auth/password', body),
              () => withBody(api.http.post(`${V1}/auth/password`).set(session.auth), body),
              snapshot,
            );
            if (res.status === 204 && text !== undefined) {
              password = (JSON.parse(text) as { newPassword: string }).newPassword;
            }
          }),
          { numRuns: 60 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  });

  // -------------------------------------------------------------------------
  // Every other write endpoint: case work, dispatches and holds, reference
  // data, alerts, second factors, API keys and audit checkpoints. The snapshot
  // is every table these routes write (row count and an md5 of the rows).
  // -------------------------------------------------------------------------

  describe('case work, dispatches, reference data and security routes', () => {
    const WRITTEN_TABLES = [
      'referrals',
      'cases',
      'case_notes',
      'info_requests',
      'member_actions',
      'match_suggestions',
      'alerts',
      'dispatches',
      'holds',
      'sla_clocks',
      'outbox',
      'jurisdictions',
      'agencies',
      'agency_coverage',
      'organizations',
      'users',
      'refresh_tokens',
      'api_keys',
      'mfa_recovery_codes',
      'audit_checkpoints',
      'audit_checkpoint_requests',
    ];
    let tables: string[] = [];
    let snapshotSql = '';

    /** One round trip: `table:count:md5` per table, and the successful audit events. */
    const wholeSnapshot = async (): Promise<string> => {
      const rows: { t: string; n: number; d: string | null }[] =
        await api.dataSource.query(snapshotSql);
      return rows.map((r) => `${r.t}:${r.n}:${r.d ?? ''}`).join(' ');
    };

    let coordinator: Session;
    let lead: Session;
    let liaison: Session;
    let filer: Session;
    let memberAdmin: Session;
    let auditor: Session;
    let platformAdmin: Session;
    let memberAdminOrg: string;
    let caseIds: string[] = [];
    let referralIds: string[] = [];
    let agencyIds: string[] = [];
    let liaisonId = '';
    let agencyOrgIds: string[] = [];
    const dispatchIds: string[] = [];
    const holdIds: string[] = [];
    const infoRequestIds: string[] = [];
    const alertIds: string[] = [];
    const apiKeyIds: string[] = [];
    let coordinatorId: string;

    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

    beforeAll(async () => {
      const present: { name: string }[] = await api.dataSource.query(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
          WHERE s.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY($1)`,
        [WRITTEN_TABLES],
      );
      tables = WRITTEN_TABLES.filter((t) => present.some((p) => p.name === t));
      snapshotSql = [
        ...tables.map(
          (t) =>
            `SELECT '${t}' AS t, count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS d FROM ${t} x`,
        ),
        `SELECT 'audit_events(success)' AS t, count(*)::int AS n, NULL AS d FROM audit_events WHERE outcome = 'success'`,
      ].join(' UNION ALL ');

      const ds = api.dataSource;
      const coalition = await createOrganization(ds, 'coalition');
      const coordinatorUser = await createUser(ds, coalition, 'coordinator');
      coordinatorId = coordinatorUser.id;
      coordinator = await login(api.http, coordinatorUser.email);
      lead = (await signedInUser(ds, api.http, 'lead_coordinator', coalition)).session;
      auditor = (await signedInUser(ds, api.http, 'auditor', coalition)).session;
      platformAdmin = (await signedInUser(ds, api.http, 'platform_admin', coalition)).session;

      const filerFixture = await createFiler(ds);
      filer = await login(api.http, filerFixture.user.email);
      const agency = await createAgency(ds);
      const otherAgency = await createAgency(ds);
      agencyIds = [agency.agency.id, otherAgency.agency.id];
      agencyOrgIds = [agency.org.id, (await createOrganization(ds, 'law_enforcement')).id];
      const liaisonUser = await createLiaison(ds, agency);
      liaisonId = liaisonUser.id;
      liaison = await login(api.http, liaisonUser.email);

      // Cases in the states the commands start from.
      const cases = await Promise.all(
        ['triage', 'in_review', 'in_review', 'in_review', 'routed', 'closed', 'rejected'].map(
          (status) => createCase(ds, [filerFixture], { status }),
        ),
      );
      caseIds = cases.map((c) => c.caseRow.id);
      referralIds = cases.map((c) => c.referrals[0].id);
      const routed = cases[4];
      for (const status of [
        'delivered',
        'delivered',
        'acknowledged',
        'accepted',
        'declined',
        'failed',
      ] as const) {
        // One dispatch per case, agency and round: a routed case of its own for each.
        const own = status === 'delivered' ? routed : await createCase(ds, [filerFixture]);
        const taken = dispatchIds.length > 0 && status === 'delivered';
        const fixture = taken ? await createCase(ds, [filerFixture]) : own;
        dispatchIds.push((await createDispatch(ds, fixture, agency, { status })).id);
      }
      dispatchIds.push((await createDispatch(ds, routed, otherAgency)).id);
      for (const dispatchId of dispatchIds.slice(0, 2)) {
        const res = await api.http
          .post(`${V1}/dispatches/${dispatchId}/holds`)
          .set(liaison.auth)
          .send({
            scope: 'do_not_contact',
            reason: 'Fuzz hold reason.',
            documentRef: 'FUZZ/1',
            expiresAt: inDays(30),
          });
        expect(res.status).toBe(201);
        holdIds.push((res.body as { id: string }).id);
      }
      for (let i = 0; i < 3; i += 1) {
        const id = randomUUID();
        await ds.manager.insert(InfoRequestEntity, {
          id,
          caseId: routed.caseRow.id,
          referralId: routed.referrals[0].id,
          organizationId: filerFixture.org.id,
          askedBy: coordinatorId,
          question: 'Fuzz question?',
          status: 'open',
          answer: null,
          answeredBy: null,
          answeredAt: null,
        });
        infoRequestIds.push(id);
        const alertId = randomUUID();
        await ds.manager.insert(AlertEntity, {
          id: alertId,
          kind: 'sla_breach',
          caseId: routed.caseRow.id,
          dispatchId: dispatchIds[0],
          clockId: null,
          message: 'Fuzz alert.',
          dedupeKey: `fuzz-${alertId}`,
          acknowledgedBy: null,
          acknowledgedAt: null,
        });
        alertIds.push(alertId);
      }
      for (const caseId of caseIds.slice(0, 4)) {
        await ds.query(
          `INSERT INTO match_suggestions (case_id, referral_id, similarity, reason, status)
           VALUES ($1, $2, 0.9, 'fuzz', 'open')`,
          [caseId, referralIds[6]],
        );
      }

      const admin = await signedInUser(ds, api.http, 'member_admin');
      memberAdmin = admin.session;
      memberAdminOrg = admin.org.id;
      const otherAdmin = await signedInUser(ds, api.http, 'member_admin');
      for (const [org, session] of [
        [admin.org.id, memberAdmin],
        [otherAdmin.org.id, otherAdmin.session],
      ] as const) {
        const res = await api.http
          .post(`${V1}/organizations/${org}/api-keys`)
          .set(session.auth)
          .send({ name: 'Fuzz key', scopes: ['referrals:read'] });
        if (res.status === 201) apiKeyIds.push((res.body as { id: string }).id);
      }
    }, PROPERTY_TIMEOUT_MS);

    /** A path with a fixture id most of the time, an adversarial one otherwise. */
    const idFrom = (ids: () => string[]): fc.Arbitrary<string> =>
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom(0, 1, 2, 3, 4, 5, 6).map((i) => ids()[i % ids().length]),
        },
        { weight: 1, arbitrary: adversarialIds },
      );

    interface Endpoint {
      route: string;
      method: 'post' | 'patch' | 'delete';
      caller: () => Session;
      /** The path under /api/v1 for a generated id (the route's `:id`). */
      path: (id: string) => string;
      ids?: () => string[];
      /** A valid body (absent: the route takes none; bodies are still sent). */
      template?: () => Record<string, unknown>;
      optionalPaths?: Path[];
      numRuns: number;
    }

    const reason = 'A reason long enough for the rules.';
    const ENDPOINTS: Endpoint[] = [
      {
        route: 'POST /cases/:id/assign',
        method: 'post',
        caller: () => coordinator,
        path: (id) => `/cases/${id}/assign`,
        ids: () => caseIds,
        template: () => ({ userId: coordinatorId }),
        numRuns: 25,
      },
      {
        route: 'POST /cases/:id/notes',
        method: 'post',
        caller: () => coordinator,
        path: (id) => `/cases/${id}/notes`,
        ids: () => caseIds,
        template: () => ({ body: 'A fuzz note.' }),
        numRuns: 25,
      },
      {
        route: 'POST /cases/:id/info-requests',
        method: 'post',
        caller: () => coordinator,
        path: (id) => `/cases/${id}/info-requests`,
        ids: () => caseIds,
        template: () => ({ referralId: referralIds[1], question: 'What else do you know?' }),
        numRuns: 25,
      },
      {
        route: 'POST /cases/:id/link',
        method: 'post',
        caller: () => coordinator,
        path: (id) => `/cases/${id}/link`,
        ids: () => caseIds,
        template: () => ({ referralId: referralIds[6] }),
        numRuns: 20,
      },
      {
        route: 'POST /cases/:id/suggestions/:referralId/dismiss',
        method: 'post',
        caller: () => coordinator,
        path: (id) => `/cases/${id}/suggestions/${referralIds[6]}/dismiss`,
        ids: () => caseIds,
        numRuns: 15,
      },
      {
        route: 'POST /cases/:id/propose',
        method: 'post',
        caller: () => coordinator,
        path: (id) => `/cases/${id}/propose`,
        ids: () => caseIds,
        template: () => ({
          agencyIds: [agencyIds[0]],
          tlp: 'AMBER+STRICT',
          namedLiaisons: [{ agencyId: agencyIds[0], liaisonIds: [liaisonId] }],
          rationale: reason,
        }),
        numRuns: 25,
      },
      {
        route: 'POST /cases/:id/send-back',
        method: 'post',
        caller: () => lead,
        path: (id) => `/cases/${id}/send-back`,
        ids: () => caseIds,
        template: () => ({ comment: reason }),
        numRuns: 15,
      },
      {
        route: 'POST /cases/:id/approve',
        method: 'post',
        caller: () => lead,
        path: (id) => `/cases/${id}/approve`,
        ids: () => caseIds,
        numRuns: 15,
      },
      {
        route: 'POST /cases/:id/merge',
        method: 'post',
        caller: () => coordinator,
        path: (id) => `/cases/${id}/merge`,
        ids: () => caseIds,
        template: () => ({ intoCaseId: caseIds[1] }),
        numRuns: 15,
      },
      {
        route: 'POST /cases/:id/reject',
        method: 'post',
        caller: () => coordinator,
        path: (id) => `/cases/${id}/reject`,
        ids: () => caseIds,
        template: () => ({ reason }),
        numRuns: 15,
      },
      {
        route: 'POST /cases/:id/close',
        method: 'post',
        caller: () => coordinator,
        path: (id) => `/cases/${id}/close`,
        ids: () => caseIds,
        template: () => ({ outcome: reason }),
        numRuns: 15,
      },
      {
        route: 'POST /cases/:id/reopen',
        method: 'post',
        caller: () => lead,
        path: (id) => `/cases/${id}/reopen`,
        ids: () => caseIds,
        template: () => ({ reason }),
        numRuns: 15,
      },
      {
        route: 'POST /alerts/:id/acknowledge',
        method: 'post',
        caller: () => coordinator,
        path: (id) => `/alerts/${id}/acknowledge`,
        ids: () => alertIds,
        numRuns: 15,
      },
      {
        route: 'POST /info-requests/:id/answer',
        method: 'post',
        caller: () => filer,
        path: (id) => `/info-requests/${id}/answer`,
        ids: () => infoRequestIds,
        template: () => ({ answer: 'Here is what we know.' }),
        numRuns: 25,
      },
      {
        route: 'POST /referrals/:id/member-actions',
        method: 'post',
        caller: () => filer,
        path: (id) => `/referrals/${id}/member-actions`,
        ids: () => referralIds,
        template: () => ({
          action: 'terminated_relationship',
          date: '2026-01-15',
          note: 'Fuzz note: account closed.',
        }),
        optionalPaths: [['note']],
        numRuns: 30,
      },
      {
        route: 'POST /dispatches/:id/acknowledge',
        method: 'post',
        caller: () => liaison,
        path: (id) => `/dispatches/${id}/acknowledge`,
        ids: () => dispatchIds,
        numRuns: 15,
      },
      {
        route: 'POST /dispatches/:id/accept',
        method: 'post',
        caller: () => liaison,
        path: (id) => `/dispatches/${id}/accept`,
        ids: () => dispatchIds,
        template: () => ({ leCaseNumber: 'LE-2026-0001' }),
        numRuns: 25,
      },
      {
        route: 'POST /dispatches/:id/decline',
        method: 'post',
        caller: () => liaison,
        path: (id) => `/dispatches/${id}/decline`,
        ids: () => dispatchIds,
        template: () => ({ reason }),
        numRuns: 20,
      },
      {
        route: 'POST /dispatches/:id/outcome',
        method: 'post',
        caller: () => liaison,
        path: (id) => `/dispatches/${id}/outcome`,
        ids: () => dispatchIds,
        template: () => ({ outcome: 'other', note: 'Fuzz outcome note.' }),
        numRuns: 25,
      },
      {
        route: 'POST /dispatches/:id/retry',
        method: 'post',
        caller: () => coordinator,
        path: (id) => `/dispatches/${id}/retry`,
        ids: () => dispatchIds,
        numRuns: 15,
      },
      {
        route: 'POST /dispatches/:id/holds',
        method: 'post',
        caller: () => liaison,
        path: (id) => `/dispatches/${id}/holds`,
        ids: () => dispatchIds,
        template: () => ({
          scope: 'do_not_terminate',
          reason,
          documentRef: 'FUZZ/2',
          expiresAt: inDays(60),
        }),
        numRuns: 30,
      },
      {
        route: 'POST /holds/:id/renew',
        method: 'post',
        caller: () => liaison,
        path: (id) => `/holds/${id}/renew`,
        ids: () => holdIds,
        template: () => ({ expiresAt: inDays(90) }),
        numRuns: 25,
      },
      {
        route: 'POST /holds/:id/release',
        method: 'post',
        caller: () => liaison,
        path: (id) => `/holds/${id}/release`,
        ids: () => holdIds,
        template: () => ({ reason }),
        numRuns: 20,
      },
      {
        route: 'POST /jurisdictions',
        method: 'post',
        caller: () => platformAdmin,
        path: () => '/jurisdictions',
        template: () => ({
          code: 'GB',
          name: 'Fuzzland',
          csamSpecificLaw: 'yes',
          sourceEdition: 'Ninth edition',
          reviewedOn: '2026-01-15',
          hotline: true,
        }),
        numRuns: 30,
      },
      {
        route: 'PATCH /jurisdictions/:code',
        method: 'patch',
        caller: () => platformAdmin,
        path: (code) => `/jurisdictions/${code}`,
        ids: () => ['GB', 'FR', 'gb', 'ZZ'],
        template: () => ({ name: 'Fuzzland renamed', hotline: false, csamDefined: 'no' }),
        numRuns: 30,
      },
      {
        // Webhook URLs are IP literals or not URLs at all: no DNS lookup happens.
        route: 'POST /agencies',
        method: 'post',
        caller: () => platformAdmin,
        path: () => '/agencies',
        template: () => ({
          organizationId: agencyOrgIds[1],
          name: 'Fuzz agency',
          coverage: ['GB'],
          channels: ['webhook'],
          webhookUrl: 'https://203.0.113.10/hook',
          webhookSecret: 'a-webhook-secret-of-enough-length-0123456789',
          contactEmail: 'desk@agency.example',
        }),
        numRuns: 30,
      },
      {
        route: 'PATCH /agencies/:id',
        method: 'patch',
        caller: () => platformAdmin,
        path: (id) => `/agencies/${id}`,
        ids: () => agencyIds,
        template: () => ({
          name: 'Fuzz agency renamed',
          channels: ['portal', 'webhook'],
          webhookUrl: 'https://[2001:db8::10]/hook',
          active: true,
        }),
        numRuns: 30,
      },
      {
        route: 'POST /auth/mfa/enrol',
        method: 'post',
        caller: () => filer,
        path: () => '/auth/mfa/enrol',
        numRuns: 10,
      },
      {
        route: 'POST /auth/mfa/confirm',
        method: 'post',
        caller: () => filer,
        path: () => '/auth/mfa/confirm',
        template: () => ({ otp: '123456' }),
        numRuns: 20,
      },
      {
        route: 'POST /auth/mfa/recovery-codes',
        method: 'post',
        caller: () => filer,
        path: () => '/auth/mfa/recovery-codes',
        template: () => ({ otp: '123456' }),
        numRuns: 15,
      },
      {
        route: 'POST /auth/mfa/disable',
        method: 'post',
        caller: () => filer,
        path: () => '/auth/mfa/disable',
        template: () => ({ otp: '123456' }),
        numRuns: 15,
      },
      {
        route: 'POST /organizations/:id/api-keys',
        method: 'post',
        caller: () => memberAdmin,
        path: (id) => `/organizations/${id}/api-keys`,
        ids: () => [memberAdminOrg],
        template: () => ({ name: 'Fuzz key', scopes: ['referrals:write'], expiresAt: inDays(30) }),
        numRuns: 30,
      },
      {
        route: 'DELETE /api-keys/:id',
        method: 'delete',
        caller: () => memberAdmin,
        path: (id) => `/api-keys/${id}`,
        ids: () => apiKeyIds,
        numRuns: 15,
      },
      {
        route: 'POST /audit/checkpoints',
        method: 'post',
        caller: () => auditor,
        path: () => '/audit/checkpoints',
        numRuns: 10,
      },
    ];

    const routes = () =>
      new Set(
        listRoutes(
          api.app.get(DiscoveryService),
          api.app.get(MetadataScanner),
          api.app.get(Reflector),
        ).map((r) => `${r.method} ${r.path}`),
      );

    it.each(ENDPOINTS.map((e) => [e.route, e] as const))(
      'should never answer 5xx or change a row for random bodies and ids on %s',
      async (_route, endpoint) => {
        if (!routes().has(endpoint.route)) {
          process.stdout.write(`fuzz: ${endpoint.route} is not in the route table; skipped\n`);
          return;
        }
        const template = endpoint.template?.();
        const bodies: fc.Arbitrary<Case | undefined> = template
          ? fc.oneof(
              {
                weight: 9,
                arbitrary: adversarialBodies(
                  fc.constant(template),
                  template,
                  endpoint.optionalPaths,
                ),
              },
              { weight: 1, arbitrary: fc.constant(undefined) },
            )
          : fc.oneof(
              { weight: 1, arbitrary: fc.constant(undefined) },
              { weight: 3, arbitrary: wildBodies(fc.constant({})) },
            );
        const ids = endpoint.ids ? idFrom(endpoint.ids) : fc.constant('');
        await fc.assert(
          fc.asyncProperty(bodies, ids, async (body, id) => {
            const url = `${V1}${endpoint.path(encodeURIComponent(id))}`;
            await probe(
              describeRequest(`${endpoint.method.toUpperCase()} ${url}`, body),
              () => withBody(api.http[endpoint.method](url).set(endpoint.caller().auth), body),
              wholeSnapshot,
            );
          }),
          { numRuns: endpoint.numRuns * 2 },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  });

  describe('afterwards', () => {
    it('should leave Object.prototype unpolluted after every property', () => {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(PROTOTYPE_KEYS);
    });
  });
});
