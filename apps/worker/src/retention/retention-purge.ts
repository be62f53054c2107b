import {
  RETENTION_ARCHIVE_LOCK_KEY,
  archiveEventLine,
  archiveHeaderLine,
  AuditWriter,
  loadSigningKey,
  SYSTEM_ACTOR,
  verifyArchiveFile,
  type SigningKey,
} from '@app/audit';
import { AppConfig, archiveDirOf, retentionPolicyOf } from '@app/common';
import { retentionCutoff, type RetentionKind, type RetentionPolicy } from '@app/domain';
import {
  AuditArchivesRepository,
  AuditChainRepository,
  retentionReport,
  RetentionRepository,
  UnitOfWork,
  type AuditSegment,
  type RetentionReport,
  type Tx,
} from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';

/** Where a purge run was started from, as its audit event says. */
export type PurgeTrigger = 'schedule' | 'cli';

/** One archived month, as a purge run reports it. */
export interface ArchivedMonth {
  month: string;
  firstSeq: number;
  lastSeq: number;
  count: number;
  sha256: string;
  fileName: string;
}

export interface PurgeResult {
  /** Records removed per kind (for audit events: events archived and removed). */
  removed: Record<RetentionKind, number>;
  /** Rows that went with the records above: a case's referrals, documents, dispatches. */
  removedWith: {
    mergedCases: number;
    referrals: number;
    attachments: number;
    dispatches: number;
    deliveryAttempts: number;
    otherRows: number;
  };
  archives: ArchivedMonth[];
  /** `not_permitted` when this database role may not delete audit events (nothing archived). */
  auditArchiving: 'done' | 'not_permitted';
}

/** Events read from the database per query while an archive is written. */
const ARCHIVE_READ_BATCH = 2000;

/**
 * The retention purge: removes what has outlived its period (docs/retention.md),
 * a bounded batch per transaction, the oldest first. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so two purges side by side (two worker replicas, or
 * the command beside the schedule) split the work and never remove a row
 * twice; audit months are archived under an advisory lock, one month per
 * transaction. Every run is one audit event with the counts per kind.
 */
