import { PROBLEM_CONTENT_TYPE, PROBLEM_LIMITS } from '@app/common';
import type { SchemaNode } from './schema-walk';

/** RFC 9457 problem details: the one body of every error answer. */
export const PROBLEM_SCHEMAS: Record<string, SchemaNode> = {
  FieldProblem: {
    type: 'object',
    description: 'One offending request field and what is wrong with it.',
    required: ['field', 'messages'],
    additionalProperties: false,
    properties: {
      field: {
        type: 'string',
        maxLength: PROBLEM_LIMITS.fieldPath,
        description: 'Path of the field in the request, e.g. `merchant.websites[2]`.',
        example: 'merchant.websites[2]',
      },
      messages: {
        type: 'array',
        maxItems: PROBLEM_LIMITS.messagesPerField,
        items: { type: 'string', maxLength: PROBLEM_LIMITS.message },
        example: ['must be a URL such as https://example.com'],
      },
    },
  },
  Problem: {
    type: 'object',
    description:
      'RFC 9457 problem details. `code` is the stable, machine-readable reason; ' +
      '`errors` (on 400) names every offending field.',
    required: ['type', 'title', 'status', 'detail', 'code'],
    additionalProperties: false,
    properties: {
      type: {
        type: 'string',
        maxLength: 200,
        description: '`urn:crh:problem:<code>`, or `about:blank` for an unexpected error.',
        example: 'urn:crh:problem:validation_failed',
      },
      title: { type: 'string', maxLength: 100, example: 'Bad Request' },
      status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 400 },
      detail: {
        type: 'string',
        maxLength: PROBLEM_LIMITS.detail,
        example: 'The request has invalid fields; see errors.',
      },
      instance: {
        type: 'string',
        maxLength: PROBLEM_LIMITS.instance,
        description: 'The request path, without its query string.',
        example: '/api/v1/referrals',
      },
      code: {
        type: 'string',
        maxLength: 64,
        pattern: '^[a-z0-9_]+$',
        example: 'validation_failed',
      },
      requestId: {
        type: 'string',
        maxLength: 64,
        description: 'Quote it when reporting a problem; it is in the X-Request-Id header too.',
      },
      errors: {
        type: 'array',
        maxItems: PROBLEM_LIMITS.fields,
        items: { $ref: '#/components/schemas/FieldProblem' },
      },
    },
  },
};

/** What each error status means on any operation; an operation may say more. */
export const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is malformed or has invalid fields; `errors` names every offending field.',
  401: 'No valid credential: the access token or API key is missing, expired or revoked.',
  403: "The caller's role, or the API key's scopes, do not allow this.",
  404: 'No such record, or one the caller may not see: the two answers are the same.',
  409: 'The request conflicts with the current state of the record.',
  413: 'The request body is larger than allowed.',
  414: 'A path parameter is longer than any id of this API.',
  415: 'The request body is not of an accepted media type (application/json).',
  429: 'A rate-limit policy is exhausted; retry after the number of seconds in Retry-After.',
  500: 'An unexpected error. No detail of its cause is given; quote `requestId` if you report it.',
  503: 'A service the request needs is briefly unavailable; retry after Retry-After seconds.',
};

/** Response headers every operation may send, by name, as components. */
export const RESPONSE_HEADERS: Record<string, SchemaNode> = {
  'RateLimit-Policy': {
    description:
      'The rate-limit policies that apply to this request (IETF httpapi RateLimit header ' +
      'fields): a list of `"name";q=<requests>;w=<seconds>`.',
    schema: {
      type: 'string',
      maxLength: 200,
      pattern: '^"[a-z_]+";q=[0-9]+;w=[0-9]+(, "[a-z_]+";q=[0-9]+;w=[0-9]+)*$',
      example: '"requests";q=600;w=60, "filing";q=120;w=60',
    },
  },
  RateLimit: {
    description:
      'What is left of each policy of RateLimit-Policy, in the same order: ' +
      '`"name";r=<remaining>;t=<seconds until its window resets>`.',
    schema: {
      type: 'string',
      maxLength: 200,
      pattern: '^"[a-z_]+";r=[0-9]+;t=[0-9]+(, "[a-z_]+";r=[0-9]+;t=[0-9]+)*$',
      example: '"requests";r=598;t=42, "filing";r=117;t=42',
    },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    required: true,
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 },
  },
  'Access-Control-Allow-Origin': {
    description:
      "Sent to a browser whose Origin is one of the deployment's CORS_ORIGINS; none otherwise.",
    schema: { type: 'string', maxLength: 2048 },
  },
};

export function problemResponse(
  description: string,
  headers: Record<string, { $ref: string }>,
): SchemaNode {
  return {
    description,
    headers,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}
