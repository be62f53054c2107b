import {
  RETENTION_KINDS,
  retentionCutoff,
  type RetentionKindCount,
  type RetentionPolicy,
} from '@app/domain';
import type { Tx } from '../unit-of-work/tx';
import type { AuditArchivesRepository, AuditSegment } from './audit-archives.repository';
import type { RetentionRepository } from './retention.repository';

/** What the purge would remove now: per kind, how many and the oldest; the audit months that would go. */
export interface RetentionReport {
  generatedAt: Date;
  kinds: RetentionKindCount[];
  auditSegments: AuditSegment[];
}

/** More months than a purge would ever archive at once; bounds a report over a broken trail. */
const MAX_SEGMENTS = 1200;

/**
 * The dry run: the same selections the purge takes, counted instead of
 * deleted. Read in one transaction so the counts agree with each other.
 */
export async function retentionReport(
  tx: Tx,
  repos: { retention: RetentionRepository; archives: AuditArchivesRepository },
  policy: RetentionPolicy,
  now: Date,
): Promise<RetentionReport> {
  const auditSegments: AuditSegment[] = [];
  const auditCutoff = retentionCutoff(policy.audit_events, now);
  let next = await repos.archives.nextUnarchivedSeq(tx);
  while (auditSegments.length < MAX_SEGMENTS) {
    const segment = await repos.archives.segmentFrom(tx, next, auditCutoff);
    if (!segment) break;
    auditSegments.push(segment);
    next = segment.lastSeq + 1;
  }
  const kinds: RetentionKindCount[] = [];
  for (const kind of RETENTION_KINDS) {
    const days = policy[kind];
    if (kind === 'audit_events') {
      kinds.push({
        kind,
        days,
        count: auditSegments.reduce((n, s) => n + s.count, 0),
        oldest: auditSegments[0]?.oldest ?? null,
      });
    } else {
      const summary = await repos.retention.summary(tx, kind, retentionCutoff(days, now));
      kinds.push({ kind, days, ...summary });
    }
  }
  return { generatedAt: now, kinds, auditSegments };
}
