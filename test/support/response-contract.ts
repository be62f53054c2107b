import addFormats from 'ajv-formats';
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  OpenAPIRouter,
  OpenAPIValidator,
  ValidationContext,
  type ValidationResult,
} from 'openapi-backend';
import type { OpenAPIV3, OpenAPIV3_1 } from 'openapi-types';
import type supertest from 'supertest';

/**
 * The response contract: every response the e2e suite receives from the API is
 * checked against the OpenAPI document the app itself serves. Routing is
 * openapi-backend's; schemas are checked by its Ajv (with the OpenAPI formats
 * and ajv-formats). openapi-backend's own response validation is not used: it
 * reads only `application/json` bodies (every error here is
 * `application/problem+json`), and its document loader needs ESM dynamic
 * import, which Jest's VM does not offer.
 *
 * What is checked, for a request under /api/v1:
 * - the status is documented for the operation (exact or `4XX`-style; `default` does not count);
 * - the response media type is one the document lists for that status (with the
 *   parameters the document names, e.g. `version=2.1`), and a status documented
 *   without content has no body;
 * - documented headers marked required are present, and documented headers present are valid;
 * - a JSON body (application/json, +json) validates against the schema.
 * A path under /api/v1 that no operation matches may only answer a problem+json
 * refusal (UNMATCHED_STATUSES).
 */

type Document = OpenAPIV3.Document | OpenAPIV3_1.Document;
type Ajv = ReturnType<OpenAPIValidator['getAjv']>;
type AjvError = NonNullable<ValidationResult['errors']>[number];
type Json = Record<string, unknown>;

/** Where the operations live; everything else the app serves is not an operation. */
export const OPERATIONS_PREFIX = '/api/v1';

/**
 * What the app serves outside /api/v1, and why it is not checked: these are not
 * operations of the document. Any other path outside /api/v1 is the console.
 */
export const NOT_OPERATIONS: ReadonlyArray<{ prefix: string; what: string }> = [
  { prefix: '/api/docs', what: 'the OpenAPI document itself and its browsing page' },
  { prefix: '/admin/queues', what: 'the queue dashboard (a third-party UI and its JSON)' },
  { prefix: '/metrics', what: 'the Prometheus scrape endpoint (operators, bearer token)' },
  { prefix: '/', what: 'the web console: index.html, /assets/*, client-side routes' },
];

/** A CORS preflight is answered by the CORS layer for any path, not by an operation. */
function isCorsPreflight(method: string, requestHeaders: Record<string, unknown>): boolean {
  return method === 'options' && requestHeaders['access-control-request-method'] !== undefined;
}

export interface Exchange {
  method: string;
  /** Path with its query, as sent. */
  url: string;
  requestHeaders: Record<string, unknown>;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed body (JSON) as supertest gives it. */
  body: unknown;
  /** Whether any body bytes came back. */
  hasBody: boolean;
}

export interface Violation {
  /** JSON pointer into the response: /status, /headers/<name>, /body/... */
  pointer: string;
  message: string;
}

export interface Verdict {
  /** The operation the request matched, or why it was not checked. */
  operation: string;
  violations: Violation[];
}

/**
 * What a path no operation matches may answer: 404 or 405, or a refusal the
 * API makes of any request before routing (a malformed body, too large a body,
 * a content type it does not take, a card number in the URL or a header).
 */
const UNMATCHED_STATUSES = new Set([400, 404, 405, 413, 415]);

const JSON_MEDIA = /^application\/(?:[\w.-]+\+)?json$/;
const PROBLEM_MEDIA = 'application/problem+json';
const DOC_ID = 'openapi.json';

/** JSON pointer segment escaping (RFC 6901). */
const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

export class ResponseContract {
  private readonly router: OpenAPIRouter<Document>;
  private readonly bodyAjv: Ajv;
  private readonly headerAjv: Ajv;
  private readonly compiled = new Map<string, ReturnType<Ajv['compile']>>();
  private readonly document: Document;

