import { FAILED_JOBS_SHOWN, FAILED_REASON_MAX_LENGTH, type QueueStatus } from '@app/queues';
import { JOB_NAME_MAX_LENGTH, toQueueStatusResponse } from './queue-status.dto';

const REFERRAL_ID = '0b9f3e9c-2c4e-4f8a-9d6b-3f1e2a4b5c6d';

function queue(failed: Partial<QueueStatus['failed'][number]>[]): QueueStatus {
  return {
    name: 'intake',
    counts: { waiting: 1, active: 2, delayed: 3, failed: failed.length, completed: 4 },
    failed: failed.map((job, i) => ({
      id: `job-${i}`,
      name: 'referral-submitted',
      failedReason: 'boom',
      attemptsMade: 1,
      failedAt: null,
      referralId: null,
      ...job,
    })),
  };
}

describe('toQueueStatusResponse', () => {
  it('should keep what the queue view says within the bounds the document states', () => {
    const view = toQueueStatusResponse(
      queue([
        {
          name: 'n'.repeat(JOB_NAME_MAX_LENGTH + 1),
          failedReason: 'r'.repeat(FAILED_REASON_MAX_LENGTH + 1),
        },
        ...Array.from({ length: FAILED_JOBS_SHOWN }, () => ({})),
      ]),
    );
    expect(view.failed).toHaveLength(FAILED_JOBS_SHOWN);
    expect(view.failed[0].name).toHaveLength(JOB_NAME_MAX_LENGTH);
    expect(view.failed[0].failedReason).toHaveLength(FAILED_REASON_MAX_LENGTH);
    expect(view.counts).toEqual({ waiting: 1, active: 2, delayed: 3, failed: 21, completed: 4 });
  });

  it('should name a referral only by a UUID, and answer null (never leave the key out) otherwise', () => {
    const view = toQueueStatusResponse(
      queue([{ referralId: REFERRAL_ID }, { referralId: 'not an id' }, { referralId: null }]),
    );
    expect(view.failed.map((f) => f.referralId)).toEqual([REFERRAL_ID, null, null]);
    expect(view.failed.every((f) => 'failedAt' in f && 'referralId' in f)).toBe(true);
  });
});
