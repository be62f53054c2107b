import type { RecordScope, SearchMatch, SearchTerms } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { caseReachSql, referralReachSql } from '../cases/case-reach';
import { dispatchScopeSql } from '../dispatches/dispatch-list';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A record found, with how it matched and its score (higher first). */
export interface SearchRow {
  readonly id: string;
  readonly reference: string;
  readonly match: SearchMatch;
  readonly score: number;
  readonly status: string;
}

export interface ReferralSearchRow extends SearchRow {
  readonly caseId: string | null;
  readonly merchantName: string | null;
  readonly country: string | null;
}

export interface CaseSearchRow extends SearchRow {
  readonly priority: string;
  readonly merchantNames: string[];
}

export interface DispatchSearchRow extends SearchRow {
  readonly caseId: string;
  readonly agencyName: string;
  readonly tlp: string;
  readonly merchantName: string | null;
}

/**
 * Scores: an exact reference, then an exact identifier, then a reference
 * prefix, then names by trigram word similarity (0 to 1). The ranking is the
 * score, then the reference.
 */
const SCORE = { reference: 3, identifier: 2, reference_prefix: 1.5 } as const;
/**
 * Word similarity a name must reach (pg_trgm's `<%`): a misspelt word or two
 * (`pixl harbor` for `pixel harbor media`, 0.67) passes, an unrelated name does not.
 */
export const NAME_WORD_SIMILARITY = 0.5;

type Param = (value: unknown) => string;