  constructor(served: Document) {
    const definition = asJsonSchemaDialect(served);
    this.document = definition;
    const opsUnderPrefix = Object.keys(definition.paths ?? {}).some((p) =>
      p.startsWith(OPERATIONS_PREFIX),
    );
    this.router = new OpenAPIRouter({
      definition,
      // Paths written relative to a server URL (servers: [{ url: '/api/v1' }]).
      apiRoot: opsUnderPrefix ? '/' : serverPath(definition),
    });
    const validator = new OpenAPIValidator({
      definition,
      router: this.router,
      lazyCompileValidators: true,
      // strictSchema: a keyword this Ajv does not know fails loudly instead of being skipped.
      ajvOpts: { strictSchema: true, allErrors: true },
      customizeAjv: (ajv) => {
        addFormats(ajv);
        ajv.addVocabulary(annotationKeywords(definition));
        ajv.addSchema(definition, DOC_ID);
        return ajv;
      },
    });
    this.bodyAjv = validator.getAjv(ValidationContext.Response);
    // Header values are strings on the wire: `type: integer` is checked on the coerced value.
    this.headerAjv = validator.getAjv(ValidationContext.ResponseHeaders, { coerceTypes: true });
  }

  /** The checks above for one exchange; `violations` is empty when it conforms. */
  check(exchange: Exchange): Verdict {
    const method = exchange.method.toLowerCase();
    const path = exchange.url.split('?')[0];
    if (!isUnder(path, OPERATIONS_PREFIX)) {
      return { operation: `not an operation (${notOperation(path)})`, violations: [] };
    }
    if (isCorsPreflight(method, exchange.requestHeaders)) {
      return { operation: 'CORS preflight', violations: [] };
    }
    const mediaType = mediaTypeOf(exchange.headers['content-type']);
    const operation = this.router.matchOperation({ method, path, headers: {} });
    if (!operation)
      return { operation: 'none', violations: this.checkUnmatched(exchange, mediaType) };

    const name = operation.operationId ?? `${method} ${operation.path}`;
    const base = `#/paths/${escape(operation.path)}/${operation.method}/responses`;
    const responses = (operation.responses ?? {}) as Json;
    const key = [String(exchange.status), `${String(exchange.status)[0]}XX`].find(
      (k) => responses[k] !== undefined,
    );
    if (!key) {
      const documented = Object.keys(responses).join(', ') || 'none';
      return {
        operation: name,
        violations: [
          {
            pointer: '/status',
            message: `status ${exchange.status} is not documented for ${name} (documented: ${documented})`,
          },
        ],
      };
    }
    const response = this.resolve(`${base}/${key}`);
    return {
      operation: name,
      violations: [
        ...this.checkHeaders(exchange, response),
        ...this.checkContent(exchange, mediaType, response),
      ],
    };
  }

  private checkUnmatched(exchange: Exchange, mediaType: string | undefined): Violation[] {
    const what = `no operation matches ${exchange.method.toUpperCase()} ${exchange.url.split('?')[0]}`;
    if (!UNMATCHED_STATUSES.has(exchange.status) || mediaType !== PROBLEM_MEDIA) {
      return [
        {
          pointer: '/status',
          message: `${what}: only a ${[...UNMATCHED_STATUSES].join('/')} ${PROBLEM_MEDIA} may answer it, got ${exchange.status} ${mediaType ?? 'without a body'}`,
        },
      ];
    }
    const problem = this.document.components?.schemas?.Problem;
    return problem
      ? this.validate(this.bodyAjv, '#/components/schemas/Problem', exchange.body, '/body')
      : [];
  }

  private checkHeaders(exchange: Exchange, response: Located): Violation[] {
    const violations: Violation[] = [];
    const headers = (response.node.headers ?? {}) as Json;
    // A response's Content-Type is its media type, checked below (OpenAPI ignores it as a header).
    for (const name of Object.keys(headers).filter((h) => h.toLowerCase() !== 'content-type')) {
      const header = this.resolve(`${response.pointer}/headers/${escape(name)}`);
      const value = exchange.headers[name.toLowerCase()];
      const pointer = `/headers/${name.toLowerCase()}`;
      if (value === undefined) {
        if (header.node.required === true) {
          violations.push({ pointer, message: `required header ${name} is missing` });
        }
        continue;
      }
      if (header.node.schema !== undefined) {
        violations.push(
          ...this.validate(this.headerAjv, `${header.pointer}/schema`, value, pointer),
        );
      }
    }
    return violations;
  }

