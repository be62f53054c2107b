import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { AppConfig } from '@app/common';
import {
  matchingKeys,
  OPEN_CASE_STATUSES,
  parseSlaClocks,
  slaDeadline,
  SYSTEM_SCOPE,
  type MatchingKey,
  type SlaDurations,
} from '@app/domain';
import {
  IntakeRepository,
  ReferralsRepository,
  UnitOfWork,
  type ReferralEntity,
  type Tx,
} from '@app/persistence';
import { QueueName, SlaClocks, type JobPayload, WORKER_RECOVERY } from '@app/queues';
import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { IntakeBatcher } from './intake-batcher';
import { ObservedWorkerHost } from './observed-worker-host';

type IntakePayload = JobPayload<QueueName.Intake, 'referral-submitted'>;

/** Name similarity (pg_trgm) from which a case is suggested to coordinators. */
const SUGGESTION_THRESHOLD = 0.45;
const PRIORITY_RANK: Record<string, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };
/**
 * Referrals taken in by one transaction at most, and so the jobs one worker
 * runs at once (they wait for their batch).
 */
const BATCH_MAX = 20;

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
 *
 * Under load, the jobs waiting for the worker are taken in together, one
 * transaction per batch (see IntakeBatcher): the batch locks its referrals (in
 * id order) and the keys of all of them (sorted) before anything else, then
 * takes each referral in turn as a transaction of its own would, seeing the
 * cases the earlier ones opened. Holding every lock from the start keeps two
 * batches of different workers from deadlocking on each other's keys.
 */
@Processor(QueueName.Intake, { concurrency: BATCH_MAX, ...WORKER_RECOVERY })
export class IntakeProcessor extends ObservedWorkerHost {
  protected readonly logger = new Logger(IntakeProcessor.name);
  private readonly durations: SlaDurations;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly referrals: ReferralsRepository,
    private readonly intakes: IntakeRepository,
    private readonly audit: AuditWriter,
    private readonly clocks: SlaClocks,
    config: AppConfig,
  ) {
    super();
    this.durations = parseSlaClocks(config.get('SLA_CLOCKS'));
  }

  private readonly batcher = new IntakeBatcher<IntakeResult>(
    BATCH_MAX,
    (ids) => this.intakeMany(ids),
    (id) => this.intake(id),
  );

  async process(job: Job<IntakePayload>): Promise<IntakeResult> {
    if (job.name !== 'referral-submitted') throw new Error(`intake has no job named ${job.name}`);
    return this.batcher.submit(job.data.referralId);
  }

  async intake(referralId: string): Promise<IntakeResult> {
    const results = await this.intakeMany([referralId]);
    return results.get(referralId) ?? { outcome: 'skipped' };
  }

  /** Take in the given referrals in one transaction; each one's outcome by id. */
  async intakeMany(referralIds: readonly string[]): Promise<Map<string, IntakeResult>> {
    return this.uow.run(async (tx) => {
      const results = new Map<string, IntakeResult>(
        referralIds.map((id) => [id, { outcome: 'skipped' }]),
      );
      const locked = await this.referrals.findMany(tx, SYSTEM_SCOPE, referralIds, { lock: true });
      const due = locked
        .filter((r) => r.status === 'submitted')
        .map((referral) => ({ referral, keys: keysOf(referral) }));
      await this.intakes.lockKeys(
        tx,
        due.flatMap((d) => d.keys),
      );
      for (const { referral, keys } of due) {
        results.set(referral.id, await this.takeIn(tx, referral, keys));
      }
      return results;
    });
  }

  /** One referral, locked and `submitted`, whose keys this transaction holds. */
  private async takeIn(
    tx: Tx,
    referral: ReferralEntity,
    keys: MatchingKey[],
  ): Promise<IntakeResult> {
    const matches = await this.intakes.casesSharingKeys(tx, keys, OPEN_CASE_STATUSES);
    let caseId: string;
    let opened = false;
    if (matches.length > 0) {
      caseId = matches[0];
      await this.raisePriority(tx, caseId, referral.priority);
    } else {
      caseId = randomUUID();
      opened = true;
      await this.intakes.openCase(tx, {
        id: caseId,
        status: 'triage',
        priority: referral.priority,
      });
      // A new case must be picked up within the triage SLA (stopped when it is claimed).
      await this.clocks.start(
        tx,
        'triage',
        { caseId },
        // Business days skip the public holidays of the merchant's country.
        slaDeadline(this.durations, 'triage', new Date(), referral.merchant?.country ?? null),
      );
    }

    await this.intakes.recordMatchKeys(tx, referral.id, caseId, keys);
    const to = await this.referrals.transition(tx, referral, 'intake', { caseId });
    // The row is locked and was `submitted`, which the table moves on intake.
    if (to === null) throw new Error(`referral ${referral.id} refused intake`);

    // Other open cases sharing an exact key, and near names: suggestions only.
    const suggestions = await this.suggest(tx, referral.id, caseId, keys, matches.slice(1));

    if (opened) {
      await this.audit.record(tx, {
        actor: SYSTEM_ACTOR,
        origin: null,
        action: 'case.open',
        outcome: 'success',
        targetType: 'case',
        targetId: caseId,
        details: { fromReferral: referral.id },
      });
    }
    await this.audit.record(tx, {
      actor: SYSTEM_ACTOR,
      origin: null,
      action: 'referral.intake',
      outcome: 'success',
      targetType: 'referral',
      targetId: referral.id,
      details: { caseId, opened, keys: keys.length, suggestions },
    });
    return { outcome: opened ? 'opened' : 'attached', caseId, keys: keys.length, suggestions };
  }

  /** A more urgent referral raises its case's priority; a less urgent one leaves it. */
  private async raisePriority(tx: Tx, caseId: string, priority: string): Promise<void> {
    const current = await this.intakes.casePriority(tx, caseId);
    if ((PRIORITY_RANK[priority] ?? 4) < (PRIORITY_RANK[current] ?? 4)) {
      await this.intakes.setCasePriority(tx, caseId, priority);
    }
  }

  private async suggest(
    tx: Tx,
    referralId: string,
    caseId: string,
    keys: MatchingKey[],
    otherExactCases: string[],
  ): Promise<number> {
    let count = 0;
    for (const other of otherExactCases) {
      if (await this.intakes.suggestExactMatch(tx, other, referralId)) count += 1;
    }
    const name = keys.find((k) => k.kind === 'name_country');
    if (!name) return count;
    const similar = await this.intakes.suggestSimilarNames(tx, {
      name: name.value,
      referralId,
      caseId,
      threshold: SUGGESTION_THRESHOLD,
      statuses: OPEN_CASE_STATUSES,
    });
    return count + similar;
  }
}

/** The matching keys of a referral's merchant; none without a name and a country. */
function keysOf(referral: ReferralEntity): MatchingKey[] {
  const merchant = referral.merchant;
  if (!merchant?.legalName || !merchant.country) return [];
  return matchingKeys(
    {
      legalName: merchant.legalName,
      country: merchant.country,
      websites: merchant.websites,
      emails: merchant.emails,
      phones: merchant.phones,
      merchantIds: merchant.merchantIds,
    },
    referral.observables,
  );
}
