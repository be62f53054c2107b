// Spectral ruleset for the API's OpenAPI document. `npm run lint:api` lints
// dist/openapi.json, the document exactly as the API serves it, and fails on
// any error.
//
// A JavaScript ruleset so both rulesets come from node_modules: Spectral
// bundles `@stoplight/spectral-rulesets` from its own install and loads other
// packages with Node's require, so linting fetches nothing (a YAML `extends`
// of a package name would be fetched from a CDN).
//
// Every rule turned down or off below, and every override, says why in one
// line. No rule is relaxed to hide a problem of the document: fix the document
// (apps/api/src/openapi/ and the DTOs) instead.
import { oas } from '@stoplight/spectral-rulesets';
import owasp from '@stoplight/spectral-owasp-ruleset';

/** An operation's path in the document, as a JSON pointer fragment for `overrides.files`. */
const operation = (path) =>
  `**/openapi.json#/paths/${encodeURIComponent(path.replaceAll('~', '~0').replaceAll('/', '~1'))}`;

/** A schema property, as a JSON pointer fragment for `overrides.files`. */
const property = (schema, name) =>
  `**/openapi.json#/components/schemas/${schema}/properties/${name}`;

/** An operation's 200 JSON answer, as a JSON pointer fragment for `overrides.files`. */
const answer = (path, method) =>
  `${operation(path)}/${method}/responses/200/content/application~1json/schema`;

export default {
  extends: [
    [oas, 'recommended'],
    [owasp, 'recommended'],
  ],
  rules: {
    // Turned on (off in `recommended`): every tag is declared, described and used once per operation.
    'openapi-tags': 'warn',
    'tag-description': 'warn',
    'operation-singular-tag': 'warn',
    // Turned on: integrators generate clients from the parameter descriptions.
    'oas3-parameter-description': 'warn',
    // Turned on: the servers list names real deployments, never a placeholder host.
    'oas3-server-not-example.com': 'warn',
    // Warnings that stay, severity unchanged (add the reason here for any other that remains):
    // - owasp:api4:2023-string-restricted on text with no format or pattern to state: free text
    //   (names, narratives, notes, reasons), e-mail addresses (internationalized ones fail the
    //   `email` format), client addresses (taken from X-Forwarded-For behind a proxy) and opaque
    //   tokens; each is bounded by maxLength (owasp:api4:2023-string-limit) instead.
  },
  overrides: [
    {
      // Lists answered whole that have no cap yet, so owasp:api4:2023-array-limit stays a warning on them:
      files: [
        // A case's own records (its referrals, matches, notes, questions, dispatches, holds, clocks,
        // alerts): they grow with the work done on that one case, never with what a caller sends.
        ...[
          'referrals',
          'matches',
          'suggestions',
          'notes',
          'infoRequests',
          'dispatches',
          'holds',
          'clocks',
          'alerts',
          'merchantNames',
        ].map((name) => property('CaseDetailResponse', name)),
        property('CaseSummaryResponse', 'merchantNames'),
        property('CaseMatchResponse', 'referrals'),
        property('CaseReferralResponse', 'memberActions'),
        // One record's history (a referral's documents, questions and member actions, a dispatch's
        // holds and delivery attempts): it grows with that record only.
        answer('/api/v1/referrals/{id}/attachments', 'get'),
        answer('/api/v1/dispatches/{id}/holds', 'get'),
        property('ReferralResponse', 'holds'),
        property('DispatchResponse', 'holds'),
        property('DeliverySummaryResponse', 'attempts'),
        property('InfoRequestListResponse', 'items'),
        property('MemberActionListResponse', 'items'),
        // Reference data kept by platform administrators (agencies, coordinators), answered whole.
        property('AgencyListResponse', 'items'),
        property('AssigneeListResponse', 'items'),
        property('RoutingSuggestionResponse', 'candidates'),
        property('JurisdictionSuggestionResponse', 'agencyIds'),
        // One fingerprint per signing key the audit trail has ever had: it grows with key rotations.
        property('AuditVerificationResponse', 'publicKeyFingerprints'),
      ],
      rules: { 'owasp:api4:2023-array-limit': 'warn' },
    },
    {
      files: [operation('/api/v1/health')],
      rules: {
        // Health is unthrottled on purpose: load balancers and orchestrators probe it often from few addresses.
        'owasp:api4:2023-rate-limit': 'off',
        'owasp:api4:2023-rate-limit-responses-429': 'off',
        // Health is public and answers no credentials check, so it never sends 401.
        'owasp:api8:2023-define-error-responses-401': 'off',
        // Health is public on purpose: probes carry no credentials, and it reveals only up/down.
        'owasp:api2:2023-read-restricted': 'off',
      },
    },
    {
      files: [
        operation('/api/v1/auth/login'),
        operation('/api/v1/auth/refresh'),
        operation('/api/v1/auth/sso/start'),
        operation('/api/v1/auth/sso/session'),
      ],
      rules: {
        // Signing in and refreshing are how a credential is obtained; they are throttled per address instead.
        'owasp:api2:2023-write-restricted': 'off',
        // Public: no credential is checked, so no 401 from the guard (wrong credentials answer 401 and are documented).
        'owasp:api8:2023-define-error-responses-401': 'off',
      },
    },
  ],
};
