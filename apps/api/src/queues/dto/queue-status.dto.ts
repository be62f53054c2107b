import {
  ALL_QUEUES,
  FAILED_JOBS_SHOWN,
  FAILED_REASON_MAX_LENGTH,
  type QueueStatus,
} from '@app/queues';
import { ApiProperty } from '@nestjs/swagger';
import { isUUID } from 'class-validator';

/** A job name is cut to this many characters (the system's own are a few words). */
export const JOB_NAME_MAX_LENGTH = 100;
/**
 * The longest job id shown: the outbox row's UUID for intake, dispatch and
 * clock jobs, a scheduler-made id (`repeat:<schedule>:<time>`) or a counter
 * for housekeeping.
 */
export const JOB_ID_MAX_LENGTH = 64;

/** Redis counts as JavaScript reads them. */
const COUNT = {
  type: 'integer',
  format: 'int64',
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
} as const;

export class QueueCountsResponse {
  @ApiProperty({ ...COUNT, description: 'Waiting to run.' }) waiting!: number;
  @ApiProperty({ ...COUNT, description: 'Running now.' }) active!: number;
  @ApiProperty({ ...COUNT, description: 'Waiting for a retry (backoff) or a due time.' })
  delayed!: number;
  @ApiProperty({ ...COUNT, description: 'Failed for good (dead letters).' }) failed!: number;
  @ApiProperty({ ...COUNT, description: 'Done (trimmed after a day).' }) completed!: number;
}

/** A job that ran out of retries: what it was about (ids only) and why it failed. */
export class FailedJobResponse {
  @ApiProperty({
    maxLength: JOB_ID_MAX_LENGTH,
    description:
      'The job id: the UUID of the outbox row it came from (only those can be retried here), or a scheduler-made id for housekeeping.',
  })
  id!: string;
  @ApiProperty({ maxLength: JOB_NAME_MAX_LENGTH, example: 'referral-submitted' }) name!: string;
  @ApiProperty({
    maxLength: FAILED_REASON_MAX_LENGTH,
    description: `Why its last attempt failed (cut to ${FAILED_REASON_MAX_LENGTH} characters; empty when none was recorded).`,
  })
  failedReason!: string;
  @ApiProperty({ ...COUNT, description: 'Attempts made, the last one included.' })
  attemptsMade!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it last failed; null when not recorded.',
  })
  failedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The referral it was about; null for jobs about no referral.',
  })
  referralId!: string | null;
}

/** One queue: how much is waiting, and its dead letters. */
export class QueueStatusResponse {
  @ApiProperty({ enum: ALL_QUEUES, description: 'The queue.' }) name!: string;
  @ApiProperty({ type: () => QueueCountsResponse }) counts!: QueueCountsResponse;
  @ApiProperty({
    type: [FailedJobResponse],
    maxItems: FAILED_JOBS_SHOWN,
    description: `Jobs that ran out of retries (dead letters), newest first: the latest ${FAILED_JOBS_SHOWN}.`,
  })
  failed!: FailedJobResponse[];
}

/** The queues as people see them: bounded text, and referral ids only when they are ids. */
export function toQueueStatusResponse(queue: QueueStatus): QueueStatusResponse {
  return {
    name: queue.name,
    counts: { ...queue.counts },
    failed: queue.failed.slice(0, FAILED_JOBS_SHOWN).map((job) => ({
      id: job.id,
      name: job.name.slice(0, JOB_NAME_MAX_LENGTH),
      failedReason: job.failedReason.slice(0, FAILED_REASON_MAX_LENGTH),
      attemptsMade: job.attemptsMade,
      failedAt: job.failedAt,
      referralId: job.referralId !== null && isUUID(job.referralId) ? job.referralId : null,
    })),
  };
}