  private checkContent(
    exchange: Exchange,
    mediaType: string | undefined,
    response: Located,
  ): Violation[] {
    const content = (response.node.content ?? {}) as Json;
    const listed = Object.keys(content);
    const pointer = '/headers/content-type';
    if (listed.length === 0) {
      return exchange.hasBody || mediaType
        ? [
            {
              pointer: '/body',
              message: `status ${exchange.status} is documented without a body, but one came back (${mediaType ?? 'no content type'})`,
            },
          ]
        : [];
    }
    if (!exchange.hasBody) {
      // A listed non-JSON type may be empty (JSON Lines of no event: zero lines); JSON may not.
      const emptyOfListedType =
        mediaType !== undefined &&
        !JSON_MEDIA.test(mediaType) &&
        listed.some((m) => mediaMatches(m, mediaType));
      return emptyOfListedType
        ? []
        : [
            {
              pointer: '/body',
              message: `the document lists a body (${listed.join(', ')}) but none came back`,
            },
          ];
    }
    const parameters = mediaParameters(exchange.headers['content-type']);
    const match = listed.find((m) => mediaMatches(m, mediaType, parameters));
    if (!match) {
      return [
        {
          pointer,
          message: `media type ${mediaType ?? '(none)'} is not documented (documented: ${listed.join(', ')})`,
        },
      ];
    }
    const media = content[match] as Json;
    // Only JSON bodies have a schema worth checking here (CSV, PDF, bytes: media type only).
    if (!JSON_MEDIA.test(mediaType ?? '') || media.schema === undefined) return [];
    return this.validate(
      this.bodyAjv,
      `${response.pointer}/content/${escape(match)}/schema`,
      exchange.body,
      '/body',
    );
  }

  private validate(ajv: Ajv, schemaPointer: string, value: unknown, at: string): Violation[] {
    const key = `${ajv === this.headerAjv ? 'header' : 'body'} ${schemaPointer}`;
    let validateFn = this.compiled.get(key);
    if (!validateFn) {
      // Checked inside a holder, so a coerced header value has a place to go.
      const holder = {
        type: 'object',
        properties: { value: { $ref: `${DOC_ID}${schemaPointer}` } },
      };
      validateFn = ajv.compile(holder);
      this.compiled.set(key, validateFn);
    }
    if (validateFn({ value })) return [];
    return (validateFn.errors ?? []).map((e) => ({
      pointer: at + e.instancePath.replace(/^\/value/, ''),
      message: describe(e),
    }));
  }

  /** A location in the document, following `$ref`s (response and header components). */
  private resolve(pointer: string): Located {
    let at = pointer;
    for (let hops = 0; hops < 10; hops += 1) {
      const node = at
        .slice(2)
        .split('/')
        .reduce<unknown>((n, s) => (n as Json | undefined)?.[unescape(s)], this.document) as
        Json | undefined;
      if (!node) throw new Error(`The OpenAPI document has nothing at ${at}`);
      if (typeof node.$ref !== 'string') return { node, pointer: at };
      at = node.$ref;
    }
    throw new Error(`The OpenAPI document's $ref chain at ${pointer} does not end`);
  }
}

interface Located {
  node: Json;
  pointer: string;
}

function describe(e: AjvError): string {
  const { params } = e;
  if (e.keyword === 'additionalProperties')
    return `must not have property '${String(params.additionalProperty)}'`;
  if (e.keyword === 'enum') return `${e.message}: ${JSON.stringify(params.allowedValues)}`;
  if (e.keyword === 'const') return `must be ${JSON.stringify(params.allowedValue)}`;
  return e.message ?? e.keyword;
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function notOperation(path: string): string {
  const hit = NOT_OPERATIONS.find(({ prefix }) => prefix === '/' || isUnder(path, prefix));
  return hit?.what ?? 'outside /api/v1';
}

function mediaTypeOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value ? value.split(';')[0].trim().toLowerCase() : undefined;
}

