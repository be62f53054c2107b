import type { AuthUser } from '@app/auth';
import { labelOf, VOCABULARY, type SearchKind, type SearchMatch } from '@app/domain';
import type {
  CaseSearchRow,
  DispatchSearchRow,
  OrganizationSearchRow,
  ReferralSearchRow,
  SearchRow,
  UserSearchRow,
} from '@app/persistence';
import { SEARCH_SUMMARY_MAX, SEARCH_TITLE_MAX } from './dto/search.dto';

/** One result as the route answers it. */
export interface SearchResult {
  kind: SearchKind;
  id: string;
  reference: string | null;
  title: string;
  summary: string;
  path: string;
  match: SearchMatch;
  score: number;
}

export const GROUP_LABELS: Record<SearchKind, string> = {
  referral: 'Referrals',
  case: 'Cases',
  dispatch: 'Dispatches',
  organization: 'Organizations',
  user: 'People',
};

function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function result(
  kind: SearchKind,
  row: { id: string; reference?: string | null; match: SearchMatch; score: number },
  title: string,
  parts: (string | null | undefined)[],
  path: string,
): SearchResult {
  const summary = [
    ...parts.filter((p): p is string => !!p),
    `matched by ${labelOf(row.match, 'searchMatch').toLowerCase()}`,
  ];
  return {
    kind,
    id: row.id,
    reference: row.reference ?? null,
    title: bounded(title, SEARCH_TITLE_MAX),
    summary: bounded(summary.join(' · '), SEARCH_SUMMARY_MAX),
    path,
    match: row.match,
    score: Math.round(row.score * 1000) / 1000,
  };
}

const isCoalitionStaff = (user: AuthUser): boolean =>
  user.role === 'coordinator' || user.role === 'lead_coordinator';

/** A member's own referral opens on its page; coordinators read referrals on their case. */
export function referralResult(user: AuthUser, r: ReferralSearchRow): SearchResult {
  const path = isCoalitionStaff(user)
    ? r.caseId
      ? `/cases/${r.caseId}`
      : '/cases'
    : `/referrals/${r.id}`;
  const merchant = r.merchantName ? `${r.merchantName}${r.country ? ` (${r.country})` : ''}` : null;
  return result(
    'referral',
    r,
    `Referral ${r.reference}`,
    [merchant, labelOf(r.status, 'referralStatus')],
    path,
  );
}

export function caseResult(r: CaseSearchRow): SearchResult {
  return result(
    'case',
    r,
    `Case ${r.reference}`,
    [
      r.merchantNames.slice(0, 3).join(', ') || null,
      labelOf(r.status, 'caseStatus'),
      labelOf(r.priority, 'priority'),
    ],
    `/cases/${r.id}`,
  );
}

/** A liaison opens the dispatch; coordinators read dispatches on their case. */
export function dispatchResult(user: AuthUser, r: DispatchSearchRow): SearchResult {
  const path = user.role === 'le_liaison' ? `/dispatches/${r.id}` : `/cases/${r.caseId}`;
  return result(
    'dispatch',
    r,
    `Dispatch ${r.reference}`,
    [r.merchantName, `to ${r.agencyName}`, labelOf(r.status, 'dispatchStatus'), `TLP:${r.tlp}`],
    path,
  );
}

/**
 * What an auditor sees of a case record: that the reference exists, and the
 * way to its events in the trail; nothing of its content.
 */
export function referenceResult(
  kind: 'referral' | 'case' | 'dispatch',
  r: SearchRow,
): SearchResult {
  return result(
    kind,
    r,
    `${VOCABULARY.searchKind[kind]} ${r.reference}`,
    ['its events in the audit trail'],
    `/audit?targetType=${kind}&targetId=${r.id}`,
  );
}

export function organizationResult(r: OrganizationSearchRow, mode: 'full' | 'audit'): SearchResult {
  const path =
    mode === 'full'
      ? `/admin/organizations/${r.id}`
      : `/audit?targetType=organization&targetId=${r.id}`;
  return result(
    'organization',
    { ...r, reference: null },
    r.legalName,
    [
      labelOf(r.kind, 'organizationKind'),
      r.country,
      ...(mode === 'full' ? [labelOf(r.status, 'organizationStatus')] : []),
    ],
    path,
  );
}

/**
 * A platform administrator opens the person's organization; a member
 * administrator their own organization's page; an auditor the person's
 * actions in the trail (name, organization and role only: no address).
 */
export function userResult(user: AuthUser, r: UserSearchRow, mode: 'full' | 'audit'): SearchResult {
  const path =
    mode === 'audit'
      ? `/audit?actorId=${r.id}`
      : user.role === 'platform_admin'
        ? `/admin/organizations/${r.organizationId}`
        : '/organization';
  return result(
    'user',
    { ...r, reference: null },
    r.displayName,
    [
      ...(mode === 'full' ? [r.email] : []),
      labelOf(r.role, 'role'),
      r.organizationName,
      ...(mode === 'full' ? [labelOf(r.status, 'userStatus')] : []),
    ],
    path,
  );
}
