import { ROLES, type Role } from '@app/domain';

/**
 * Who may call which route, as data. test/security/authorization-matrix.e2e-spec.ts
 * walks the real route table and sends every cell of this table: a route
 * without a row fails it, and so does a row without a route (a stale row).
 *
 * A cell is the expected outcome for one caller and one target:
 *   - `allowed`: the caller got past authentication, function-level and
 *     object-level checks: any 2xx, or a 4xx that is NOT 401, 403 or 404
 *     (400, 409, 413, 415, 422 and 429 are fine: bodies are minimal and state
 *     may have moved on; what is checked is access, not the business rule);
 *   - `forbidden`: 403, the role may not do this kind of thing at all;
 *   - `not_found`: 404, the role may do this, but not to this record (another
 *     member's referral, another agency's dispatch, another organization's user);
 *   - `unauthenticated`: 401, no (usable) credentials;
 *   - `passes_checks`: 2xx or any 4xx but 401/403; for a route whose record the
 *     spec cannot make (a failed job in Redis), so 404 means "no such record".
 * A 5xx is never an expected outcome.
 *
 * Targets: `own` is the record of the caller's side, `other` the same kind of
 * record belonging to another organization (see `Resource` for what that means
 * per kind). Routes without an id (collections, the caller's own session) have
 * one target, `none`.
 */

export type Outcome = 'allowed' | 'forbidden' | 'not_found' | 'unauthenticated' | 'passes_checks';

/** Everyone who can knock: the anonymous caller, each role, and a member system's API key. */
export const CALLERS = ['anonymous', ...ROLES, 'api_key'] as const;
export type Caller = (typeof CALLERS)[number];

export type Target = 'own' | 'other' | 'none';

/**
 * What the path ids of a route point at, and what `own` and `other` mean for it.
 * The callers are all on "side A": member A's reporter (who filed referral A)
 * and admin, agency A's liaison, and the coalition's staff.
 *   - referral: own = member A's referral (filed by A's reporter); other = member B's
 *   - attachment: a document on referral A / referral B
 *   - infoRequest: a question to member A / member B
 *   - agencyQuestion: an agency's question on referral A / referral B (the referral's id and the question's)
 *   - organization: the caller's own organization / member B
 *   - user: another user of the caller's organization / a user of member B
 *   - apiKey: a key of member A / member B
 *   - dispatch, hold: of agency A (the liaison's) / of agency B
 *   - agency: agency A / agency B
 *   - case, caseSuggestion, alert, jurisdiction: records no organization owns:
 *     two different records (so `other` is just a second one)
 *   - queueJob: a job id in a queue (none exists: see `passes_checks`)
 *   - inboxView: a saved inbox view of the calling coordinator / of another coordinator
 *   - none: no id in the path
 */
export type Resource =
  | 'none'
  | 'referral'
  | 'attachment'
  | 'infoRequest'
  | 'agencyQuestion'
  | 'organization'
  | 'user'
  | 'apiKey'
  | 'case'
  | 'caseSuggestion'
  | 'dispatch'
  | 'hold'
  | 'agency'
  | 'alert'
  | 'jurisdiction'
  | 'queueJob'
  | 'inboxView';

export type Cell = Outcome | { own: Outcome; other: Outcome };

/**
 * A JSON body; strings of the form `$name` are replaced by the spec with a
 * fixture value (`$agencyA`, `$referralOfCase`, `$uniqueEmail`, ...).
 */
export type BodyTemplate = unknown;

export interface MatrixRow {
  /** METHOD and path exactly as the route table has them (no /api/v1 prefix). */
  route: string;
  resource: Resource;
  /** The outcome per caller; callers not listed get the row's default. */
  cells: Readonly<Record<Caller, Cell>>;
  /** A body that passes validation where practical (absent: no body). */
  body?: BodyTemplate;
  /** Raw body and content type, for routes that take a document. */
  raw?: { contentType: string; text: string; query?: string };
  /**
   * The call ends or changes the caller's own session or credentials: each cell
   * signs in a throwaway user of the role instead of the shared one.
   */
  freshCaller?: boolean;
  /**
   * The route is being added in parallel work (named here): until it is in the
   * route table, its row is reported as pending rather than failed as stale.
   * Delete the marker once the route has landed.
   */
  landing?: string;
  /** Statuses that also count as `allowed` for this route (see the row's comment). */
  alsoAccept?: number[];
}

type Grants = Partial<Record<Caller, Cell>>;

const OWN_ONLY: Cell = { own: 'allowed', other: 'not_found' };