/** A media type's parameters (`version=2.1`), names lower-cased, values unquoted. */
function mediaParameters(header: string | string[] | undefined): Map<string, string> {
  const value = Array.isArray(header) ? header[0] : header;
  const params = new Map<string, string>();
  for (const part of (value ?? '').split(';').slice(1)) {
    const [name, ...rest] = part.split('=');
    if (name.trim() && rest.length > 0) {
      params.set(
        name.trim().toLowerCase(),
        rest
          .join('=')
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      );
    }
  }
  return params;
}

/**
 * Whether an answer's media type is the documented one. A documented type may
 * name parameters (`application/stix+json;version=2.1`): the answer must carry
 * each with the same value; parameters the document does not name (charset) pass.
 */
function mediaMatches(
  documented: string,
  actual: string | undefined,
  actualParameters: Map<string, string> = new Map(),
): boolean {
  if (!actual) return false;
  const [type, subtype] = documented.split(';')[0].trim().toLowerCase().split('/');
  const [actualType, actualSubtype] = actual.split('/');
  if (!((type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype))) {
    return false;
  }
  return [...mediaParameters(documented)].every(([n, v]) => actualParameters.get(n) === v);
}

function serverPath(document: Document): string {
  const url = document.servers?.[0]?.url;
  return url ? new URL(url, 'http://server').pathname : '/';
}

/**
 * The document's schemas in the JSON Schema dialect Ajv reads. OpenAPI 3.1
 * schemas are JSON Schema already. OpenAPI 3.0 differs in two ways that matter
 * here (3.0.3 §4.7.24): `nullable` means something only beside `type` (Ajv
 * refuses it elsewhere, so it is dropped there), and `exclusiveMinimum` /
 * `exclusiveMaximum` are booleans qualifying `minimum` / `maximum`.
 */
function asJsonSchemaDialect(document: Document): Document {
  const copy = structuredClone(document);
  if (!document.openapi.startsWith('3.0')) return copy;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const schema = node as Json;
    if ('nullable' in schema && !('type' in schema)) delete schema.nullable;
    for (const [bool, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (typeof schema[bool] === 'boolean') {
        if (schema[bool]) schema[bool] = schema[bound];
        else delete schema[bool];
        if (schema[bool] !== undefined) delete schema[bound];
      }
    }
    Object.values(schema).forEach(walk);
  };
  walk(copy);
  return copy;
}

/**
 * Keywords Ajv does not know but may meet: the document's own top-level and
 * OpenAPI object keywords (Ajv compiles the document as the root its schemas'
 * `$ref`s point into), OpenAPI's schema annotations, and `x-` extensions.
 */
function annotationKeywords(document: Document): string[] {
  const keywords = new Set([
    ...Object.keys(document),
    'example',
    'xml',
    'externalDocs',
    'discriminator',
  ]);
  JSON.stringify(document, (key, value: unknown) => {
    if (key.startsWith('x-')) keywords.add(key);
    return value;
  });
  return [...keywords].filter((k) => !KNOWN_TO_AJV.has(k));
}

/** Keywords Ajv already defines, which may not be redefined. */
const KNOWN_TO_AJV = new Set(['$schema', '$id', 'description', 'title', 'default', 'examples']);

// ---------------------------------------------------------------- the hook

export type ContractMode = 'enforce' | 'report';

/**
 * CONTRACT_CHECK=enforce (default): a violation fails the request.
 * CONTRACT_CHECK=report: each violation is appended as one JSON line to
 * CONTRACT_REPORT (default /tmp/contract-violations.jsonl) and the request goes on.
 * There is no "off".
 */
