import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import type { RequestMeta } from '@app/common';
import {
  hasPermission,
  scopeOf,
  searchTerms,
  SEARCH_KINDS,
  type Permission,
  type RecordScope,
  type SearchKind,
  type SearchTerms,
} from '@app/domain';
import { DirectorySearchRepository, SearchRepository, UnitOfWork, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { SEARCH_DEFAULT_LIMIT, type SearchQueryDto, type SearchResponse } from './dto/search.dto';
import {
  caseResult,
  dispatchResult,
  GROUP_LABELS,
  organizationResult,
  referralResult,
  referenceResult,
  userResult,
  type SearchResult,
} from './search-results';

/** The list whose rule a kind follows: its permission decides the caller's reach. */
const LIST_PERMISSION: Record<SearchKind, Permission> = {
  referral: 'referrals.read',
  case: 'cases.read',
  dispatch: 'dispatches.read',
  organization: 'organizations.read',
  user: 'users.read',
};

/**
 * Kinds whose records are case material: searching them through a list's
 * reach is audited. An auditor's lookup of a reference is not: it shows only
 * what the trail already shows them (a target's reference and id), and the
 * events filter's typeahead would otherwise fill the trail with itself.
 */
const CASE_MATERIAL: readonly SearchKind[] = ['referral', 'case', 'dispatch'];

/** How far the audit event lists what a search showed. */
const AUDITED_RESULTS_MAX = 100;

/**
 * How a caller reaches a kind: `full` through its own list's scope; `audit`
 * as an auditor, who sees a record only as a target of the audit trail (its
 * reference, never its content: references exactly or by their start, people
 * and organizations by name); or not at all.
 */
type Reach =
  | { readonly mode: 'full'; readonly scope: RecordScope }
  | { readonly mode: 'audit'; readonly scope: RecordScope }
  | null;

function reachOf(user: AuthUser, kind: SearchKind): Reach {
  const scope = scopeOf(user, LIST_PERMISSION[kind]);
  if (scope.reach !== 'none') return { mode: 'full', scope };
  if (hasPermission(user.role, 'audit.read')) {
    return { mode: 'audit', scope: scopeOf(user, 'audit.read') };
  }
  return null;
}

/** What an auditor may look up: references alone, no identifier or merchant name. */
function referenceOnly(terms: SearchTerms): SearchTerms {
  return { ...terms, keys: [], merchantId: null, name: null };
}

/**
 * One search box over everything a role may see. Each kind is searched
 * through the reach its list has (LIST_PERMISSION), so a search never finds a
 * record the caller's list would not show; results are ranked (exact
 * reference, exact identifier, reference start, similar names) and grouped by
 * kind.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly records: SearchRepository,
    private readonly directory: DirectorySearchRepository,
    private readonly audit: AuditWriter,
  ) {}

  async search(user: AuthUser, query: SearchQueryDto, meta: RequestMeta): Promise<SearchResponse> {
    const terms = searchTerms(query.q);
    const limit = query.limit ?? SEARCH_DEFAULT_LIMIT;
    const kinds = SEARCH_KINDS.filter((k) => query.kind === undefined || query.kind === k);
    // Search may lag the primary: it reads from the replica when there is one,
    // in a transaction (prepare sets the similarity threshold for it alone).
    // A transaction that is run again starts over: nothing outlives an attempt.
    const { searched, caseMaterial, found } = await this.uow.replicaRead(
      async (tx) => {
        const searched: SearchKind[] = [];
        let caseMaterial = false;
        const found: SearchResult[] = [];
        await this.records.prepare(tx);
        for (const kind of kinds) {
          const reach = reachOf(user, kind);
          if (reach === null) continue;
          searched.push(kind);
          if (reach.mode === 'full' && CASE_MATERIAL.includes(kind)) caseMaterial = true;
          found.push(...(await this.find(tx, user, kind, reach, terms, limit)));
        }
        return { searched, caseMaterial, found };
      },
      { transaction: true },
    );
    const groups = kinds
      .map((kind) => ({
        kind,
        label: GROUP_LABELS[kind],
        items: found
          .filter((r) => r.kind === kind)
          .sort((a, b) => b.score - a.score || (a.title < b.title ? -1 : 1)),
      }))
      .filter((g) => g.items.length > 0)
      .sort((a, b) => b.items[0].score - a.items[0].score);
    // The audit event goes to the primary, after the read and before the
    // answer: a search that cannot be recorded shows nothing.
    if (caseMaterial) {
      await this.record(this.uow.autocommit, user, meta, terms, searched, found);
    }
    return { query: terms.text, groups };
  }

  private async find(
    tx: Tx,
    user: AuthUser,
    kind: SearchKind,
    reach: NonNullable<Reach>,
    terms: SearchTerms,
    limit: number,
  ): Promise<SearchResult[]> {
    const full = reach.mode === 'full';
    const wanted = full ? terms : referenceOnly(terms);
    switch (kind) {
      case 'referral': {
        const rows = await this.records.referrals(tx, reach.scope, wanted, limit);
        return rows.map((r) => (full ? referralResult(user, r) : referenceResult('referral', r)));
      }
      case 'case': {
        const rows = await this.records.cases(tx, reach.scope, wanted, limit);
        return rows.map((r) => (full ? caseResult(r) : referenceResult('case', r)));
      }
      case 'dispatch': {
        const rows = await this.records.dispatches(tx, reach.scope, wanted, limit);
        return rows.map((r) => (full ? dispatchResult(user, r) : referenceResult('dispatch', r)));
      }
      case 'organization': {
        const rows = await this.directory.organizations(tx, reach.scope, terms.text, limit);
        return rows.map((r) => organizationResult(r, reach.mode));
      }
      case 'user': {
        const rows = await this.directory.users(tx, reach.scope, terms.text, limit);
        return rows.map((r) => userResult(user, r, reach.mode));
      }
    }
  }

  /**
   * The search is itself a read of case material, and what was looked for is
   * what shows a search's purpose: the trail keeps the text as typed (bounded
   * by validation), what it was read as, and which records it showed. An
   * identifier typed into a search is sensitive (it can be a person's phone
   * number), but the trail is where fishing for one is found, and only
   * auditors and platform administrators read it.
   */
  private async record(
    tx: Tx,
    user: AuthUser,
    meta: RequestMeta,
    terms: SearchTerms,
    kinds: SearchKind[],
    found: SearchResult[],
  ): Promise<void> {
    const readAs = [
      ...(terms.reference !== null ? ['reference'] : []),
      ...terms.keys.map((k) => k.kind),
      ...(terms.merchantId !== null ? ['merchant_id'] : []),
      ...(terms.name !== null ? ['name'] : []),
    ];
    await this.audit.record(tx, {
      actor: actorOf(user),
      origin: meta,
      action: 'search.query',
      outcome: 'success',
      targetType: 'search',
      details: {
        query: terms.text,
        readAs,
        kinds,
        resultCount: found.length,
        results: found.slice(0, AUDITED_RESULTS_MAX).map((r) => ({ kind: r.kind, id: r.id })),
      },
    });
  }
}
