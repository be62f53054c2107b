import { AppConfig, type Environment } from '@app/common';
import { InMemoryOutboxRepository, InMemoryUnitOfWork, type UnitOfWork } from '@app/persistence';
import { WorkerMetrics } from './metrics/worker-metrics';
import { OutboxRelay } from './outbox-relay';

interface Added {
  queue: string;
  name: string;
  data: unknown;
  opts: { jobId?: string; delay?: number; attempts?: number };
}
const mockAdded: Added[] = [];
const mockRedis = { down: false };

jest.mock('bullmq', () => ({
  Queue: class {
    constructor(readonly name: string) {}
    on(): void {}
    add(name: string, data: unknown, opts: Added['opts']): Promise<unknown> {
      if (mockRedis.down) return Promise.reject(new Error('Connection is closed.'));
      mockAdded.push({ queue: this.name, name, data, opts });
      return Promise.resolve({ id: opts.jobId });
    }
    close(): Promise<void> {
      return Promise.resolve();
    }
  },
}));

const NOW = Date.parse('2026-03-01T12:00:00.000Z');

function setup(pollMs = 100) {
  mockAdded.length = 0;
  mockRedis.down = false;
  const outbox = new InMemoryOutboxRepository();
  outbox.now = NOW;
  const metrics = new WorkerMetrics();
  const relay = new OutboxRelay(
    new InMemoryUnitOfWork() as unknown as UnitOfWork,
    outbox,
    new AppConfig({
      OUTBOX_POLL_MS: pollMs,
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'test',
      WEBHOOK_MAX_ATTEMPTS: 5,
      WEBHOOK_BACKOFF_MS: 1000,
    } as unknown as Environment),
    metrics,
  );
  /** A relay counter's value for one queue. */
  const counted = async (name: string, queue: string) => {
    const { values } = await metrics.registry.getSingleMetric(name)!.get();
    return values.find((v) => v.labels.queue === queue)?.value;
  };
  const add = (id: string, queue: string, availableInMs = 0) =>
    outbox.add(undefined as never, {
      id,
      queue,
      jobName: 'clock-due',
      payload: { outboxId: id },
      organizationId: null,
      availableAt: new Date(NOW + availableInMs),
    });
  return { outbox, relay, add, counted };
}

describe('OutboxRelay.publishBatch', () => {
  it('publishes committed due rows with the row id as job id, then marks them published', async () => {
    const { outbox, relay, add } = setup();
    await add('row-now', 'sla');
    await add('row-soon', 'sla', 60_000);
    await add('row-later', 'sla', 2 * 3600_000);
    await add('row-uncommitted', 'sla');
    outbox.rows[3].committed = false;

    expect(await relay.publishBatch()).toBe('idle');

    expect(mockAdded.map((a) => [a.queue, a.opts.jobId, a.opts.delay])).toEqual([
      ['sla', 'row-now', 0],
      ['sla', 'row-soon', 60_000],
    ]);
    expect(mockAdded[0]).toMatchObject({ name: 'clock-due', data: { outboxId: 'row-now' } });
    expect(outbox.rows.filter((r) => r.published).map((r) => r.id)).toEqual([
      'row-now',
      'row-soon',
    ]);
  });

  it('gives the queue its retry policy with every job', async () => {
    const { relay, add } = setup();
    await add('d1', 'dispatch');
    await relay.publishBatch();
    expect(mockAdded[0].opts.attempts).toBe(5);
  });

  it('leaves rows unpublished and released when Redis refuses, so the next pass retries them', async () => {
    const { outbox, relay, add, counted } = setup();
    await add('r1', 'sla');
    await add('r2', 'sla');
    mockRedis.down = true;

    expect(await relay.publishBatch()).toBe('blocked');
    expect(outbox.rows.map((r) => [r.published, r.claimedUntil, r.lastError])).toEqual([
      [false, null, 'Connection is closed.'],
      [false, null, 'Connection is closed.'],
    ]);

    mockRedis.down = false;
    expect(await relay.publishBatch()).toBe('idle');
    expect(mockAdded.map((a) => a.opts.jobId)).toEqual(['r1', 'r2']);
    expect(outbox.rows.every((r) => r.published)).toBe(true);
    // One failure (the pass stops at the first), then both rows published.
    expect(await counted('crh_outbox_publish_failures_total', 'sla')).toBe(1);
    expect(await counted('crh_outbox_published_total', 'sla')).toBe(2);
  });

  it('does not publish a row for a queue it does not know', async () => {
    const { outbox, relay, add, counted } = setup();
    await add('x', 'no-such-queue');
    await add('ok', 'sla');

    expect(await relay.publishBatch()).toBe('blocked');
    expect(mockAdded.map((a) => a.opts.jobId)).toEqual(['ok']);
    expect(outbox.rows.find((r) => r.id === 'x')).toMatchObject({
      published: false,
      lastError: 'unknown queue no-such-queue',
    });
    expect(await counted('crh_outbox_publish_failures_total', 'unknown')).toBe(1);
  });

  it('does not claim a row another relay holds a live lease on', async () => {
    const { outbox, relay, add } = setup();
    await add('leased', 'sla');
    outbox.rows[0].claimedUntil = NOW + 10_000;

    expect(await relay.publishBatch()).toBe('idle');
    expect(mockAdded).toHaveLength(0);
  });

  it('asks for another pass at once when the batch was full', async () => {
    const { relay, add } = setup();
    for (let i = 0; i < 201; i++) await add(`r${i}`, 'sla');

    expect(await relay.publishBatch()).toBe('more');
    expect(mockAdded).toHaveLength(200);
    expect(await relay.publishBatch()).toBe('idle');
    expect(mockAdded).toHaveLength(201);
  });
});

