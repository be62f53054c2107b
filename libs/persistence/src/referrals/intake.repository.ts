import type { CaseStatus, MatchingKey } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { CaseEntity } from '../entities';
import { nextReference } from '../references';
import { managerOf, type Tx } from '../unit-of-work/tx';

/**
 * The case side of intake: match keys, the open cases they lead to, new cases
 * and suggestions. Intake is system work and cases, match keys and suggestions
 * are the coalition's records, held by no member organization: these methods
 * take no scope (the referral itself is read through ReferralsRepository).
 */
@Injectable()
export class IntakeRepository {
  /** Serialise intake of referrals that share any key (sorted: no deadlocks). */
  async lockKeys(tx: Tx, keys: readonly MatchingKey[]): Promise<void> {
    if (keys.length === 0) return;
    await managerOf(tx).query(
      `SELECT pg_advisory_xact_lock(h) FROM (
         SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY 1
       ) AS locks`,
      [keys.map((k) => `${k.kind}:${k.value}`)],
    );
  }

  /** Cases in one of `statuses` with a referral sharing an exact key, oldest first. */
  async casesSharingKeys(
    tx: Tx,
    keys: readonly MatchingKey[],
    statuses: readonly string[],
  ): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows: { id: string }[] = await managerOf(tx).query(
      `SELECT c.id FROM cases c
        WHERE c.status = ANY($3::text[])
          AND EXISTS (SELECT 1 FROM referral_match_keys k
                       JOIN unnest($1::text[], $2::text[]) AS q(kind, value)
                         ON k.kind = q.kind AND k.value = q.value
                      WHERE k.case_id = c.id)
        ORDER BY c.created_at, c.id`,
      [keys.map((k) => k.kind), keys.map((k) => k.value), [...statuses]],
    );
    return rows.map((r) => r.id);
  }

  async casePriority(tx: Tx, caseId: string): Promise<string> {
    const found = await managerOf(tx).findOneByOrFail(CaseEntity, { id: caseId });
    return found.priority;
  }

  async setCasePriority(tx: Tx, caseId: string, priority: string): Promise<void> {
    await managerOf(tx).update(CaseEntity, { id: caseId }, { priority });
  }

  /** Open a case in the status the case workflow starts in; its reference (`CASE-…`) is drawn here. */
  async openCase(
    tx: Tx,
    fields: { id: string; status: CaseStatus; priority: string },
  ): Promise<void> {
    const m = managerOf(tx);
    await m.insert(CaseEntity, {
      id: fields.id,
      // The time of the insert, not of the transaction: cases opened by one
      // batch of intakes keep their order, which decides the case a later
      // referral sharing keys with several of them attaches to.
      createdAt: () => 'clock_timestamp()',
      reference: await nextReference(m, 'CASE'),
      status: fields.status,
      priority: fields.priority,
      assigneeId: null,
      mergedIntoId: null,
    });
  }

  /**
   * Record which keys tied the referral to its case (kept if already there).
   * The keys are partitioned by the referral's creation time, which is taken
   * from the referral: every key of a referral lies in one partition, so the
   * primary key (which holds that time) still makes (referral, kind, value)
   * unique and a repeated intake adds nothing.
   */
  async recordMatchKeys(
    tx: Tx,
    referralId: string,
    caseId: string,
    keys: readonly MatchingKey[],
  ): Promise<void> {
    if (keys.length === 0) return;
    await managerOf(tx).query(
      `INSERT INTO referral_match_keys (referral_id, case_id, kind, value, referral_created_at)
       SELECT r.id, $2, k.kind, k.value, r.created_at
         FROM unnest($3::text[], $4::text[]) AS k(kind, value)
         JOIN referrals r ON r.id = $1
       ON CONFLICT DO NOTHING`,
      [referralId, caseId, keys.map((k) => k.kind), keys.map((k) => k.value)],
    );
  }

  /** Suggest another case sharing an exact key; whether a suggestion was added. */
  async suggestExactMatch(tx: Tx, caseId: string, referralId: string): Promise<boolean> {
    const inserted: unknown[] = await managerOf(tx).query(
      `INSERT INTO match_suggestions (case_id, referral_id, similarity, reason)
       VALUES ($1, $2, 1, 'shares an exact identifier with this case')
       ON CONFLICT DO NOTHING RETURNING case_id`,
      [caseId, referralId],
    );
    return inserted.length > 0;
  }

  /**
   * Suggest the cases in one of `statuses` (other than `caseId`) whose
   * name_country key is in the same country and at least `threshold` similar
   * to `name` (a name_country key, `shop example|GB`); how many were added.
   */
  async suggestSimilarNames(
    tx: Tx,
    args: {
      name: string;
      referralId: string;
      caseId: string;
      threshold: number;
      statuses: readonly string[];
    },
  ): Promise<number> {
    const m = managerOf(tx);
    // The trigram index answers `%` with pg_trgm's threshold (0.3 by default) and
    // every name it returns is read from the table to be rechecked, so it must be
    // the suggestion threshold itself. `%` compares the float4 similarity with
    // the setting as a double, the filter below with `threshold` as a real: the
    // setting is the real's exact value, so `%` keeps exactly what the filter
    // keeps (0.45 as a double is above the real 0.45, and would drop names at
    // exactly 0.45). For this transaction only.
    await m.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [
      String(Math.fround(args.threshold)),
    ]);
    // `right(k.value, 2)` is the key's country, the first column of the index
    // (referral_match_keys_name_country_trgm_idx): the index intersects it with
    // the trigram match, so names in other countries are never read.
    const inserted: unknown[] = await m.query(
      `INSERT INTO match_suggestions (case_id, referral_id, similarity, reason)
       SELECT k.case_id, $2, max(similarity(k.value, $1)),
              'similar merchant name in the same country'
         FROM referral_match_keys k JOIN cases c ON c.id = k.case_id
        WHERE k.kind = 'name_country' AND right(k.value, 2) = right($1, 2)
          AND k.value % $1 AND similarity(k.value, $1) >= $4
          AND k.case_id <> $3 AND c.status = ANY($5::text[])
        GROUP BY k.case_id
       ON CONFLICT DO NOTHING RETURNING case_id`,
      [args.name, args.referralId, args.caseId, args.threshold, [...args.statuses]],
    );
    return inserted.length;
  }
}
