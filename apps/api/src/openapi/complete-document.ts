import type { OpenAPIObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { rateLimitsForOperation, type DocumentedRateLimit } from '../rate-limits/rate-limit-rules';
import { PROBLEM_CONTENT_TYPE } from '@app/common';
import {
  PROBLEM_DESCRIPTIONS,
  PROBLEM_SCHEMAS,
  problemResponse,
  RESPONSE_HEADERS,
} from './problem-responses';
import type { RouteFacts } from './route-facts';
import { boundFormattedString, toOpenApi31 } from './schema-forms';
import {
  HTTP_METHODS,
  walkDocumentSchemas,
  walkSchema,
  type OperationNode,
  type SchemaNode,
} from './schema-walk';
import {
  applyClassRules,
  applyPropertyRules,
  ConstraintConflicts,
  validatedClasses,
} from './validation-constraints';

type Document = OpenAPIObject & { paths: Record<string, Record<string, unknown>> };

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

function headerRef(name: string): { $ref: string } {
  return { $ref: `#/components/headers/${name}` };
}

const RECORD_NAMES: Readonly<Record<string, string>> = {
  agencies: 'agency',
  alerts: 'alert',
  'api-keys': 'API key',
  attachments: 'attachment',
  cases: 'case',
  dispatches: 'dispatch',
  holds: 'hold',
  'info-requests': 'information request',
  organizations: 'organization',
  referrals: 'referral',
  suggestions: 'suggested referral',
  users: 'user',
};

/** "The case's id (a UUID)…" for `{id}` after `/cases/`. */
function pathIdDescription(path: string, name: string): string {
  const segments = path.split('/');
  const collection = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
  const record = RECORD_NAMES[collection] ?? 'record';
  return (
    `Id (a UUID) of the ${record}. One that does not exist and one the caller may not ` +
    'see both answer 404.'
  );
}

/** The rate-limit rules that can count a request to this operation. */
function rateLimitRules(method: string, path: string, facts: RouteFacts): DocumentedRateLimit[] {
  return rateLimitsForOperation(method, path).filter((rule) => {
    switch (rule.by) {
      case 'ip':
        return true;
      case 'api_key':
        return facts.acceptsApiKey;
      default:
        return !facts.isPublic;
    }
  });
}

/** The error statuses an operation can answer with, whatever it does. */
function errorStatuses(
  method: string,
  operation: OperationNode,
  facts: RouteFacts,
  throttled: boolean,
): number[] {
  const statuses = [400, 500, 503];
  if (!facts.isPublic) statuses.push(401);
  if (facts.permission) statuses.push(403);
  if ((operation.parameters ?? []).some((p) => p.in === 'path')) statuses.push(404, 414);
  if (WRITE_METHODS.has(method)) statuses.push(413, 415);
  if (throttled) statuses.push(429);
  return statuses;
}

function completeOperation(
  method: string,
  path: string,
  operation: OperationNode,
  facts: RouteFacts,
  conflicts: ConstraintConflicts,
  requestNodes: Set<SchemaNode>,
  components: Record<string, SchemaNode>,
): void {
  const rules = rateLimitRules(method, path, facts);
  const throttled = rules.length > 0;

  operation.security = facts.isPublic
    ? []
    : facts.acceptsApiKey
      ? [{ bearer: [] }, { apiKey: [] }]
      : [{ bearer: [] }];

  for (const parameter of operation.parameters ?? []) {
    const schema = (parameter.schema ??= { type: 'string' });
    if (parameter.in === 'query' && facts.queryType) {
      applyPropertyRules(facts.queryType, parameter.name, schema, conflicts);
    }
    if (parameter.in === 'path' && facts.uuidParams.includes(parameter.name)) {
      Object.assign(schema, { type: 'string', format: 'uuid', maxLength: 36 });
      (parameter as { description?: string }).description ??= pathIdDescription(
        path,
        parameter.name,
      );
    }
    walkSchema(schema, (node) => requestNodes.add(node));
  }

  const responses = (operation.responses ??= {});
  for (const status of errorStatuses(method, operation, facts, throttled)) {
    responses[String(status)] ??= { description: PROBLEM_DESCRIPTIONS[status] ?? '' };
  }
  for (const [status, response] of Object.entries(responses)) {
    const code = Number(status);
    if (code >= 400 && declaresOwnBody(response)) {
      // The one error answer that is not a problem document (health's 503 is its JSON
      // report, which load balancers read) keeps the body its operation declares.
      response.headers = { ...responseHeaders(code, throttled), ...response.headers };
    } else if (code >= 400 && !throttled) {
      // Only unthrottled operations (health) answer without rate-limit headers: inline, not shared.
      const description = response.description || PROBLEM_DESCRIPTIONS[code] || 'Refused.';
      responses[status] = problemResponse(description, responseHeaders(code, false));
    } else if (code >= 400) {
      const name = problemResponseName(code, components);
      const described = response.description && response.description !== PROBLEM_DESCRIPTIONS[code];
      responses[status] = described
        ? { $ref: `#/components/responses/${name}`, description: response.description }
        : { $ref: `#/components/responses/${name}` };
    } else {
      response.description ||= STATUS_CODES[code] ?? 'Done.';
      response.headers = { ...response.headers, ...responseHeaders(code, throttled) };
    }
  }
}

/** An error response declared with a body of another media type than problem+json. */
function declaresOwnBody(response: { content?: Record<string, unknown> }): boolean {
  const content = response.content;
  return content !== undefined && !(PROBLEM_CONTENT_TYPE in content);
}

function responseHeaders(code: number, throttled: boolean): Record<string, { $ref: string }> {
  const headers: Record<string, { $ref: string }> = {};
  if (throttled && code < 500) {
    headers['RateLimit-Policy'] = headerRef('RateLimit-Policy');
    headers.RateLimit = headerRef('RateLimit');
  }
  if (code === 429 || code === 503) headers['Retry-After'] = headerRef('Retry-After');
  headers['Access-Control-Allow-Origin'] = headerRef('Access-Control-Allow-Origin');
  return headers;
}

/** One reusable error answer per status, with the rate-limit headers. */
function problemResponseName(code: number, components: Record<string, SchemaNode>): string {
  const name = `Problem${code}`;
  components[name] ??= problemResponse(
    PROBLEM_DESCRIPTIONS[code] ?? 'Refused.',
    responseHeaders(code, true),
  );
  return name;
}

/**
 * Turn the document @nestjs/swagger builds from the controllers and DTOs into
 * the contract the API keeps: OpenAPI 3.1 schemas (null stated the standard
 * way), request bounds taken from the validators, every error answer with its
 * problem+json body, the security each operation accepts, and the rate-limit
 * headers of throttled operations.
 */
export function completeDocument(document: Document, routes: Map<string, RouteFacts>): Document {
  const conflicts = new ConstraintConflicts();
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaNode>;

  const requestNodes = new Set<SchemaNode>();
  const responseComponents: Record<string, SchemaNode> = {};
  for (const [name, type] of validatedClasses()) {
    const schema = schemas[name];
    if (!schema) continue;
    applyClassRules(type, schema, conflicts);
    walkSchema(schema, (node) => requestNodes.add(node));
  }

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as OperationNode | undefined;
      if (!operation) continue;
      const facts = routes.get(operation.operationId ?? '');
      if (!facts) throw new Error(`No route declarations found for ${operation.operationId}`);
      completeOperation(
        method,
        path,
        operation,
        facts,
        conflicts,
        requestNodes,
        responseComponents,
      );
    }
  }
  conflicts.throwIfAny();

  document.components = {
    ...document.components,
    schemas: { ...schemas, ...PROBLEM_SCHEMAS },
    headers: RESPONSE_HEADERS,
    responses: responseComponents,
  } as unknown as Document['components'];
  walkDocumentSchemas(document, (node) => {
    toOpenApi31(node);
    if (!requestNodes.has(node)) boundFormattedString(node);
  });
  return document;
}