/** Polls `check` every few ms; fails if it has not held within 4 s (far below the 60 s poll). */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 5) {
    if (waited > 4000) throw new Error('the relay did not get there');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('OutboxRelay wake-up', () => {
  /** A relay whose poll (60 s) is far beyond the spec's timeout, counting its passes. */
  function started() {
    const ctx = setup(60_000);
    const counts = { passes: 0 };
    const publishBatch = ctx.relay.publishBatch.bind(ctx.relay);
    jest.spyOn(ctx.relay, 'publishBatch').mockImplementation(async () => {
      try {
        return await publishBatch();
      } finally {
        counts.passes += 1;
      }
    });
    ctx.relay.onApplicationBootstrap();
    return { ...ctx, counts };
  }

  it('should publish a row committed after its last pass as soon as it is woken, not at the next poll', async () => {
    const { relay, add, counts } = started();
    try {
      await until(() => counts.passes === 1);
      await add('notified', 'sla');
      relay.wake();
      await until(() => mockAdded.length === 1);
      expect(mockAdded[0].opts.jobId).toBe('notified');
    } finally {
      await relay.onApplicationShutdown();
    }
  });

  it('should pass again at once when woken during a pass (the pass may have read before that commit)', async () => {
    const { outbox, relay, add, counts } = started();
    const claimDue = outbox.claimDue.bind(outbox);
    let late = false;
    jest.spyOn(outbox, 'claimDue').mockImplementation(async (...args) => {
      const claimed = await claimDue(...args);
      if (!late) {
        late = true;
        await add('late', 'sla');
        relay.wake();
      }
      return claimed;
    });
    try {
      await until(() => mockAdded.length === 1);
      expect(mockAdded[0].opts.jobId).toBe('late');
      expect(counts.passes).toBeGreaterThanOrEqual(2);
    } finally {
      await relay.onApplicationShutdown();
    }
  });

  it('should keep its backoff while Redis refuses, however often it is woken', async () => {
    const { relay, add, counts } = started();
    mockRedis.down = true;
    try {
      await add('waiting', 'sla');
      // The first pass is refused: the next is 5 s away.
      await until(() => counts.passes === 1);
      for (let i = 0; i < 3; i++) relay.wake();
      await new Promise((r) => setTimeout(r, 100));
      expect(counts.passes).toBe(1);
      expect(mockAdded).toHaveLength(0);
    } finally {
      await relay.onApplicationShutdown();
    }
  });
});