function binder(): { params: unknown[]; param: Param } {
  const params: unknown[] = [];
  return {
    params,
    param: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}

/**
 * The referrals (`referral_id`) and cases (`case_id`) whose matching keys the
 * terms hit, with how and how well: exact keys through the (kind, value)
 * index, names through the trigram index on name keys.
 */
function keyHitsSql(terms: SearchTerms, param: Param): string | null {
  const parts: string[] = [];
  if (terms.keys.length > 0) {
    parts.push(
      `SELECT k.referral_id, k.case_id, 'identifier' AS match, ${SCORE.identifier}::float8 AS score
         FROM referral_match_keys k
        WHERE (k.kind, k.value) IN (SELECT * FROM unnest(${param(terms.keys.map((k) => k.kind))}::text[],
                                                         ${param(terms.keys.map((k) => k.value))}::text[]))`,
    );
  }
  if (terms.merchantId !== null) {
    parts.push(
      `SELECT k.referral_id, k.case_id, 'identifier' AS match, ${SCORE.identifier}::float8 AS score
         FROM referral_match_keys k
        WHERE k.kind = 'merchant_id' AND substr(k.value, strpos(k.value, ':') + 1) = ${param(terms.merchantId)}`,
    );
  }
  if (terms.name !== null) {
    const name = param(terms.name);
    parts.push(
      `SELECT k.referral_id, k.case_id, 'name' AS match, word_similarity(${name}::text, k.value)::float8 AS score
         FROM referral_match_keys k
        WHERE k.kind = 'name_country' AND ${name}::text <% k.value`,
    );
  }
  return parts.length > 0 ? parts.join('\n UNION ALL \n') : null;
}

/** Exact and prefix matches of a reference column (`alias.reference`). */
function referenceHitsSql(
  terms: SearchTerms,
  table: string,
  idColumn: string,
  param: Param,
): string | null {
  if (terms.reference === null) return null;
  const value = param(terms.reference);
  // References hold only letters, digits and hyphens: no LIKE wildcard to escape.
  return `SELECT t.id AS ${idColumn},
                 CASE WHEN t.reference = ${value} THEN 'reference' ELSE 'reference_prefix' END AS match,
                 CASE WHEN t.reference = ${value} THEN ${SCORE.reference} ELSE ${SCORE.reference_prefix} END::float8 AS score
            FROM ${table} t WHERE t.reference LIKE ${value} || '%'`;
}

/**
 * Search over what a caller's scope reaches, each kind through the same reach
 * condition its list uses (referralReachSql, caseReachSql, dispatchScopeSql):
 * a search never finds a record the caller's list would not show. Each method
 * answers the best `limit` records of its kind, best first.
 */
@Injectable()
export class SearchRepository {
  /** Names are matched with NAME_WORD_SIMILARITY in this transaction only. */
  async prepare(tx: Tx): Promise<void> {
    await managerOf(tx).query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [
      String(NAME_WORD_SIMILARITY),
    ]);
  }

  async referrals(
    tx: Tx,
    scope: RecordScope,
    terms: SearchTerms,
    limit: number,
  ): Promise<ReferralSearchRow[]> {
    const { params, param } = binder();
    const keyHits = keyHitsSql(terms, param);
    const hits = [
      referenceHitsSql(terms, 'referrals', 'referral_id', param),
      keyHits === null ? null : `SELECT referral_id, match, score FROM (${keyHits}) kh`,
    ].filter((s): s is string => s !== null);
    if (hits.length === 0 || scope.reach === 'none') return [];
    const rows: {
      id: string;
      reference: string;
      status: string;
      case_id: string | null;
      merchant_name: string | null;
      country: string | null;
      match: SearchMatch;
      score: number;
    }[] = await managerOf(tx).query(
      `WITH hits AS (${hits.join('\n UNION ALL \n')}),
            best AS (SELECT DISTINCT ON (referral_id) referral_id, match, score
                       FROM hits ORDER BY referral_id, score DESC)
       SELECT r.id, r.reference, r.status, r.case_id, best.match, best.score,
              NULLIF(btrim(r.merchant ->> 'legalName'), '') AS merchant_name,
              r.merchant ->> 'country' AS country
         FROM best JOIN referrals r ON r.id = best.referral_id
        WHERE ${referralReachSql(scope, param)}
        ORDER BY best.score DESC, r.reference
        LIMIT ${param(limit)}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status,
      match: r.match,
      score: Number(r.score),
      caseId: r.case_id,
      merchantName: r.merchant_name,
      country: r.country,
    }));
  }

  async cases(
    tx: Tx,
    scope: RecordScope,
    terms: SearchTerms,
    limit: number,
  ): Promise<CaseSearchRow[]> {
    if (caseReachSql(scope) === 'FALSE') return [];
    const { params, param } = binder();
    const keyHits = keyHitsSql(terms, param);
    const hits = [
      referenceHitsSql(terms, 'cases', 'case_id', param),
      keyHits === null ? null : `SELECT case_id, match, score FROM (${keyHits}) kh`,
    ].filter((s): s is string => s !== null);
    if (hits.length === 0) return [];
    const rows: {
      id: string;
      reference: string;
      status: string;
      priority: string;
      merchant_names: string[] | null;
      match: SearchMatch;
      score: number;
    }[] = await managerOf(tx).query(
      `WITH hits AS (${hits.join('\n UNION ALL \n')}),
            best AS (SELECT DISTINCT ON (case_id) case_id, match, score
                       FROM hits ORDER BY case_id, score DESC)
       SELECT c.id, c.reference, c.status, c.priority, best.match, best.score,
              (SELECT array_agg(DISTINCT btrim(r.merchant ->> 'legalName'))
                 FROM referrals r
                WHERE r.case_id = c.id AND NULLIF(btrim(r.merchant ->> 'legalName'), '') IS NOT NULL
              ) AS merchant_names
         FROM best JOIN cases c ON c.id = best.case_id
        ORDER BY best.score DESC, c.reference
        LIMIT ${param(limit)}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status,
      match: r.match,
      score: Number(r.score),
      priority: r.priority,
      merchantNames: r.merchant_names ?? [],
    }));
  }

  /**
   * Dispatches by their own reference, their case's reference, or the keys of
   * a referral their package carries (a referral that joined the case after
   * the dispatch is not in its package, and does not find it).
   */
  async dispatches(
    tx: Tx,
    scope: RecordScope,
    terms: SearchTerms,
    limit: number,
  ): Promise<DispatchSearchRow[]> {
    const { params, param } = binder();
    const reach = dispatchScopeSql(scope, 'd', param);
    if (reach === null) return [];
    const keyHits = keyHitsSql(terms, param);
    const hits = [
      referenceHitsSql(terms, 'dispatches', 'dispatch_id', param),
      terms.reference === null
        ? null
        : `SELECT p.id, 'reference', ${SCORE.reference}::float8
             FROM dispatches p JOIN cases c ON c.id = p.case_id
            WHERE c.reference = ${param(terms.reference)}`,
      keyHits === null
        ? null
        : `SELECT p.id, kh.match, kh.score
             FROM (${keyHits}) kh
             JOIN referrals r ON r.id = kh.referral_id
             JOIN dispatches p ON p.case_id = kh.case_id
            WHERE p.package -> 'referrals' @> jsonb_build_array(jsonb_build_object('reference', r.reference))`,
    ].filter((s): s is string => s !== null);
    if (hits.length === 0) return [];
    const rows: {
      id: string;
      reference: string;
      status: string;
      case_id: string;
      agency_name: string;
      tlp: string;
      merchant_name: string | null;
      match: SearchMatch;
      score: number;
    }[] = await managerOf(tx).query(
      `WITH hits (dispatch_id, match, score) AS (${hits.join('\n UNION ALL \n')}),
            best AS (SELECT DISTINCT ON (dispatch_id) dispatch_id, match, score
                       FROM hits ORDER BY dispatch_id, score DESC)
       SELECT d.id, d.reference, d.status, d.case_id, a.name AS agency_name, d.tlp,
              best.match, best.score,
              COALESCE(NULLIF(btrim(d.package #>> '{referrals,0,merchant,legalName}'), ''),
                       NULLIF(btrim(d.package #>> '{summary,merchantNames,0}'), '')) AS merchant_name
         FROM best JOIN dispatches d ON d.id = best.dispatch_id
         JOIN agencies a ON a.id = d.agency_id
        WHERE ${reach}
        ORDER BY best.score DESC, d.reference
        LIMIT ${param(limit)}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status,
      match: r.match,
      score: Number(r.score),
      caseId: r.case_id,
      agencyName: r.agency_name,
      tlp: r.tlp,
      merchantName: r.merchant_name,
    }));
  }
}
