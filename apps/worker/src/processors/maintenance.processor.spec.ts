import {
  attachmentBlobKey,
  InMemoryHousekeepingRepository,
  InMemoryOutboxRepository,
  InMemoryReferralAttachmentsRepository,
  InMemoryUnitOfWork,
  type UnitOfWork,
} from '@app/persistence';
import { SYSTEM_SCOPE } from '@app/domain';
import type { Job } from 'bullmq';
import { createHash, randomUUID } from 'node:crypto';
import type { Reconciler } from '../reconciler';
import type { RetentionPurge } from '../retention/retention-purge';
import { ORPHAN_BLOB_MIN_AGE_HOURS, MaintenanceProcessor } from './maintenance.processor';

function setup() {
  const housekeeping = new InMemoryHousekeepingRepository();
  const outbox = new InMemoryOutboxRepository();
  const reconciles: number[] = [];
  const reconciler = {
    reconcile: () => {
      reconciles.push(1);
      return Promise.resolve({ referralsRequeued: 1, dispatchesRequeued: 0, clocksRequeued: 2 });
    },
  } as unknown as Reconciler;
  const attachments = new InMemoryReferralAttachmentsRepository();
  const purges: string[] = [];
  const retention = {
    purge: (trigger: string) => {
      purges.push(trigger);
      return Promise.resolve({ removed: { closed_cases: 2, audit_events: 0 } });
    },
  } as unknown as RetentionPurge;
  const processor = new MaintenanceProcessor(
    new InMemoryUnitOfWork() as unknown as UnitOfWork,
    housekeeping,
    outbox,
    reconciler,
    attachments,
    retention,
    attachments.blobs,
  );
  const job = (name: string) => ({ name, data: {} }) as Job;
  return { housekeeping, outbox, reconciles, purges, processor, job, attachments };
}

async function addPublished(outbox: InMemoryOutboxRepository, id: string, agoDays: number) {
  await outbox.add(undefined as never, {
    id,
    queue: 'sla',
    jobName: 'clock-due',
    payload: {},
    organizationId: null,
    availableAt: new Date(0),
  });
  const row = outbox.rows.find((r) => r.id === id);
  if (row) Object.assign(row, { published: true, publishedAgoDays: agoDays });
}

describe('MaintenanceProcessor', () => {
  it('purges expired sessions, stale throttles and outbox rows published over a week ago', async () => {
    const { housekeeping, outbox, processor, job } = setup();
    housekeeping.expiredRefreshTokens = 3;
    housekeeping.staleLoginThrottles = 2;
    await addPublished(outbox, 'old', 8);
    await addPublished(outbox, 'recent', 6);
    await outbox.add(undefined as never, {
      id: 'unpublished',
      queue: 'sla',
      jobName: 'clock-due',
      payload: {},
      organizationId: null,
      availableAt: new Date(0),
    });

    expect(await processor.process(job('purge-expired'))).toEqual({
      refreshTokens: 3,
      loginThrottles: 2,
      ssoSignIns: 0,
      outboxRows: 1,
      orphanBlobs: 0,
      abandonedWrites: 0,
    });
    expect(outbox.rows.map((r) => r.id)).toEqual(['recent', 'unpublished']);
  });

  it('sweeps document blobs no row names once they are a day old, never a recorded or a recent one', async () => {
    const { processor, job, attachments } = setup();
    const text = Buffer.from('date,amount\n2026-10-02,49.99\n');
    const sha256 = createHash('sha256').update(text).digest('hex');
    const referral = { id: 'r-1', organizationId: 'o-1', createdBy: 'u-1' };
    const recorded = await attachments.add(undefined as never, SYSTEM_SCOPE, referral, {
      id: randomUUID(),
      referralId: 'r-1',
      organizationId: 'o-1',
      createdBy: 'u-1',
      filename: 'export.csv',
      mediaType: 'text/csv',
      sizeBytes: text.length,
      sha256,
      content: text,
    });
    const orphan = attachmentBlobKey(randomUUID());
    const recent = attachmentBlobKey(randomUUID());
    for (const key of [orphan, recent]) {
      await attachments.blobs.put(key, text, { sha256, mediaType: 'text/csv' });
    }
    const dayAndMinuteAgo = new Date(Date.now() - (ORPHAN_BLOB_MIN_AGE_HOURS * 60 + 1) * 60_000);
    for (const key of [orphan, recorded.blobKey as string]) {
      Object.assign(attachments.blobs.blobs.get(key) ?? {}, { lastModified: dayAndMinuteAgo });
    }

    expect(await processor.process(job('purge-expired'))).toMatchObject({ orphanBlobs: 1 });
    expect([...attachments.blobs.blobs.keys()].sort()).toEqual([recorded.blobKey, recent].sort());
  });

  it('replays lost work on demand through the reconciler', async () => {
    const { reconciles, processor, job } = setup();
    expect(await processor.process(job('reconcile'))).toEqual({
      referralsRequeued: 1,
      dispatchesRequeued: 0,
      clocksRequeued: 2,
    });
    expect(reconciles).toHaveLength(1);
  });

  it('keeps the month partitions of both tables ready, counting months left in the default partition', async () => {
    const { housekeeping, processor, job } = setup();
    housekeeping.partitionOutcomes.set('audit_events', {
      created: ['audit_events_y2027m03'],
      blocked: ['audit_events_y2027m02'],
    });
    housekeeping.partitionOutcomes.set('referral_match_keys', {
      created: ['referral_match_keys_y2027m02', 'referral_match_keys_y2027m03'],
      blocked: [],
    });
    expect(await processor.process(job('create-partitions'))).toEqual({
      partitionsCreated: 3,
      partitionsBlocked: 1,
    });
    // A second pass finds them all in place.
    expect(await processor.process(job('create-partitions'))).toEqual({
      partitionsCreated: 0,
      partitionsBlocked: 0,
    });
  });

  it('runs the scheduled retention purge and answers its counts per kind', async () => {
    const { purges, processor, job } = setup();
    expect(await processor.process(job('retention-purge'))).toEqual({
      closed_cases: 2,
      audit_events: 0,
    });
    expect(purges).toEqual(['schedule']);
  });

  it('fails a job it has no handler for', async () => {
    const { processor, job } = setup();
    await expect(processor.process(job('vacuum'))).rejects.toThrow(
      'maintenance has no job named vacuum',
    );
  });
});