export function contractMode(): ContractMode {
  const mode = process.env.CONTRACT_CHECK ?? 'enforce';
  if (mode !== 'enforce' && mode !== 'report') {
    throw new Error(`CONTRACT_CHECK must be "enforce" or "report", not "${mode}"`);
  }
  return mode;
}

export class ContractViolationError extends Error {
  constructor(
    readonly exchange: Exchange,
    readonly verdict: Verdict,
  ) {
    super(
      [
        `The response breaks the OpenAPI document: ${exchange.method.toUpperCase()} ${exchange.url} → ${exchange.status} (operation ${verdict.operation})`,
        ...verdict.violations.map((v) => `  ${v.pointer}: ${v.message}`),
      ].join('\n'),
    );
    this.name = 'ContractViolationError';
  }
}

const contracts = new Map<string, ResponseContract>();

/** The contract of the document `http` serves, built once per process per document. */
export async function servedContract(
  http: ReturnType<typeof supertest>,
): Promise<ResponseContract> {
  const res = await http.get('/api/docs/openapi.json');
  if (res.status !== 200) throw new Error(`GET /api/docs/openapi.json answered ${res.status}`);
  const text = res.text;
  let contract = contracts.get(text);
  if (!contract) {
    contract = new ResponseContract(JSON.parse(text) as Document);
    contracts.set(text, contract);
  }
  return contract;
}

type TestOf = ReturnType<ReturnType<typeof supertest>['get']>;

/** Reads one supertest response as an exchange. */
export function exchangeOf(test: TestOf, res: supertest.Response): Exchange {
  const request = (res as unknown as { req: { getHeaders(): Record<string, unknown> } }).req;
  const url = new URL(test.url, 'http://app');
  const length = Number(res.headers['content-length'] ?? 0);
  const raw: unknown = res.body;
  return {
    method: test.method,
    url: url.pathname + url.search,
    requestHeaders: request.getHeaders(),
    status: res.status,
    headers: res.headers,
    body: raw,
    hasBody:
      length > 0 ||
      (typeof res.text === 'string' && res.text.length > 0) ||
      // A body read by the test's own parser (a stream read to its end as text).
      (typeof raw === 'string' && raw.length > 0) ||
      (Buffer.isBuffer(raw) && raw.length > 0),
  };
}

/**
 * `http` whose every request is checked against `contract` as its first
 * assertion: in enforce mode a violation rejects the request's promise (and
 * reaches `.end(cb)` as its error); in report mode it is recorded and the
 * request goes on.
 */
export function checkedAgainst(
  http: ReturnType<typeof supertest>,
  contract: ResponseContract,
  mode: ContractMode = contractMode(),
): ReturnType<typeof supertest> {
  // supertest(server) is a plain object of request methods (get, post, ...).
  const checked: Record<string, unknown> = { ...http };
  for (const [method, send] of Object.entries(http)) {
    if (typeof send !== 'function') continue;
    checked[method] = (url: string) => {
      const test = (send as (url: string) => TestOf).call(http, url);
      return test.expect((res: supertest.Response) => {
        const exchange = exchangeOf(test, res);
        const verdict = contract.check(exchange);
        if (verdict.violations.length === 0) return;
        if (mode === 'report') record(exchange, verdict);
        else throw new ContractViolationError(exchange, verdict);
      });
    };
  }
  return checked as unknown as ReturnType<typeof supertest>;
}

function record(exchange: Exchange, verdict: Verdict): void {
  const file = process.env.CONTRACT_REPORT ?? '/tmp/contract-violations.jsonl';
  const state = (
    globalThis as { expect?: { getState(): { testPath?: string; currentTestName?: string } } }
  ).expect?.getState();
  const lines = verdict.violations.map((v) =>
    JSON.stringify({
      spec: state?.testPath && relative(process.cwd(), state.testPath),
      test: state?.currentTestName,
      method: exchange.method.toUpperCase(),
      path: exchange.url.split('?')[0],
      status: exchange.status,
      operation: verdict.operation,
      pointer: v.pointer,
      message: v.message,
    }),
  );
  appendFileSync(file, `${lines.join('\n')}\n`);
}
