import { RETENTION_KINDS, RETENTION_RULES, type RetentionKind } from '@app/domain';
import type { RetentionReport, StoredAuditArchive } from '@app/persistence';
import { ApiProperty } from '@nestjs/swagger';

const INT64 = { type: 'integer', format: 'int64', maximum: Number.MAX_SAFE_INTEGER } as const;
const SHA256_HEX = { minLength: 64, maxLength: 64, pattern: '^[0-9a-f]{64}$' } as const;
const MONTH = { maxLength: 7, pattern: '^[0-9]{4}-[0-9]{2}$', example: '2019-03' } as const;
const TIME = { format: 'date-time', maxLength: 30 } as const;
/** An archive's file name: `audit-YYYY-MM-<first>-<last>.jsonl`. */
const FILE_NAME_MAX_LENGTH = 80;
/** More months than a report ever lists (a century of months). */
const MAX_MONTHS = 1200;

export class RetentionKindResponse {
  @ApiProperty({ enum: RETENTION_KINDS, description: 'The kind of record.' })
  kind!: RetentionKind;
  @ApiProperty({
    maxLength: 64,
    pattern: '^RETENTION_[A-Z_]+_DAYS$',
    example: 'RETENTION_CASE_DAYS',
    description: 'The setting that holds its period.',
  })
  setting!: string;
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 36_500,
    description: 'Period, in days.',
  })
  days!: number;
  @ApiProperty({
    ...INT64,
    minimum: 0,
    description: 'Records past their period: what would go now.',
  })
  count!: number;
  @ApiProperty({
    ...TIME,
    type: String,
    nullable: true,
    description: 'When the oldest of them stopped being worked on; null when there is none.',
  })
  oldest!: string | null;
}

export class AuditSegmentResponse {
  @ApiProperty({ ...MONTH, description: 'The UTC month of the first event.' })
  month!: string;
  @ApiProperty({ ...INT64, minimum: 1, description: 'First chain position.' }) firstSeq!: number;
  @ApiProperty({ ...INT64, minimum: 1, description: 'Last chain position.' }) lastSeq!: number;
  @ApiProperty({ ...INT64, minimum: 1, description: 'Events in it.' }) count!: number;
  @ApiProperty({ ...TIME, description: 'When its first event occurred.' }) oldest!: string;
}

export class AuditArchiveResponse {
  @ApiProperty({ ...MONTH, description: 'The UTC month of the first event.' })
  month!: string;
  @ApiProperty({ ...INT64, minimum: 1 }) firstSeq!: number;
  @ApiProperty({ ...INT64, minimum: 1 }) lastSeq!: number;
  @ApiProperty({ ...INT64, minimum: 1 }) count!: number;
  @ApiProperty({
    ...SHA256_HEX,
    description: 'SHA-256 of the event lines, as the manifest signs it.',
  })
  sha256!: string;
  @ApiProperty({
    ...SHA256_HEX,
    description: 'The hash of the last event: where the live chain continues.',
  })
  lastHash!: string;
  @ApiProperty({
    maxLength: FILE_NAME_MAX_LENGTH,
    pattern: '^audit-[0-9]{4}-[0-9]{2}-[0-9]+-[0-9]+\\.jsonl$',
    description: 'The file in ARCHIVE_DIR.',
  })
  fileName!: string;
  @ApiProperty({ ...TIME }) archivedAt!: string;
  @ApiProperty({
    ...TIME,
    type: String,
    nullable: true,
    description: 'When its events were removed.',
  })
  purgedAt!: string | null;
}

/** GET /retention/report: the dry run, and the archives written so far. */
export class RetentionReportResponse {
  @ApiProperty({ ...TIME }) generatedAt!: string;
  @ApiProperty({
    type: () => RetentionKindResponse,
    isArray: true,
    maxItems: RETENTION_KINDS.length,
  })
  kinds!: RetentionKindResponse[];
  @ApiProperty({
    type: () => AuditSegmentResponse,
    isArray: true,
    maxItems: MAX_MONTHS,
    description: 'Audit months that would be archived and removed, oldest first.',
  })
  auditSegments!: AuditSegmentResponse[];
  @ApiProperty({
    type: () => AuditArchiveResponse,
    isArray: true,
    maxItems: MAX_MONTHS,
    description: 'Audit months archived so far, oldest first.',
  })
  archives!: AuditArchiveResponse[];
}

export function retentionReportResponse(
  report: RetentionReport,
  archives: StoredAuditArchive[],
): RetentionReportResponse {
  return {
    generatedAt: report.generatedAt.toISOString(),
    kinds: report.kinds.map((k) => ({
      kind: k.kind,
      setting: RETENTION_RULES[k.kind].setting,
      days: k.days,
      count: k.count,
      oldest: k.oldest ? new Date(k.oldest).toISOString() : null,
    })),
    auditSegments: report.auditSegments.map((s) => ({
      month: s.month,
      firstSeq: s.firstSeq,
      lastSeq: s.lastSeq,
      count: s.count,
      oldest: s.oldest.toISOString(),
    })),
    archives: archives.map((a) => ({
      month: a.month,
      firstSeq: a.firstSeq,
      lastSeq: a.lastSeq,
      count: a.count,
      sha256: a.sha256,
      lastHash: a.lastHash,
      fileName: a.fileName,
      archivedAt: new Date(a.archivedAt).toISOString(),
      purgedAt: a.purgedAt ? new Date(a.purgedAt).toISOString() : null,
    })),
  };
}
