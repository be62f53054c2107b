import type { AuditRecord } from '@app/audit';
import { FieldCipher, parseFieldKeys, type AppConfig } from '@app/common';
import {
  InMemoryDeliveriesRepository,
  type DeliveriesRepository,
  InMemoryDispatchStore,
  InMemoryUnitOfWork,
  type UnitOfWork,
} from '@app/persistence';
import { Notifier, type SlaClocks } from '@app/queues';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { sendWebhook, type WebhookOutcome } from '../delivery/webhook-sender';
import { DeliveryAttemptFailed, DispatchProcessor } from './dispatch.processor';

jest.mock('../delivery/webhook-sender', () => ({ sendWebhook: jest.fn() }));
const send = sendWebhook as jest.MockedFunction<typeof sendWebhook>;

const KEYS = 'test1:dGVzdC1vbmx5LWZpZWxkLWtleS0wMTIzNDU2Nzg5YWI=';

function setup(settings: Record<string, unknown> = {}) {
  const store = new InMemoryDispatchStore();
  store.addAgency('agency-portal', 'org-police', { name: 'City Police' });
  const cipher = new FieldCipher(parseFieldKeys(KEYS));
  store.addAgency('agency-hook', 'org-hook', {
    name: 'Hook Police',
    channels: ['portal', 'webhook'],
    webhookUrl: 'https://hooks.example/receive',
    webhookSecret: cipher.seal('s3cret', 'agency:agency-hook:webhookSecret'),
  });
  const uow = new InMemoryUnitOfWork();
  const audited: AuditRecord[] = [];
  const audit = {
    record: (_tx: unknown, record: AuditRecord) => {
      audited.push(record);
      return Promise.resolve();
    },
  };
  const started: Array<{ clock: string; subject: unknown }> = [];
  const clocks = {
    start: (_tx: unknown, clock: string, subject: unknown) => {
      started.push({ clock, subject });
      return Promise.resolve();
    },
    stop: () => Promise.resolve(),
  };
  const reminders: Array<{ name: string; payload: unknown; availableAt?: Date }> = [];
  const outbox = {
    enqueue: (
      _tx: unknown,
      _queue: string,
      name: string,
      payload: unknown,
      options: { availableAt?: Date } = {},
    ) => {
      reminders.push({ name, payload, availableAt: options.availableAt });
      return Promise.resolve(`outbox-${reminders.length}`);
    },
  };
  const values: Record<string, unknown> = {
    FIELD_ENCRYPTION_KEYS: KEYS,
    SLA_CLOCKS: '',
    WEBHOOK_TIMEOUT_MS: 1000,
    WEBHOOK_ALLOW_HTTP: false,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: false,
    NODE_ENV: 'test',
    ...settings,
  };
  const config = { get: (key: string) => values[key] } as unknown as AppConfig;
  const processor = new DispatchProcessor(
    uow as unknown as UnitOfWork,
    new InMemoryDeliveriesRepository(store) as unknown as DeliveriesRepository,
    audit,
    clocks as unknown as SlaClocks,
    config,
    new Notifier(outbox),
  );
  return { store, uow, processor, audited, started, reminders };
}

const delivered = (httpStatus = 202): WebhookOutcome => ({
  delivered: true,
  httpStatus,
  durationMs: 5,
});
const refused = (permanent: boolean): WebhookOutcome => ({
  delivered: false,
  httpStatus: permanent ? null : 503,
  error: permanent ? 'the URL is not allowed' : 'HTTP 503',
  durationMs: 5,
  permanent,
});

