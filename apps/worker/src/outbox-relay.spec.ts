import { AppConfig, type Environment } from '@app/common';
import { InMemoryOutboxRepository, InMemoryUnitOfWork, type UnitOfWork } from '@app/persistence';
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

function setup() {
  mockAdded.length = 0;
  mockRedis.down = false;
  const outbox = new InMemoryOutboxRepository();
  outbox.now = NOW;
  const relay = new OutboxRelay(
    new InMemoryUnitOfWork() as unknown as UnitOfWork,
    outbox,
    new AppConfig({
      OUTBOX_POLL_MS: 100,
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'test',
      WEBHOOK_MAX_ATTEMPTS: 5,
      WEBHOOK_BACKOFF_MS: 1000,
    } as unknown as Environment),
  );
  const add = (id: string, queue: string, availableInMs = 0) =>
    outbox.add(undefined as never, {
      id,
      queue,
      jobName: 'clock-due',
      payload: { outboxId: id },
      organizationId: null,
      availableAt: new Date(NOW + availableInMs),
    });
  return { outbox, relay, add };
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
    const { outbox, relay, add } = setup();
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
  });

  it('does not publish a row for a queue it does not know', async () => {
    const { outbox, relay, add } = setup();
    await add('x', 'no-such-queue');
    await add('ok', 'sla');

    expect(await relay.publishBatch()).toBe('blocked');
    expect(mockAdded.map((a) => a.opts.jobId)).toEqual(['ok']);
    expect(outbox.rows.find((r) => r.id === 'x')).toMatchObject({
      published: false,
      lastError: 'unknown queue no-such-queue',
    });
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
