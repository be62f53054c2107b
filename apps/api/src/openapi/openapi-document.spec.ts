import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { operationsOf, walkDocumentSchemas, type SchemaNode } from './schema-walk';
import { buildPreviewDocument } from './preview-document';

type Document = OpenAPIObject & { paths: Record<string, Record<string, unknown>> };

let document: Document;

beforeAll(async () => {
  document = (await buildPreviewDocument()) as Document;
}, 60_000);

function operation(method: string, path: string) {
  const found = operationsOf({ paths: { [path]: document.paths[path] } }).find(
    (o) => o.operationId && document.paths[path][method] === o,
  );
  if (!found) throw new Error(`${method} ${path} is not in the document`);
  return found;
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document (checked by an independent schema validator)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crh-openapi-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const script =
      "import('@seriousme/openapi-schema-validator').then(async ({ Validator }) => {" +
      '  const v = new Validator();' +
      `  const r = await v.validate(${JSON.stringify(file)});` +
      '  console.log(JSON.stringify({ version: v.version, valid: r.valid, errors: r.errors }));' +
      '});';
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { version: string; valid: boolean; errors: unknown };
    expect(result).toEqual({ version: '3.1', valid: true });
  });

  it('states null the 3.1 way: no `nullable`, nullable references as oneOf with null', () => {
    const leftovers: SchemaNode[] = [];
    let nullableRefs = 0;
    walkDocumentSchemas(document, (node) => {
      if ('nullable' in node) leftovers.push(node);
      const oneOf = node.oneOf as SchemaNode[] | undefined;
      if (oneOf?.some((s) => s.$ref) && oneOf.some((s) => s.type === 'null')) nullableRefs += 1;
    });
    expect(leftovers).toEqual([]);
    expect(nullableRefs).toBeGreaterThan(0);
  });

  it('marks sign-in, token refresh and health as public, and states the API key where it is accepted', () => {
    expect(operation('post', '/api/v1/auth/login').security).toEqual([]);
    expect(operation('post', '/api/v1/auth/refresh').security).toEqual([]);
    expect(operation('get', '/api/v1/health').security).toEqual([]);
    expect(operation('get', '/api/v1/auth/me').security).toEqual([{ bearer: [] }]);
    expect(operation('post', '/api/v1/referrals').security).toEqual([
      { bearer: [] },
      { apiKey: [] },
    ]);
    expect(operation('get', '/api/v1/cases').security).toEqual([{ bearer: [] }]);
    expect(document.components?.securitySchemes?.apiKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
    });
  });

  it('answers every error with the one problem+json schema', () => {
    const responses = document.components?.responses ?? {};
    for (const op of operationsOf(document)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (Number(status) < 400) continue;
        const target = (
          response.$ref ? responses[response.$ref.replace('#/components/responses/', '')] : response
        ) as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
        if (op.operationId === 'HealthController_check' && status === '503') {
          // Health's 503 is its JSON report, which load balancers read: not a problem document.
          expect(target?.content).toEqual({
            'application/json': { schema: { $ref: '#/components/schemas/HealthDownResponse' } },
          });
          continue;
        }
        expect({ op: op.operationId, status, content: target?.content }).toEqual({
          op: op.operationId,
          status,
          content: {
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          },
        });
      }
    }
  });

  it('lists the errors an operation can answer with', () => {
    const statuses = (method: string, path: string) =>
      Object.keys(operation(method, path).responses ?? {}).filter((s) => Number(s) >= 400);
    // Authenticated, permission, path parameter, body, throttled.
    expect(statuses('post', '/api/v1/referrals/{id}/submit')).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '413', '415', '429', '500', '503']),
    );
    // Public and body-bearing: no 401/403 from the guards.
    expect(statuses('post', '/api/v1/auth/login')).toEqual(
      expect.arrayContaining(['400', '413', '415', '429', '500', '503']),
    );
    const me = operation('get', '/api/v1/auth/me').responses ?? {};
    expect(me['401']).toBeDefined();
    expect(me['415']).toBeUndefined();
  });

  it('gives every operation one tag, a summary and a description', () => {
    const missing = operationsOf(document)
      .filter((o) => o.tags?.length !== 1 || !o.summary || !o.description)
      .map((o) => o.operationId);
    expect(missing).toEqual([]);
  });

  it('describes every response', () => {
    const bare = operationsOf(document).flatMap((o) =>
      Object.entries(o.responses ?? {})
        .filter(([, r]) => !r.$ref && !r.description)
        .map(([status]) => `${o.operationId} ${status}`),
    );
    expect(bare).toEqual([]);
  });

  it('defines every tag it uses, with a description', () => {
    const defined = new Map((document.tags ?? []).map((t) => [t.name, t.description]));
    const used = new Set(operationsOf(document).flatMap((o) => o.tags ?? []));
    expect([...used].filter((t) => !defined.has(t))).toEqual([]);
    expect([...defined.keys()].filter((t) => !used.has(t))).toEqual([]);
    for (const description of defined.values()) expect(description).toBeTruthy();
  });
});