describe('DispatchProcessor', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  beforeEach(() => send.mockReset());

  it('should deliver a portal-only dispatch without sending: delivered, one attempt, clock started, audited', async () => {
    const { store, processor, audited, started } = setup();
    store.addDispatch('d1', 'agency-portal');
    await expect(processor.deliver('d1', false)).resolves.toEqual({
      outcome: 'delivered',
      attempt: 1,
    });
    expect(send).not.toHaveBeenCalled();
    expect(store.dispatches.get('d1')).toEqual(
      expect.objectContaining({ status: 'delivered', deliveryAttempts: 1, lastError: null }),
    );
    expect(store.attempts).toEqual([
      expect.objectContaining({
        dispatchId: 'd1',
        attempt: 1,
        channel: 'portal',
        outcome: 'delivered',
      }),
    ]);
    expect(started).toEqual([
      { clock: 'le_acknowledgement', subject: { caseId: 'case-1', dispatchId: 'd1' } },
    ]);
    expect(audited).toEqual([
      expect.objectContaining({
        action: 'dispatch.deliver',
        outcome: 'success',
        targetId: 'd1',
        details: expect.objectContaining({ attempt: 1, httpStatus: null }),
      }),
    ]);
  });

  it('should not send a dispatch again once it is delivered (a replayed job)', async () => {
    const { store, processor, audited, started } = setup();
    store.addDispatch('d1', 'agency-hook', { channels: ['portal', 'webhook'] });
    send.mockResolvedValue(delivered());
    await expect(processor.deliver('d1', false)).resolves.toEqual({
      outcome: 'delivered',
      attempt: 1,
    });
    await expect(processor.deliver('d1', false)).resolves.toEqual({ outcome: 'skipped' });
    expect(send).toHaveBeenCalledTimes(1);
    expect(store.attempts).toHaveLength(1);
    expect(audited.map((a) => a.action)).toEqual(['dispatch.deliver']);
    expect(started).toHaveLength(1);
  });

  it.each(['acknowledged', 'accepted', 'declined', 'failed'])(
    'should skip a %s dispatch without sending or writing',
    async (status) => {
      const { store, processor, audited } = setup();
      store.addDispatch('d1', 'agency-hook', { status, channels: ['portal', 'webhook'] });
      await expect(processor.deliver('d1', true)).resolves.toEqual({ outcome: 'skipped' });
      expect(send).not.toHaveBeenCalled();
      expect(store.attempts).toEqual([]);
      expect(audited).toEqual([]);
    },
  );

  it('should skip a dispatch that does not exist', async () => {
    const { processor } = setup();
    await expect(processor.deliver('missing', true)).resolves.toEqual({ outcome: 'skipped' });
  });

  it('should send the signed webhook with the opened secret and the package', async () => {
    const { store, processor } = setup();
    store.addDispatch('d1', 'agency-hook', {
      channels: ['portal', 'webhook'],
      package: { case: {} },
    });
    send.mockResolvedValue(delivered());
    await processor.deliver('d1', false);
    expect(send).toHaveBeenCalledWith(
      {
        url: 'https://hooks.example/receive',
        secret: 's3cret',
        dispatchId: 'd1',
        content: { type: 'case.dispatched', package: { case: {} } },
      },
      expect.objectContaining({ timeoutMs: 1000, allowHttp: false }),
    );
  });

  it('should send a RED dispatch restricted to named liaisons as a notice, never its package', async () => {
    const { store, processor } = setup();
    store.addDispatch('d1', 'agency-hook', {
      channels: ['portal', 'webhook'],
      tlp: 'RED',
      namedLiaisonIds: ['liaison-1', 'liaison-2'],
      package: { pap: 'RED', referrals: [{ narrative: 'ZZ-case-content' }] },
    });
    send.mockResolvedValue(delivered());
    await processor.deliver('d1', false);
    const sent = (send.mock.calls[0] as unknown[])[0] as Record<string, unknown>;
    expect(sent.content).toEqual({
      type: 'case.dispatched.restricted',
      notice: {
        reference: 'DSP-d1',
        tlp: 'RED',
        pap: 'RED',
        namedLiaisons: 2,
        message: expect.stringContaining('TLP:RED dispatch DSP-d1') as unknown,
      },
    });
    expect(JSON.stringify(sent)).not.toContain('ZZ-case-content');
    expect(JSON.stringify(sent)).not.toContain('liaison-1');
  });

  it('should record a failed attempt and throw for a retry, leaving the dispatch pending', async () => {
    const { store, processor, audited } = setup();
    store.addDispatch('d1', 'agency-hook', { channels: ['portal', 'webhook'] });
    send.mockResolvedValue(refused(false));
    await expect(processor.deliver('d1', false)).rejects.toBeInstanceOf(DeliveryAttemptFailed);
    expect(store.dispatches.get('d1')).toEqual(
      expect.objectContaining({ status: 'pending', deliveryAttempts: 1, lastError: 'HTTP 503' }),
    );
    expect(store.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        channel: 'webhook',
        outcome: 'failed',
        httpStatus: 503,
      }),
    ]);
    expect(store.alerts).toEqual([]);
    expect(audited).toEqual([]);
  });

  it('should mark the dispatch failed on the last attempt, alert coordinators once and audit it', async () => {
    const { store, processor, audited } = setup();
    store.addDispatch('d1', 'agency-hook', {
      channels: ['portal', 'webhook'],
      deliveryAttempts: 2,
    });
    send.mockResolvedValue(refused(false));
    await expect(processor.deliver('d1', true)).resolves.toEqual({ outcome: 'failed', attempt: 3 });
    expect(store.dispatches.get('d1')).toEqual(
      expect.objectContaining({ status: 'failed', deliveryAttempts: 3, lastError: 'HTTP 503' }),
    );
    expect(store.alerts).toEqual([
      expect.objectContaining({
        kind: 'delivery_failed',
        dispatchId: 'd1',
        dedupeKey: 'delivery_failed:d1:3',
        message:
          'DSP-d1 (CASE-case-1) could not be delivered to Hook Police after 3 attempts: HTTP 503',
      }),
    ]);
    expect(audited).toEqual([
      expect.objectContaining({
        action: 'dispatch.fail',
        details: expect.objectContaining({ attempts: 3, lastError: 'HTTP 503' }),
      }),
    ]);
    await expect(processor.deliver('d1', true)).resolves.toEqual({ outcome: 'skipped' });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('should fail at once, without retries, when the URL is refused for good', async () => {
    const { store, processor } = setup();
    store.addDispatch('d1', 'agency-hook', { channels: ['portal', 'webhook'] });
    send.mockResolvedValue(refused(true));
    await expect(processor.deliver('d1', false)).resolves.toEqual({
      outcome: 'failed',
      attempt: 1,
    });
    expect(store.dispatches.get('d1')?.status).toBe('failed');
  });

  it('should fail at once when the worker cannot open the webhook secret', async () => {
    const { store, processor } = setup({ FIELD_ENCRYPTION_KEYS: undefined });
    store.addDispatch('d1', 'agency-hook', { channels: ['portal', 'webhook'] });
    await expect(processor.deliver('d1', false)).resolves.toEqual({
      outcome: 'failed',
      attempt: 1,
    });
    expect(send).not.toHaveBeenCalled();
    expect(store.attempts[0]).toEqual(
      expect.objectContaining({ error: 'FIELD_ENCRYPTION_KEYS is not configured on the worker' }),
    );
  });

  it('should take the job for its last attempt from BullMQ’s count', async () => {
    const { store, processor } = setup();
    store.addDispatch('d1', 'agency-hook', { channels: ['portal', 'webhook'] });
    send.mockResolvedValue(refused(false));
    const job = {
      name: 'deliver',
      data: { dispatchId: 'd1' },
      attemptsMade: 4,
      opts: { attempts: 5 },
    } as unknown as Job<never>;
    await expect(processor.process(job)).resolves.toEqual({ outcome: 'failed', attempt: 1 });
  });
});
