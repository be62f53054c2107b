import {
  InMemoryHousekeepingRepository,
  InMemoryOutboxRepository,
  InMemoryUnitOfWork,
  type UnitOfWork,
} from '@app/persistence';
import type { Job } from 'bullmq';
import type { Reconciler } from '../reconciler';
import type { RetentionPurge } from '../retention/retention-purge';
import { MaintenanceProcessor } from './maintenance.processor';

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
    retention,
  );
  const job = (name: string) => ({ name, data: {} }) as Job;
  return { housekeeping, outbox, reconciles, purges, processor, job };
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
      outboxRows: 1,
    });
    expect(outbox.rows.map((r) => r.id)).toEqual(['recent', 'unpublished']);
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
