import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { signedInUser } from '../support/factories';
import {
  checkedAgainst,
  ContractViolationError,
  contractMode,
  exchangeOf,
  ResponseContract,
  type Exchange,
  type Violation,
} from '../support/response-contract';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * The response contract can fail: each kind of violation, on real responses of
 * the real app, checked against the served document altered in memory (or a
 * small OpenAPI 3.1 document), is reported; a conforming response is not.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Response contract (e2e)', () => {
  let api: TestApi;
  /** Unchecked: the exchanges here are checked by hand against altered documents. */
  let raw: ReturnType<typeof supertest>;
  let served: Json;
  let health: Exchange;
  let organization: Exchange;
  let unknownRoute: Exchange;

  const altered = (change: (doc: Json) => void): ResponseContract => {
    const doc = structuredClone(served);
    change(doc);
    return new ResponseContract(doc as never);
  };
  const healthOk = (doc: Json): Json => doc.paths['/api/v1/health'].get.responses['200'] as Json;
  const violationsOf = (contract: ResponseContract, exchange: Exchange): Violation[] =>
    contract.check(exchange).violations;
  const exchange = async (path: string, headers: Record<string, string> = {}) => {
    const test = raw.get(path).set(headers);
    return exchangeOf(test, await test);
  };

  beforeAll(async () => {
    api = await startTestApi();
    raw = supertest(api.app.getHttpServer());
    served = (await raw.get('/api/docs/openapi.json').expect(200)).body as Json;
    health = await exchange('/api/v1/health');
    expect([health.status, health.body]).toEqual([200, { status: 'ok', db: 'up', redis: 'up' }]);
    const { org, session } = await signedInUser(api.dataSource, raw, 'platform_admin');
    organization = await exchange(`/api/v1/organizations/${org.id}`, session.auth);
    expect(organization.status).toBe(200);
    expect(organization.body).toMatchObject({ id: org.id, memberType: null });
    unknownRoute = await exchange('/api/v1/no-such-route');
  });

  afterAll(async () => {
    await api.close();
  });

  it('should pass a conforming response, and a 404 problem on a path no operation matches', () => {
    const contract = new ResponseContract(served as never);
    expect(violationsOf(contract, health)).toEqual([]);
    expect(unknownRoute.status).toBe(404);
    expect(violationsOf(contract, unknownRoute)).toEqual([]);
  });

  it('should report a status the operation does not document', () => {
    const contract = altered((doc) => delete doc.paths['/api/v1/health'].get.responses['200']);
    expect(violationsOf(contract, health)).toEqual([
      { pointer: '/status', message: expect.stringContaining('status 200 is not documented') },
    ]);
  });

  it('should report a response to a path no operation matches, unless it is a refusal problem (400/404/405/413/415)', () => {
    const contract = altered((doc) => delete doc.paths['/api/v1/health']);
    expect(violationsOf(contract, health)).toEqual([
      {
        pointer: '/status',
        message: expect.stringContaining('no operation matches GET /api/v1/health'),
      },
    ]);
  });

  it('should report a media type the document does not list, and a body where none is documented', () => {
    const textOnly = altered((doc) => {
      healthOk(doc).content = { 'text/plain': { schema: { type: 'string' } } };
    });
    expect(violationsOf(textOnly, health)).toEqual([
      {
        pointer: '/headers/content-type',
        message: 'media type application/json is not documented (documented: text/plain)',
      },
    ]);
    const bodyless = altered((doc) => delete healthOk(doc).content);
    expect(violationsOf(bodyless, health)).toEqual([
      { pointer: '/body', message: expect.stringContaining('documented without a body') },
    ]);
  });

  it('should hold an answer to the media type parameters the document names', () => {
    const versioned = (version: string) =>
      altered((doc) => {
        const schema = healthOk(doc).content['application/json'].schema as Json;
        healthOk(doc).content = { [`application/json;version=${version}`]: { schema } };
      });
    const withVersion = (value: string): Exchange => ({
      ...health,
      headers: {
        ...health.headers,
        'content-type': `application/json; charset=utf-8; version=${value}`,
      },
    });
    expect(violationsOf(versioned('2.1'), withVersion('2.1'))).toEqual([]);
    expect(violationsOf(versioned('2.1'), withVersion('2.0'))).toEqual([
      {
        pointer: '/headers/content-type',
        message:
          'media type application/json is not documented (documented: application/json;version=2.1)',
      },
    ]);
    expect(violationsOf(versioned('2.1'), health)).toHaveLength(1);
  });

  it('should report a missing required header, and a header that breaks its schema', () => {
    const contract = altered((doc) => {
      healthOk(doc).headers = {
        ...healthOk(doc).headers,
        'RateLimit-Policy': { required: true, schema: { type: 'string' } },
        'X-Request-Id': { schema: { type: 'integer' } },
      };
    });
    expect(violationsOf(contract, health)).toEqual([
      {
        pointer: '/headers/ratelimit-policy',
        message: 'required header RateLimit-Policy is missing',
      },
      { pointer: '/headers/x-request-id', message: 'must be integer' },
    ]);
  });

  it('should report a missing required field, a wrong type and an extra property', () => {
    const contract = altered((doc) => {
      healthOk(doc).content['application/json'].schema = {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'db', 'uptime'],
        properties: {
          status: { type: 'string', enum: ['ok', 'error'] },
          db: { type: 'integer' },
          uptime: { type: 'number' },
        },
      };
    });
    expect(violationsOf(contract, health)).toEqual(
      expect.arrayContaining([
        { pointer: '/body', message: "must have required property 'uptime'" },
        { pointer: '/body/db', message: 'must be integer' },
        { pointer: '/body', message: "must not have property 'redis'" },
      ]),
    );
    expect(violationsOf(contract, health)).toHaveLength(3);
  });

  it('should report a null where the field is not nullable', () => {
    const contract = altered((doc) => {
      doc.components.schemas.OrganizationResponse.properties.memberType = { type: 'string' };
    });
    expect(violationsOf(contract, organization)).toContainEqual({
      pointer: '/body/memberType',
      message: 'must be string',
    });
  });

  describe('with an OpenAPI 3.1 document', () => {
    const document31 = (memberType: Json): Json => ({
      openapi: '3.1.0',
      info: { title: 'Contract fixture', version: '1' },
      paths: {
        '/api/v1/health': {
          get: {
            operationId: 'health',
            responses: {
              '200': {
                description: 'Up.',
                content: {
                  'application/json': { schema: { $ref: '#/components/schemas/Health' } },
                },
              },
            },
          },
        },
        '/api/v1/organizations/{id}': {
          get: {
            operationId: 'organization',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: {
              '200': {
                description: 'The organization.',
                content: {
                  'application/json': { schema: { $ref: '#/components/schemas/Organization' } },
                },
              },
              '404': {
                $ref: '#/components/responses/NotFound',
                description: 'No such organization.',
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Health: {
            type: 'object',
            additionalProperties: false,
            required: ['status', 'db', 'redis'],
            properties: {
              status: { const: 'ok', examples: ['ok'] },
              db: { type: 'string', enum: ['up', 'down'] },
              redis: { type: 'string', enum: ['up', 'down'] },
            },
          },
          Organization: {
            type: 'object',
            required: ['id', 'memberType', 'sharingRegistrationCurrent'],
            properties: {
              id: { type: 'string', format: 'uuid', maxLength: 36 },
              memberType,
              sharingRegistrationCurrent: {
                oneOf: [{ $ref: '#/components/schemas/Registration' }, { type: 'null' }],
              },
            },
          },
          Registration: { type: 'boolean', examples: [true] },
          Problem: {
            type: 'object',
            required: ['status'],
            properties: { status: { type: 'integer' } },
          },
        },
        responses: {
          NotFound: {
            description: 'Not found.',
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            },
          },
        },
      },
    });

    it('should pass null for a field typed ["string","null"] and for oneOf [{$ref}, {type: "null"}], and a const', () => {
      const contract = new ResponseContract(
        document31({ type: ['string', 'null'], enum: ['issuer', 'acquirer', null] }) as never,
      );
      expect(organization.body).toMatchObject({ sharingRegistrationCurrent: null });
      expect(violationsOf(contract, organization)).toEqual([]);
      expect(violationsOf(contract, health)).toEqual([]);
    });

    it('should report null for a field typed "string", and a value other than the const', () => {
      const contract = new ResponseContract(document31({ type: 'string' }) as never);
      expect(violationsOf(contract, organization)).toEqual([
        { pointer: '/body/memberType', message: 'must be string' },
      ]);
      expect(
        violationsOf(contract, { ...health, body: { ...(health.body as Json), status: 'error' } }),
      ).toEqual([{ pointer: '/body/status', message: 'must be "ok"' }]);
    });
  });

  describe('the hook on api.http', () => {
    const broken = () => altered((doc) => delete doc.paths['/api/v1/health'].get.responses['200']);

    it('should reject the request with METHOD path → status and each violation', async () => {
      const http = checkedAgainst(raw, broken(), 'enforce');
      const failure = http.get('/api/v1/health').expect(200);
      await expect(failure).rejects.toThrow(ContractViolationError);
      await expect(http.get('/api/v1/health')).rejects.toThrow(
        /^The response breaks the OpenAPI document: GET \/api\/v1\/health → 200 \(operation HealthController_check\)\n {2}\/status: status 200 is not documented/,
      );
    });

    it('should hand the violation to .end(cb) as its error', async () => {
      const http = checkedAgainst(raw, broken(), 'enforce');
      const error = await new Promise<Error | null>((resolve) => {
        void http.get('/api/v1/health').end((err: Error | null) => resolve(err));
      });
      expect(error).toBeInstanceOf(ContractViolationError);
    });

    it('should record one JSON line per violation in report mode, and let the request go on', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'contract-')), 'violations.jsonl');
      const previous = process.env.CONTRACT_REPORT;
      process.env.CONTRACT_REPORT = file;
      try {
        const http = checkedAgainst(raw, broken(), 'report');
        await http.get('/api/v1/health').expect(200);
      } finally {
        if (previous === undefined) delete process.env.CONTRACT_REPORT;
        else process.env.CONTRACT_REPORT = previous;
      }
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Json);
      expect(lines).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: '/api/v1/health',
          status: 200,
          pointer: '/status',
          test: expect.stringContaining('report mode'),
        }),
      ]);
    });

    it('should offer no way to switch the check off', () => {
      const previous = process.env.CONTRACT_CHECK;
      try {
        process.env.CONTRACT_CHECK = 'off';
        expect(() => contractMode()).toThrow('CONTRACT_CHECK must be "enforce" or "report"');
      } finally {
        if (previous === undefined) delete process.env.CONTRACT_CHECK;
        else process.env.CONTRACT_CHECK = previous;
      }
    });
  });
});
