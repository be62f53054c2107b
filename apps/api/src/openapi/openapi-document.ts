import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { completeDocument } from './complete-document';
import { collectRouteFacts } from './route-facts';

const DESCRIPTION = [
  'Case referrals of the financial coalition against child sexual exploitation.',
  '',
  '**Null and absent.** In an answer every field of a schema is present: a value that is not',
  'known is `null`, never left out, and such fields are typed with `"null"` among their types.',
  'In a request, leaving an optional field out means "not given" (on PATCH: "unchanged");',
  '`null` is accepted only where the field is nullable, and means "none" (on PATCH: "clear it").',
  '',
  '**Errors** are RFC 9457 problem details (`application/problem+json`, schema `Problem`);',
  'each operation lists the statuses it can answer with. `code` is the stable reason;',
  'a 400 names every offending field in `errors`. A record that does not exist and one the',
  'caller may not see both answer 404.',
  '',
  '**Rate limits.** Throttled operations answer with the `RateLimit-Policy` and `RateLimit`',
  'header fields (IETF httpapi); past a limit the answer is 429 with `Retry-After`.',
].join('\n');

const TAGS: { name: string; description: string }[] = [
  { name: 'health', description: 'Whether this instance can serve requests.' },
  { name: 'auth', description: 'Signing in and out, sessions, passwords and MFA.' },
  { name: 'organizations', description: 'Member organizations, agencies and the coalition.' },
  { name: 'users', description: 'People of an organization and their roles.' },
  { name: 'api-keys', description: "A member system's credentials for filing by machine." },
  {
    name: 'single sign-on',
    description: "An organization's OpenID Connect provider for its people's sign-in.",
  },
  {
    name: 'referrals',
    description:
      'Referrals filed by members, their documents, the questions coordinators ask about ' +
      'them and what the member did about the merchant afterwards.',
  },
  { name: 'cases', description: 'Triage, matching, routing and approval of cases.' },
  { name: 'alerts', description: 'Deadlines and failures that need a coordinator.' },
  {
    name: 'notifications',
    description: 'What each person is told (by reference and link) and which of it is mailed.',
  },
  { name: 'dispatches', description: 'Approved cases delivered to law-enforcement agencies.' },
  { name: 'holds', description: 'Deconfliction holds that pause a dispatch.' },
  {
    name: 'agency-questions',
    description:
      "An agency's questions to a filing member, brokered by the coalition: the agency never learns an un-named member.",
  },
  { name: 'reports', description: 'What came of the dispatches: outcome counts for coordinators.' },
  {
    name: 'reference data',
    description: 'Jurisdictions, and the law-enforcement agencies cases are routed to.',
  },
  { name: 'audit', description: 'The tamper-evident audit trail: search, verify, export.' },
  { name: 'queues', description: 'Background job queues, for platform administrators.' },
  {
    name: 'search',
    description:
      'One search over what the caller may see: references, identifiers and merchant names, ranked and grouped by kind.',
  },
  {
    name: 'inbox views',
    description: "A coordinator's saved inbox filters, each the person's own.",
  },
  {
    name: 'statistics',
    description:
      'Aggregate figures for auditors and platform administrators, and the yearly transparency report with small counts withheld.',
  },
  {
    name: 'retention',
    description:
      'What the retention purge would remove, and the audit months archived, for platform administrators.',
  },
];

/**
 * The API's OpenAPI document, built from the controllers and DTOs and
 * completed from the same declarations that validate requests (see
 * complete-document.ts). The API serves it at /api/docs/openapi.json, and the
 * web console's typed client is generated from it (npm run api-client), so the
 * two cannot drift apart.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Coalition Referral Hub API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addServer(
      '/',
      'This deployment (production, staging or local): the host serving this document',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'An access token from POST /api/v1/auth/login or /auth/refresh: a JWT signed with ' +
          'HS256 only, short-lived, bound to a revocable session, following RFC8725 ' +
          '(JSON Web Token Best Current Practices). An API key may be sent here too ' +
          '(`Bearer crh_…`) where the apiKey scheme is accepted.',
      },
      'bearer',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description:
          "A member system's API key (`crh_…`), on the referral operations its scopes allow. " +
          'Send it here or as `Authorization: Bearer crh_…`, not both.',
      },
      'apiKey',
    )
    .addSecurityRequirements('bearer');
  for (const tag of TAGS) config.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, config.build());
  for (const server of document.servers ?? []) {
    (server as { 'x-internal'?: boolean })['x-internal'] = false;
  }
  return completeDocument(
    document as OpenAPIObject & { paths: Record<string, Record<string, unknown>> },
    collectRouteFacts(app),
  );
}
