import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { AppConfig } from '@app/common';
import {
  matchingKeys,
  OPEN_CASE_STATUSES,
  parseSlaClocks,
  slaDeadline,
  type MatchingKey,
  type SlaDurations,
} from '@app/domain';
import { CaseEntity, ReferralEntity, inTransaction, nextReference } from '@app/persistence';
import { QueueName, SlaClocks, type JobPayload, WORKER_RECOVERY } from '@app/queues';
import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { LoggedWorkerHost } from './logged-worker-host';

type IntakePayload = JobPayload<QueueName.Intake, 'referral-submitted'>;

/** Name similarity (pg_trgm) from which a case is suggested to coordinators. */
const SUGGESTION_THRESHOLD = 0.45;
const PRIORITY_RANK: Record<string, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };

export interface IntakeResult {
  outcome: 'attached' | 'opened' | 'skipped';
  caseId?: string;
  keys?: number;
  suggestions?: number;
}

/**
 * Turns a submitted referral into part of a case. Idempotent: the referral is
 * locked and processed only while it is `submitted`, so a replayed or duplicate
 * job finds it `in_review` and changes nothing. Referrals that share a key are
 * serialised by advisory locks on their keys, so two submissions about the same
 * merchant never open two cases.
 */
@Processor(QueueName.Intake, { concurrency: 4, ...WORKER_RECOVERY })
export class IntakeProcessor extends LoggedWorkerHost {
  protected readonly logger = new Logger(IntakeProcessor.name);
  private readonly durations: SlaDurations;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
    private readonly clocks: SlaClocks,
    config: AppConfig,
  ) {
    super();
    this.durations = parseSlaClocks(config.get('SLA_CLOCKS'));
  }

  async process(job: Job<IntakePayload>): Promise<IntakeResult> {
    if (job.name !== 'referral-submitted') throw new Error(`intake has no job named ${job.name}`);
    return this.intake(job.data.referralId);
  }

  async intake(referralId: string): Promise<IntakeResult> {
    return inTransaction(this.dataSource, async (m) => {
      const referral = await m.findOne(ReferralEntity, {
        where: { id: referralId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!referral || referral.status !== 'submitted') return { outcome: 'skipped' };

      const merchant = referral.merchant;
      const keys =
        merchant?.legalName && merchant.country
          ? matchingKeys(
              {
                legalName: merchant.legalName,
                country: merchant.country,
                websites: merchant.websites,
                emails: merchant.emails,
                phones: merchant.phones,
                merchantIds: merchant.merchantIds,
              },
              referral.observables,
            )
          : [];
      await this.lockKeys(m, keys);

      const matches = await this.openCasesSharingKeys(m, keys);
      let caseId: string;
      let opened = false;
      if (matches.length > 0) {
        caseId = matches[0];
        await this.raisePriority(m, caseId, referral.priority);
      } else {
        caseId = randomUUID();
        opened = true;
        await m.insert(CaseEntity, {
          id: caseId,
          reference: await nextReference(m, 'CASE'),
          status: 'triage',
          priority: referral.priority,
          assigneeId: null,
          mergedIntoId: null,
        });
        // A new case must be picked up within the triage SLA (stopped when it is claimed).
        await this.clocks.start(
          m,
          'triage',
          { caseId },
          slaDeadline(this.durations, 'triage', new Date()),
        );
      }

      if (keys.length > 0) {
        await m.query(
          `INSERT INTO referral_match_keys (referral_id, case_id, kind, value)
           SELECT $1, $2, k.kind, k.value FROM unnest($3::text[], $4::text[]) AS k(kind, value)
           ON CONFLICT DO NOTHING`,
          [referral.id, caseId, keys.map((k) => k.kind), keys.map((k) => k.value)],
        );
      }
      await m.update(ReferralEntity, { id: referral.id }, { status: 'in_review', caseId });

      // Other open cases sharing an exact key, and near names: suggestions only.
      const suggestions = await this.suggest(m, referral.id, caseId, keys, matches.slice(1));

      if (opened) {
        await this.audit.record(m, {
          actor: SYSTEM_ACTOR,
          origin: null,
          action: 'case.open',
          outcome: 'success',
          targetType: 'case',
          targetId: caseId,
          details: { fromReferral: referral.id },
        });
      }
      await this.audit.record(m, {
        actor: SYSTEM_ACTOR,
        origin: null,
        action: 'referral.intake',
        outcome: 'success',
        targetType: 'referral',
        targetId: referral.id,
        details: { caseId, opened, keys: keys.length, suggestions },
      });
      return { outcome: opened ? 'opened' : 'attached', caseId, keys: keys.length, suggestions };
    });
  }

  /** Serialise intake of referrals that share any key (sorted: no deadlocks). */
  private async lockKeys(m: EntityManager, keys: MatchingKey[]): Promise<void> {
    if (keys.length === 0) return;
    await m.query(
      `SELECT pg_advisory_xact_lock(h) FROM (
         SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY 1
       ) AS locks`,
      [keys.map((k) => `${k.kind}:${k.value}`)],
    );
  }

  /** Open cases with a referral sharing an exact key, oldest first. */
  private async openCasesSharingKeys(m: EntityManager, keys: MatchingKey[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows: { id: string }[] = await m.query(
      `SELECT c.id FROM cases c
        WHERE c.status = ANY($3::text[])
          AND EXISTS (SELECT 1 FROM referral_match_keys k
                       JOIN unnest($1::text[], $2::text[]) AS q(kind, value)
                         ON k.kind = q.kind AND k.value = q.value
                      WHERE k.case_id = c.id)
        ORDER BY c.created_at, c.id`,
      [keys.map((k) => k.kind), keys.map((k) => k.value), [...OPEN_CASE_STATUSES]],
    );
    return rows.map((r) => r.id);
  }

  private async raisePriority(m: EntityManager, caseId: string, priority: string): Promise<void> {
    const current = await m.findOneByOrFail(CaseEntity, { id: caseId });
    if ((PRIORITY_RANK[priority] ?? 4) < (PRIORITY_RANK[current.priority] ?? 4)) {
      await m.update(CaseEntity, { id: caseId }, { priority });
    }
  }

  private async suggest(
    m: EntityManager,
    referralId: string,
    caseId: string,
    keys: MatchingKey[],
    otherExactCases: string[],
  ): Promise<number> {
    let count = 0;
    for (const other of otherExactCases) {
      const inserted: unknown[] = await m.query(
        `INSERT INTO match_suggestions (case_id, referral_id, similarity, reason)
         VALUES ($1, $2, 1, 'shares an exact identifier with this case')
         ON CONFLICT DO NOTHING RETURNING case_id`,
        [other, referralId],
      );
      count += inserted.length;
    }
    const name = keys.find((k) => k.kind === 'name_country');
    if (!name) return count;
    // The trigram index answers `%` with pg_trgm's own threshold (0.3 by default),
    // then the 0.45 filter discards most of what it fetched; at a million names
    // that is most of the query's time. Raising the operator's threshold for this
    // transaction, just under the filter's (`%` is strictly greater), lets the
    // index return only candidates the filter can keep.
    await m.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [
      String(SUGGESTION_THRESHOLD - 0.01),
    ]);
    const inserted: unknown[] = await m.query(
      `INSERT INTO match_suggestions (case_id, referral_id, similarity, reason)
       SELECT k.case_id, $2, max(similarity(k.value, $1)),
              'similar merchant name in the same country'
         FROM referral_match_keys k JOIN cases c ON c.id = k.case_id
        WHERE k.kind = 'name_country' AND k.value % $1 AND similarity(k.value, $1) >= $4
          AND k.case_id <> $3 AND c.status = ANY($5::text[])
        GROUP BY k.case_id
       ON CONFLICT DO NOTHING RETURNING case_id`,
      [name.value, referralId, caseId, SUGGESTION_THRESHOLD, [...OPEN_CASE_STATUSES]],
    );
    return count + inserted.length;
  }
}