/**
 * A route that needs a signed-in caller: everyone not granted is refused with
 * 403 (an API key included, unless granted), the anonymous caller with 401.
 */
function guarded(
  route: string,
  resource: Resource,
  grants: Grants,
  extra: Partial<Omit<MatrixRow, 'route' | 'resource' | 'cells'>> = {},
): MatrixRow {
  const cells = {} as Record<Caller, Cell>;
  for (const caller of CALLERS) {
    cells[caller] = grants[caller] ?? (caller === 'anonymous' ? 'unauthenticated' : 'forbidden');
  }
  return { route, resource, cells, ...extra };
}

/** A public route: everyone gets through (bodies are deliberately invalid: 400 is `allowed`). */
function open(route: string, extra: Partial<MatrixRow> = {}): MatrixRow {
  const cells = {} as Record<Caller, Cell>;
  for (const caller of CALLERS) cells[caller] = 'allowed';
  return { route, resource: 'none', cells, ...extra };
}

function everyRole(cell: Cell = 'allowed'): Grants {
  const grants: Grants = {};
  for (const role of ROLES) grants[role] = cell;
  return grants;
}

const COORDINATORS: Grants = { coordinator: 'allowed', lead_coordinator: 'allowed' };
/** A coordinator's own record (a saved inbox view): another coordinator's is not found. */
const COORDINATOR_OWN: Grants = { coordinator: OWN_ONLY, lead_coordinator: OWN_ONLY };
/** Referral reads: the filer (reporter: own records; admin: own organization), coordinators. */
const REFERRAL_READ: Grants = {
  member_reporter: OWN_ONLY,
  member_admin: OWN_ONLY,
  coordinator: 'allowed',
  lead_coordinator: 'allowed',
  api_key: OWN_ONLY,
};
/** Referral writes: the filer only (coordinators never edit a member's referral). */
const REFERRAL_WRITE: Grants = {
  member_reporter: OWN_ONLY,
  member_admin: OWN_ONLY,
  api_key: OWN_ONLY,
};
const LIAISON_ACTS: Grants = { le_liaison: OWN_ONLY };
const DISPATCH_READ: Grants = { ...COORDINATORS, le_liaison: OWN_ONLY };
const REFERENCE_READ: Grants = { ...COORDINATORS, platform_admin: 'allowed' };
const PLATFORM_ADMIN: Grants = { platform_admin: 'allowed' };
const AUDIT: Grants = { auditor: 'allowed', platform_admin: 'allowed' };

const REASON = 'Matrix check: a reason long enough.';