@Injectable()
export class RetentionPurge {
  private readonly logger = new Logger(RetentionPurge.name);
  private readonly policy: RetentionPolicy;
  private readonly batch: number;
  private readonly archiveDir: string;
  private signingKey?: SigningKey;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly retention: RetentionRepository,
    private readonly archives: AuditArchivesRepository,
    private readonly chain: AuditChainRepository,
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
  ) {
    this.policy = retentionPolicyOf({
      RETENTION_CASE_DAYS: config.get('RETENTION_CASE_DAYS'),
      RETENTION_WITHDRAWN_REFERRAL_DAYS: config.get('RETENTION_WITHDRAWN_REFERRAL_DAYS'),
      RETENTION_DRAFT_DAYS: config.get('RETENTION_DRAFT_DAYS'),
      RETENTION_WEBHOOK_DELIVERY_DAYS: config.get('RETENTION_WEBHOOK_DELIVERY_DAYS'),
      RETENTION_NOTIFICATION_DAYS: config.get('RETENTION_NOTIFICATION_DAYS'),
      RETENTION_MAIL_DELIVERY_DAYS: config.get('RETENTION_MAIL_DELIVERY_DAYS'),
      RETENTION_IDEMPOTENCY_DAYS: config.get('RETENTION_IDEMPOTENCY_DAYS'),
      RETENTION_AUDIT_DAYS: config.get('RETENTION_AUDIT_DAYS'),
    });
    this.batch = config.get('RETENTION_PURGE_BATCH');
    this.archiveDir = archiveDirOf({
      ARCHIVE_DIR: config.get('ARCHIVE_DIR'),
      DATA_DIR: config.get('DATA_DIR'),
    });
  }

  /** What a purge would remove now; changes nothing. */
  report(now = new Date()): Promise<RetentionReport> {
    return this.uow.run((tx) =>
      retentionReport(tx, { retention: this.retention, archives: this.archives }, this.policy, now),
    );
  }

  /** Remove everything past its period; one audit event for the run, whatever happens. */
  async purge(trigger: PurgeTrigger, now = new Date()): Promise<PurgeResult> {
    const result: PurgeResult = {
      removed: {
        closed_cases: 0,
        withdrawn_referrals: 0,
        drafts: 0,
        webhook_deliveries: 0,
        notifications: 0,
        mail_deliveries: 0,
        idempotency_records: 0,
        audit_events: 0,
      },
      removedWith: {
        mergedCases: 0,
        referrals: 0,
        attachments: 0,
        dispatches: 0,
        deliveryAttempts: 0,
        otherRows: 0,
      },
      archives: [],
      auditArchiving: 'done',
    };
    let failure: Error | undefined;
    try {
      // Delivery attempts first: those of a case about to go count as their own
      // kind, as the dry run counts them, not as rows that went with the case.
      for (const kind of [
        'webhook_deliveries',
        'notifications',
        'mail_deliveries',
        'idempotency_records',
      ] as const) {
        const cutoff = retentionCutoff(this.policy[kind], now);
        for (;;) {
          const n = await this.uow.run((tx) =>
            this.retention.purgeRows(tx, kind, cutoff, this.batch),
          );
          result.removed[kind] += n;
          if (n < this.batch) break;
        }
      }
      for (const kind of ['drafts', 'withdrawn_referrals', 'closed_cases'] as const) {
        await this.purgeRecords(kind, retentionCutoff(this.policy[kind], now), result);
      }
      await this.archiveAuditMonths(retentionCutoff(this.policy.audit_events, now), result);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    await this.uow.run((tx) => this.recordRun(tx, trigger, result, failure));
    if (failure) throw failure;
    this.logger.log(
      { removed: result.removed, archives: result.archives.length },
      'Retention purge',
    );
    return result;
  }

  private async purgeRecords(
    kind: 'drafts' | 'withdrawn_referrals' | 'closed_cases',
    cutoff: Date,
    result: PurgeResult,
  ): Promise<void> {
    for (;;) {
      const batch = await this.uow.run(async (tx) => {
        const ids = await this.retention.claim(tx, kind, cutoff, this.batch);
        if (ids.length === 0) return undefined;
        const gone = await this.retention.purgeRecords(
          tx,
          kind === 'closed_cases'
            ? { caseIds: ids, referralIds: [] }
            : { caseIds: [], referralIds: ids },
        );
        return { claimed: ids.length, gone };
      });
      if (!batch) break;
      const { claimed, gone } = batch;
      result.removed[kind] += claimed;
      const w = result.removedWith;
      if (kind === 'closed_cases') w.mergedCases += gone.cases - claimed;
      w.referrals += kind === 'closed_cases' ? gone.referrals : 0;
      w.attachments += gone.attachments.length;
      w.dispatches += gone.dispatches;
      w.deliveryAttempts += gone.deliveryAttempts;
      w.otherRows += gone.other;
      // The documents' rows are gone with their referral; the repository
      // deletes their blobs after the commit.
      if (claimed < this.batch) break;
    }
  }

  private async archiveAuditMonths(cutoff: Date, result: PurgeResult): Promise<void> {
    if (!(await this.archives.mayPurge(this.uow.autocommit))) {
      result.auditArchiving = 'not_permitted';
      this.logger.warn(
        'Audit months past retention stay: this role may not delete audit events (run npm run retention:purge as the owner)',
      );
      return;
    }
    for (;;) {
      const archived = await this.uow.run(async (tx) => {
        // One archiver at a time: a second purge finds the lock taken and leaves the months to the first.
        if (!(await this.chain.tryLock(tx, RETENTION_ARCHIVE_LOCK_KEY))) return undefined;
        const next = await this.archives.nextUnarchivedSeq(tx);
        const segment = await this.archives.segmentFrom(tx, next, cutoff);
        if (!segment) return undefined;
        const month = await this.writeArchive(tx, segment);
        const removed = await this.archives.purgeArchived(
          tx,
          month.archiveId,
          segment.firstSeq,
          segment.lastSeq,
        );
        if (removed !== segment.count) {
          throw new Error(
            `archive ${month.fileName}: removed ${removed} of ${segment.count} events`,
          );
        }
        return month;
      });
      if (!archived) break;
      result.removed.audit_events += archived.count;
      result.archives.push({
        month: archived.month,
        firstSeq: archived.firstSeq,
        lastSeq: archived.lastSeq,
        count: archived.count,
        sha256: archived.sha256,
        fileName: archived.fileName,
      });
    }
  }

  /**
   * Write the segment's file (event lines first, to learn their SHA-256, then
   * the signed header before them), read it back and verify it, and record it.
   * Anything short of a verified file stops before a single event is removed.
   */
  private async writeArchive(
    tx: Tx,
    segment: AuditSegment,
  ): Promise<ArchivedMonth & { archiveId: string }> {
    const key = (this.signingKey ??= loadSigningKey(this.config.get('AUDIT_SIGNING_KEY')));
    await mkdir(this.archiveDir, { recursive: true });
    const fileName = `audit-${segment.month}-${segment.firstSeq}-${segment.lastSeq}.jsonl`;
    const path = join(this.archiveDir, fileName);
    const bodyPath = `${path}.body.tmp`;
    const hash = createHash('sha256');
    await writeFile(bodyPath, '');
    let written = 0;
    try {
      for (let after = segment.firstSeq - 1; after < segment.lastSeq;) {
        const rows = await this.archives.events(tx, after, segment.lastSeq, ARCHIVE_READ_BATCH);
        if (rows.length === 0) break;
        const text = rows.map((r) => archiveEventLine(r)).join('');
        hash.update(text, 'utf8');
        await appendFile(bodyPath, text, 'utf8');
        written += rows.length;
        after = rows[rows.length - 1].chain_seq;
      }
      if (written !== segment.count) {
        throw new Error(`archive ${fileName}: read ${written} of ${segment.count} events`);
      }
      const archivedAt = new Date();
      const manifest = {
        month: segment.month,
        firstSeq: segment.firstSeq,
        lastSeq: segment.lastSeq,
        firstPrevHash: segment.firstPrevHash,
        lastHash: segment.lastHash,
        eventCount: segment.count,
        sha256: hash.digest('hex'),
        archivedAt: archivedAt.toISOString(),
        publicKeyFingerprint: key.fingerprint,
      };
      const header = archiveHeaderLine(manifest, key);
      const tmpPath = `${path}.tmp`;
      await writeFile(tmpPath, header, 'utf8');
      await pipeline(createReadStream(bodyPath), createWriteStream(tmpPath, { flags: 'a' }));
      await rename(tmpPath, path);
      const check = await verifyArchiveFile(path, { trustedFingerprints: [key.fingerprint] });
      if (!check.valid) throw new Error(`archive ${fileName} does not verify: ${check.reason}`);
      const signature = (JSON.parse(header) as { signature: { value: string } }).signature.value;
      const archiveId = await this.archives.add(tx, {
        month: segment.month,
        firstSeq: segment.firstSeq,
        lastSeq: segment.lastSeq,
        firstPrevHash: segment.firstPrevHash,
        lastHash: segment.lastHash,
        count: segment.count,
        sha256: manifest.sha256,
        signature,
        publicKeyFingerprint: key.fingerprint,
        fileName,
        archivedAt,
      });
      return {
        archiveId,
        month: segment.month,
        firstSeq: segment.firstSeq,
        lastSeq: segment.lastSeq,
        count: segment.count,
        sha256: manifest.sha256,
        fileName,
      };
    } finally {
      await rm(bodyPath, { force: true });
    }
  }

  /** The run's audit event: counts only, never a record's content or anyone's name. */
  private recordRun(
    tx: Tx,
    trigger: PurgeTrigger,
    result: PurgeResult,
    failure: Error | undefined,
  ): Promise<void> {
    return this.audit.record(tx, {
      actor: SYSTEM_ACTOR,
      origin: null,
      action: 'retention.purge',
      outcome: failure ? 'failure' : 'success',
      targetType: 'retention',
      details: {
        trigger,
        retentionDays: this.policy,
        removed: result.removed,
        removedWith: result.removedWith,
        auditArchiving: result.auditArchiving,
        archives: result.archives.map((a) => ({
          month: a.month,
          firstSeq: a.firstSeq,
          lastSeq: a.lastSeq,
          count: a.count,
          sha256: a.sha256,
        })),
        ...(failure ? { error: failure.name } : {}),
      },
    });
  }
}