export const AUTHORIZATION_MATRIX: readonly MatrixRow[] = [
  // --- health and authentication ----------------------------------------
  // 503 is the health route's own answer when a dependency is down, not an access decision.
  open('GET /health', { alsoAccept: [503] }),
  open('POST /auth/login', { body: {} }),
  open('POST /auth/refresh', { body: {} }),
  open('POST /auth/sso/start', { body: {} }),
  // Without a state the callback refuses (a redirect to the console with sso_error).
  open('GET /auth/sso/callback', { alsoAccept: [303] }),
  open('POST /auth/sso/session', { body: {} }),
  guarded('POST /auth/logout', 'none', everyRole(), { freshCaller: true }),
  guarded('GET /auth/me', 'none', everyRole()),
  guarded('POST /auth/password', 'none', everyRole(), {
    freshCaller: true,
    body: { currentPassword: '$password', newPassword: 'matrix-another-long-passphrase' },
  }),
  guarded('POST /auth/mfa/enrol', 'none', everyRole(), { freshCaller: true }),
  guarded('POST /auth/mfa/confirm', 'none', everyRole(), {
    freshCaller: true,
    body: { otp: '000000' },
  }),
  guarded('POST /auth/mfa/recovery-codes', 'none', everyRole(), {
    freshCaller: true,
    body: { otp: '000000' },
  }),
  guarded('POST /auth/mfa/disable', 'none', everyRole(), {
    freshCaller: true,
    body: { otp: '000000' },
  }),

  // --- organizations, users, API keys -------------------------------------
  guarded('GET /organizations', 'none', PLATFORM_ADMIN),
  guarded('POST /organizations', 'none', PLATFORM_ADMIN, {
    body: { kind: 'coalition', legalName: '$uniqueName', country: 'GB' },
  }),
  guarded('GET /organizations/:id', 'organization', PLATFORM_ADMIN),
  guarded('PATCH /organizations/:id', 'organization', PLATFORM_ADMIN, {
    body: { country: 'GB' },
  }),
  guarded('GET /organizations/:id/users', 'organization', {
    platform_admin: 'allowed',
    member_admin: OWN_ONLY,
  }),
  guarded(
    'POST /organizations/:id/users',
    'organization',
    { platform_admin: 'allowed', member_admin: OWN_ONLY },
    {
      body: {
        email: '$uniqueEmail',
        displayName: 'Matrix Person',
        role: 'member_reporter',
        password: 'a-fresh-long-passphrase',
      },
    },
  ),
  guarded('GET /users/:id', 'user', { platform_admin: 'allowed', member_admin: OWN_ONLY }),
  guarded(
    'PATCH /users/:id',
    'user',
    { platform_admin: 'allowed', member_admin: OWN_ONLY },
    { body: { displayName: 'Matrix Renamed' } },
  ),
  guarded('GET /organizations/:id/api-keys', 'organization', { member_admin: OWN_ONLY }),
  guarded(
    'POST /organizations/:id/api-keys',
    'organization',
    { member_admin: OWN_ONLY },
    { body: { name: 'Matrix key', scopes: ['referrals:read'] } },
  ),
  guarded('DELETE /api-keys/:id', 'apiKey', { member_admin: OWN_ONLY }),
  guarded('GET /organizations/:id/sso', 'organization', {
    platform_admin: 'allowed',
    member_admin: OWN_ONLY,
  }),
  // An issuer on a documentation domain: stored, never contacted.
  guarded(
    'PUT /organizations/:id/sso',
    'organization',
    { platform_admin: 'allowed', member_admin: OWN_ONLY },
    {
      body: {
        issuer: 'https://login.matrix.example',
        clientId: 'matrix-client',
        clientSecret: 'matrix-client-secret',
        required: false,
      },
    },
  ),
  guarded('DELETE /organizations/:id/sso', 'organization', {
    platform_admin: 'allowed',
    member_admin: OWN_ONLY,
  }),

  // --- referrals ----------------------------------------------------------
  guarded(
    'POST /referrals',
    'none',
    { member_reporter: 'allowed', member_admin: 'allowed', api_key: 'allowed' },
    { body: '$referralBody' },
  ),
  // Validation stores nothing: any body is answered 204 or 400 for those who may file.
  guarded(
    'POST /referrals/validation',
    'none',
    { member_reporter: 'allowed', member_admin: 'allowed', api_key: 'allowed' },
    { body: '$referralBody' },
  ),
  guarded('GET /referrals', 'none', {
    member_reporter: 'allowed',
    member_admin: 'allowed',
    api_key: 'allowed',
    ...COORDINATORS,
  }),
  guarded('GET /referrals/:id', 'referral', REFERRAL_READ),
  guarded('PATCH /referrals/:id', 'referral', REFERRAL_WRITE, {
    body: { narrative: 'Matrix check: the narrative as amended.' },
  }),
  guarded('POST /referrals/:id/submit', 'referral', REFERRAL_WRITE),
  guarded('POST /referrals/:id/withdraw', 'referral', REFERRAL_WRITE),
  guarded('POST /referrals/:id/attachments', 'referral', REFERRAL_WRITE, {
    raw: {
      contentType: 'application/octet-stream',
      text: 'Matrix check document.\n',
      query: 'filename=matrix.txt',
    },
  }),
  guarded('GET /referrals/:id/attachments', 'referral', REFERRAL_READ),
  guarded('GET /referrals/:id/attachments/:attachmentId', 'attachment', REFERRAL_READ),
  guarded('GET /referrals/:id/info-requests', 'referral', REFERRAL_READ),
  guarded('POST /referrals/:id/member-actions', 'referral', REFERRAL_WRITE, {
    body: { action: 'enhanced_monitoring', date: '2026-01-15' },
  }),
  guarded('GET /referrals/:id/member-actions', 'referral', REFERRAL_READ),
  guarded('POST /info-requests/:id/answer', 'infoRequest', REFERRAL_WRITE, {
    body: { answer: 'Matrix check answer.' },
  }),

  // --- cases (coordinators; approve, send back, reopen: leads) -------------
  guarded('GET /cases', 'none', COORDINATORS),
  guarded('GET /cases/assignees', 'none', COORDINATORS),
  guarded('GET /cases/:id', 'case', COORDINATORS),
  guarded('POST /cases/:id/assign', 'case', COORDINATORS, { body: {} }),
  guarded('POST /cases/:id/notes', 'case', COORDINATORS, { body: { body: 'Matrix note.' } }),
  guarded('POST /cases/:id/info-requests', 'case', COORDINATORS, {
    body: { referralId: '$referralOfCase', question: 'Matrix question?' },
  }),
  guarded('POST /cases/:id/link', 'case', COORDINATORS, {
    body: { referralId: '$referralElsewhere' },
  }),
  guarded('POST /cases/:id/suggestions/:referralId/dismiss', 'caseSuggestion', COORDINATORS),
  guarded('POST /cases/:id/merge', 'case', COORDINATORS, { body: { intoCaseId: '$otherCase' } }),
  guarded('GET /cases/:id/routing-suggestion', 'case', COORDINATORS),
  guarded('GET /cases/:id/stix', 'case', COORDINATORS),
  // 409 no_routing_to_preview for a case not awaiting approval: access passed.
  guarded('GET /cases/:id/package-preview', 'case', COORDINATORS),
  guarded('POST /cases/:id/propose', 'case', COORDINATORS, {
    body: {
      agencyIds: ['$agencyA'],
      tlp: 'AMBER+STRICT',
      namedLiaisons: [{ agencyId: '$agencyA', liaisonIds: ['$liaisonA'] }],
      rationale: REASON,
    },
  }),
  // The workflow, not the permission table, keeps approval to leads (403 case_approve_forbidden).
  guarded('POST /cases/:id/approve', 'case', {
    coordinator: 'forbidden',
    lead_coordinator: 'allowed',
  }),
  guarded(
    'POST /cases/:id/send-back',
    'case',
    { coordinator: 'forbidden', lead_coordinator: 'allowed' },
    { body: { comment: REASON } },
  ),
  guarded('POST /cases/:id/reject', 'case', COORDINATORS, { body: { reason: REASON } }),
  guarded('POST /cases/:id/close', 'case', COORDINATORS, { body: { outcome: REASON } }),
  guarded(
    'POST /cases/:id/reopen',
    'case',
    { coordinator: 'forbidden', lead_coordinator: 'allowed' },
    { body: { reason: REASON } },
  ),
  guarded('GET /alerts', 'none', COORDINATORS),
  guarded('POST /alerts/:id/acknowledge', 'alert', COORDINATORS),

  // --- notifications: everyone's own -------------------------------------
  guarded('GET /notifications', 'none', everyRole()),
  guarded('GET /notifications/unread-count', 'none', everyRole()),
  guarded('POST /notifications/read', 'none', everyRole(), {
    body: { ids: ['00000000-0000-4000-8000-000000000000'] },
  }),
  guarded('POST /notifications/read-all', 'none', everyRole()),
  guarded('GET /notifications/preferences', 'none', everyRole()),
  guarded('PUT /notifications/preferences', 'none', everyRole(), {
    body: { preferences: [{ kind: 'case.assigned', mode: 'digest' }] },
  }),

  // --- dispatches and holds (liaisons act on their own agency's) -----------
  guarded('GET /dispatches', 'none', { ...COORDINATORS, le_liaison: 'allowed' }),
  guarded('GET /dispatches/:id', 'dispatch', DISPATCH_READ),
  guarded('GET /dispatches/:id/stix', 'dispatch', DISPATCH_READ),
  guarded('GET /dispatches/:id/package', 'dispatch', DISPATCH_READ),
  guarded('GET /dispatches/:id/package.pdf', 'dispatch', DISPATCH_READ),
  // 409 proof_pending/proof_unavailable: a fixture dispatch has no recorded digest.
  guarded('GET /dispatches/:id/proof', 'dispatch', DISPATCH_READ),
  // The document id is one no package lists: 404 is "no such document" once access passed.
  guarded('GET /dispatches/:id/documents/:documentId', 'dispatch', {
    coordinator: 'passes_checks',
    lead_coordinator: 'passes_checks',
    le_liaison: { own: 'passes_checks', other: 'not_found' },
  }),
  guarded('POST /dispatches/:id/acknowledge', 'dispatch', LIAISON_ACTS),
  guarded('POST /dispatches/:id/accept', 'dispatch', LIAISON_ACTS, { body: {} }),
  guarded('POST /dispatches/:id/decline', 'dispatch', LIAISON_ACTS, { body: { reason: REASON } }),
  guarded('POST /dispatches/:id/outcome', 'dispatch', LIAISON_ACTS, {
    body: { outcome: 'investigation_opened' },
  }),
  guarded('POST /dispatches/:id/retry', 'dispatch', COORDINATORS),
  guarded('POST /dispatches/:id/holds', 'dispatch', LIAISON_ACTS, {
    body: {
      scope: 'do_not_contact',
      reason: REASON,
      documentRef: 'MATRIX/1',
      expiresAt: '$inThirtyDays',
    },
  }),
  guarded('GET /dispatches/:id/holds', 'dispatch', DISPATCH_READ),
  guarded('POST /holds/:id/release', 'hold', LIAISON_ACTS, { body: {} }),
  guarded('POST /holds/:id/renew', 'hold', LIAISON_ACTS, { body: { expiresAt: '$inSixtyDays' } }),

  // --- the outcome loop: brokered agency questions, outcome counts ------------
  // A well-formed reference the package does not list: 400 once the dispatch is reached.
  guarded('POST /dispatches/:id/questions', 'dispatch', LIAISON_ACTS, {
    body: { referralReference: 'FCR-2026-000001', body: 'Matrix question?' },
  }),
  guarded('GET /dispatches/:id/questions', 'dispatch', DISPATCH_READ),
  guarded('GET /referrals/:id/questions', 'referral', REFERRAL_READ),
  guarded('POST /referrals/:id/questions/:questionId/answer', 'agencyQuestion', REFERRAL_WRITE, {
    body: { answer: 'Matrix answer.' },
  }),
  guarded('GET /agency-questions', 'none', COORDINATORS),
  guarded('GET /reports/outcomes', 'none', COORDINATORS),

  // --- reference data and queues -------------------------------------------
  guarded('GET /jurisdictions', 'none', REFERENCE_READ),
  guarded('GET /jurisdictions/:code', 'jurisdiction', REFERENCE_READ),
  guarded('POST /jurisdictions', 'none', PLATFORM_ADMIN, {
    body: { code: '$jurisdictionCode', name: 'Matrix land' },
  }),
  guarded('PATCH /jurisdictions/:code', 'jurisdiction', PLATFORM_ADMIN, {
    body: { hotline: false },
  }),
  guarded('GET /agencies', 'none', REFERENCE_READ),
  guarded('GET /agencies/:id', 'agency', REFERENCE_READ),
  guarded('GET /agencies/:id/liaisons', 'agency', REFERENCE_READ),
  guarded('POST /agencies', 'none', PLATFORM_ADMIN, {
    body: {
      organizationId: '$agencyA.organizationId',
      name: 'Matrix agency',
      channels: ['portal'],
    },
  }),
  guarded('PATCH /agencies/:id', 'agency', PLATFORM_ADMIN, { body: { contactPhone: null } }),
  guarded('GET /queues', 'none', { ...COORDINATORS, platform_admin: 'allowed' }),
  guarded('POST /queues/:queue/failed/:jobId/retry', 'queueJob', {
    platform_admin: 'passes_checks',
  }),

  // --- audit trail (auditors and platform admins) --------------------------
  guarded('GET /audit/events', 'none', AUDIT),
  guarded('GET /audit/actions', 'none', AUDIT),
  guarded('GET /audit/verify', 'none', AUDIT),
  guarded('GET /audit/checkpoints', 'none', { ...AUDIT, le_liaison: 'allowed' }),
  guarded('POST /audit/checkpoints', 'none', AUDIT),
  guarded('GET /audit/export', 'none', AUDIT),
  guarded('GET /statistics', 'none', AUDIT),
  // Without a year the export is a 400 for those allowed: access is what is checked.
  guarded('GET /statistics/transparency-report', 'none', AUDIT),
  // --- retention (platform administrators) ------------------------------------
  guarded('GET /retention/report', 'none', { platform_admin: 'allowed' }),

  // --- search (every role; each kind within the reach of its own list) -----
  guarded('GET /search', 'none', everyRole()),

  // --- saved inbox views (each coordinator's own; another's view is not found) --
  guarded('GET /inbox-views', 'none', COORDINATORS),
  guarded('POST /inbox-views', 'none', COORDINATORS, {
    body: { name: '$uniqueName', filters: {} },
  }),
  guarded('PATCH /inbox-views/:id', 'inboxView', COORDINATOR_OWN, { body: { name: 'Renamed' } }),
  guarded('DELETE /inbox-views/:id', 'inboxView', COORDINATOR_OWN),
];

/** `METHOD /path` of a route as listRoutes reports it. */
export function routeKey(route: { method: string; path: string }): string {
  return `${route.method} ${route.path}`;
}

/** The targets a row is checked against. */
export function targetsOf(row: MatrixRow): Target[] {
  return row.resource === 'none' ? ['none'] : ['own', 'other'];
}

/** The expected outcome of one cell. */
export function expectedOutcome(row: MatrixRow, caller: Caller, target: Target): Outcome {
  const cell = row.cells[caller];
  if (typeof cell === 'string') return cell;
  return target === 'other' ? cell.other : cell.own;
}

export function isRole(caller: Caller): caller is Role {
  return (ROLES as readonly string[]).includes(caller);
}
