import { FieldCipher, parseFieldKeys, redisTargetOf, type Environment } from '@app/common';
import { verifyWebhook } from '@app/domain';
import {
  AgencyEntity,
  AlertEntity,
  AuditEventEntity,
  CaseEntity,
  DeliveryAttemptEntity,
  DispatchEntity,
  SlaClockEntity,
  inTransaction,
  nextReference,
  type AgencyChannel,
} from '@app/persistence';
import { OutboxWriter, QueueName, redisOptions } from '@app/queues';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { createOrganization, uniqueSuffix } from '../support/factories';
import { createScratchDatabase } from '../support/scratch-database';
import { txOf } from '../support/tx';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/**
 * An agency's receiver: a real HTTP server. Each path answers by its own plan
 * (the status for the n-th request to it); unknown paths answer 200.
 */
async function startReceiver() {
  const received: Received[] = [];
  const plans = new Map<string, (n: number) => number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const n = received.filter((r) => r.path === path).length;
      received.push({
        path,
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
      });
      const status = plans.get(path)?.(n) ?? 200;
      const headers = status >= 300 && status < 400 ? { Location: `${path}/moved` } : {};
      res.writeHead(status, headers).end(status < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    plan: (path: string, statusOf: (n: number) => number) => plans.set(path, statusOf),
    to: (path: string) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const keys = testEnvironment().FIELD_ENCRYPTION_KEYS as string;
const cipher = new FieldCipher(parseFieldKeys(keys));

/** Delivery of dispatches by portal and signed webhook, with retries and failure alerts. */
describe('Dispatch delivery (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    // A database of this spec's own: no other spec's relay publishes these
    // dispatches to a worker with another webhook policy.
    scratch = await createScratchDatabase();
    receiver = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await receiver.close();
    await scratch.drop();
  });

  interface Fixture {
    dispatch: DispatchEntity;
    agency: AgencyEntity;
    caseRef: string;
    secret: string;
    path: string;
  }

  /** An LE organization, its agency, a case and a pending dispatch with its package. */
  async function pendingDispatch(
    ds: DataSource,
    channels: AgencyChannel[],
    url?: (path: string) => string,
    restricted?: { tlp: string; namedLiaisonIds: string[] },
  ): Promise<Fixture> {
    const org = await createOrganization(ds, 'law_enforcement');
    const agencyId = randomUUID();
    const secret = `whsec-${randomUUID()}`;
    const path = `/hook/${agencyId}`;
    const webhook = channels.includes('webhook');
    const agency = ds.manager.create(AgencyEntity, {
      id: agencyId,
      organizationId: org.id,
      name: `Test agency ${uniqueSuffix()}`,
      channels,
      webhookUrl: webhook ? (url ?? ((p) => `${receiver.base}${p}`))(path) : null,
      webhookSecret: webhook ? cipher.seal(secret, `agency:${agencyId}:webhookSecret`) : null,
      contactEmail: null,
      contactPhone: null,
      isFallback: false,
      active: true,
      isDemo: false,
    });
    await ds.manager.insert(AgencyEntity, agency);
    return inTransaction(ds, async (m) => {
      const caseId = randomUUID();
      const caseRef = await nextReference(m, 'CASE');
      await m.insert(CaseEntity, {
        id: caseId,
        reference: caseRef,
        status: 'routed',
        priority: 'P2',
        assigneeId: null,
        mergedIntoId: null,
        tlp: 'AMBER',
      });
      const id = randomUUID();
      const reference = await nextReference(m, 'DSP');
      const values = {
        id,
        reference,
        caseId,
        agencyId,
        routingRound: 1,
        status: 'pending',
        channels,
        basis: [
          { jurisdiction: 'GB', sources: ['merchant_country'], explanation: 'merchant in GB' },
        ],
        tlp: restricted?.tlp ?? 'AMBER',
        namedLiaisonIds: restricted?.namedLiaisonIds ?? null,
        package: {
          schema: 'crh.case-package/v1',
          tlp: restricted?.tlp ?? 'AMBER',
          pap: 'AMBER',
          dispatch: { id, reference },
          case: { id: caseId, reference: caseRef, priority: 'P2' },
          agency: { id: agencyId, name: agency.name },
          summary: { merchantNames: ['Example Merchant Ltd'], countries: ['GB'], referralCount: 1 },
          referrals: [{ filer: 'coalition member', narrative: 'Zoë’s shop – 東京' }],
        },
        deliveryAttempts: 0,
      };
      await m.insert(DispatchEntity, values);
      const dispatch = m.create(DispatchEntity, values);
      return { dispatch, agency, caseRef, secret, path };
    });
  }

  function enqueueDelivery(
    worker: INestApplicationContext,
    ds: DataSource,
    f: Fixture,
  ): Promise<string> {
    return inTransaction(ds, (m) =>
      worker.get(OutboxWriter).enqueue(txOf(m), QueueName.Dispatch, 'deliver', {
        organizationId: f.agency.organizationId,
        dispatchId: f.dispatch.id,
      }),
    );
  }

  const statusOf = (ds: DataSource, id: string, status: string) =>
    eventually(`dispatch ${id} to be ${status}`, async () => {
      const d = await ds.manager.findOneByOrFail(DispatchEntity, { id });
      return d.status === status ? d : undefined;
    });

  const attemptsOf = (ds: DataSource, id: string) =>
    ds.manager.find(DeliveryAttemptEntity, {
      where: { dispatchId: id },
      order: { attempt: 'ASC' },
    });

  const auditOf = (ds: DataSource, id: string, action: string) =>
    ds.manager.findBy(AuditEventEntity, { targetType: 'dispatch', targetId: id, action });

  const alertsOf = (ds: DataSource, id: string) =>
    ds.manager.find(AlertEntity, { where: { dispatchId: id }, order: { createdAt: 'ASC' } });

  describe('with a worker allowed to call receivers on this machine', () => {
    let env: Environment;
    let worker: INestApplicationContext;
    let ds: DataSource;
    let queue: Queue;

    beforeAll(async () => {
      env = testEnvironment({
        DATABASE_URL: scratch.url,
        QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-delivery`,
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_BACKOFF_MS: '50',
        WEBHOOK_MAX_ATTEMPTS: '3',
        SLA_CLOCKS: 'le_acknowledgement=1h',
      });
      worker = await createWorkerApp(env, { shutdownHooks: false });
      ds = worker.get<DataSource>(getDataSourceToken());
      queue = new Queue(QueueName.Dispatch, {
        connection: redisOptions(redisTargetOf(env), 'worker'),
        prefix: env.QUEUE_PREFIX,
      });
    });
    afterAll(async () => {
      await queue.close();
      await worker.close();
    });

    it('should POST a webhook the receiver verifies with the agency secret, and start the acknowledgement clock', async () => {
      const f = await pendingDispatch(ds, ['webhook']);
      const outboxId = await enqueueDelivery(worker, ds, f);
      const delivered = await statusOf(ds, f.dispatch.id, 'delivered');

      const [request, ...more] = receiver.to(f.path);
      expect(more).toHaveLength(0);
      const h = request.headers;
      const now = Math.floor(Date.now() / 1000);
      const signature = h['x-crh-signature'] as string;
      const timestamp = h['x-crh-timestamp'] as string;
      expect(verifyWebhook(f.secret, signature, timestamp, request.rawBody, now)).toBe(true);
      expect(verifyWebhook('another-secret', signature, timestamp, request.rawBody, now)).toBe(
        false,
      );
      expect(verifyWebhook(f.secret, signature, timestamp, `${request.rawBody} `, now)).toBe(false);
      expect(Math.abs(Number(timestamp) - now)).toBeLessThanOrEqual(10);
      expect(h['content-type']).toBe('application/json');
      expect(h['user-agent']).toBe('CoalitionReferralHub-Webhook/1');
      expect(h['x-crh-dispatch-id']).toBe(f.dispatch.id);
      expect(h['idempotency-key']).toBe(f.dispatch.id);
      const body = JSON.parse(request.rawBody);
      expect(body).toEqual({
        type: 'case.dispatched',
        dispatchId: f.dispatch.id,
        idempotencyKey: f.dispatch.id,
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        package: f.dispatch.package,
      });

      expect(delivered.deliveredAt).not.toBeNull();
      expect(delivered.deliveryAttempts).toBe(1);
      expect(delivered.lastError).toBeNull();
      const attempts = await attemptsOf(ds, f.dispatch.id);
      expect(attempts).toEqual([
        expect.objectContaining({
          attempt: 1,
          channel: 'webhook',
          outcome: 'delivered',
          httpStatus: 200,
          error: null,
        }),
      ]);
      const [audit] = await auditOf(ds, f.dispatch.id, 'dispatch.deliver');
      expect(audit).toMatchObject({ outcome: 'success', actorUserId: null });
      expect(audit.details).toMatchObject({ reference: f.dispatch.reference, attempt: 1 });

      const clocks = await ds.manager.findBy(SlaClockEntity, { dispatchId: f.dispatch.id });
      expect(clocks).toHaveLength(1);
      expect(clocks[0]).toMatchObject({
        clock: 'le_acknowledgement',
        caseId: f.dispatch.caseId,
        status: 'running',
      });
      const hour = clocks[0].dueAt.getTime() - delivered.deliveredAt!.getTime();
      expect(Math.abs(hour - 3600_000)).toBeLessThan(5000);

      // The job carried the dispatch queue's retry policy.
      const job = await queue.getJob(outboxId);
      expect(job?.opts.attempts).toBe(3);
      expect(job?.opts.backoff).toEqual({ type: 'exponential', delay: 50, jitter: 0.5 });
    });

    it('should send a RED dispatch for named liaisons as a signed notice, with no package content', async () => {
      const liaisonId = randomUUID();
      const f = await pendingDispatch(ds, ['webhook'], undefined, {
        tlp: 'RED',
        namedLiaisonIds: [liaisonId],
      });
      await enqueueDelivery(worker, ds, f);
      await statusOf(ds, f.dispatch.id, 'delivered');

      const [request, ...more] = receiver.to(f.path);
      expect(more).toHaveLength(0);
      const h = request.headers;
      const now = Math.floor(Date.now() / 1000);
      expect(
        verifyWebhook(
          f.secret,
          h['x-crh-signature'] as string,
          h['x-crh-timestamp'] as string,
          request.rawBody,
          now,
        ),
      ).toBe(true);
      expect(JSON.parse(request.rawBody)).toEqual({
        type: 'case.dispatched.restricted',
        dispatchId: f.dispatch.id,
        idempotencyKey: f.dispatch.id,
        sentAt: expect.stringMatching(/Z$/),
        notice: {
          reference: f.dispatch.reference,
          tlp: 'RED',
          pap: 'AMBER',
          namedLiaisons: 1,
          message: expect.stringContaining(f.dispatch.reference),
        },
      });
      // Nothing of the package travels: no merchant, narrative or case, nor who was named.
      for (const content of ['Example Merchant Ltd', 'Zoë’s shop', f.caseRef, liaisonId]) {
        expect(request.rawBody).not.toContain(content);
      }
    });

    it('should deliver a portal-only dispatch at once, calling nobody', async () => {
      const before = receiver.received.length;
      const f = await pendingDispatch(ds, ['portal']);
      await enqueueDelivery(worker, ds, f);
      const delivered = await statusOf(ds, f.dispatch.id, 'delivered');
      expect(delivered.deliveryAttempts).toBe(1);
      expect(await attemptsOf(ds, f.dispatch.id)).toEqual([
        expect.objectContaining({ attempt: 1, channel: 'portal', outcome: 'delivered' }),
      ]);
      expect(receiver.received.length).toBe(before);
      expect(
        await ds.manager.countBy(SlaClockEntity, {
          dispatchId: f.dispatch.id,
          clock: 'le_acknowledgement',
        }),
      ).toBe(1);
    });

    it('should retry after the receiver fails twice, then deliver (three attempts recorded)', async () => {
      const f = await pendingDispatch(ds, ['portal', 'webhook']);
      receiver.plan(f.path, (n) => (n < 2 ? 500 : 204));
      await enqueueDelivery(worker, ds, f);
      const delivered = await statusOf(ds, f.dispatch.id, 'delivered');

      expect(delivered.deliveryAttempts).toBe(3);
      const attempts = await attemptsOf(ds, f.dispatch.id);
      expect(attempts.map((a) => [a.attempt, a.outcome, a.httpStatus, a.error])).toEqual([
        [1, 'failed', 500, 'HTTP 500'],
        [2, 'failed', 500, 'HTTP 500'],
        [3, 'delivered', 204, null],
      ]);
      // Every try is the same delivery (same idempotency key), each freshly signed.
      const requests = receiver.to(f.path);
      expect(requests).toHaveLength(3);
      for (const r of requests) {
        expect(r.headers['idempotency-key']).toBe(f.dispatch.id);
        expect(JSON.parse(r.rawBody).idempotencyKey).toBe(f.dispatch.id);
        const ok = verifyWebhook(
          f.secret,
          r.headers['x-crh-signature'] as string,
          r.headers['x-crh-timestamp'] as string,
          r.rawBody,
          Math.floor(Date.now() / 1000),
        );
        expect(ok).toBe(true);
      }
      expect(await alertsOf(ds, f.dispatch.id)).toEqual([]);
      expect(await auditOf(ds, f.dispatch.id, 'dispatch.deliver')).toHaveLength(1);
    });

    it('should mark the dispatch failed after the last attempt and alert coordinators once', async () => {
      const f = await pendingDispatch(ds, ['webhook']);
      receiver.plan(f.path, () => 503);
      await enqueueDelivery(worker, ds, f);
      const failed = await statusOf(ds, f.dispatch.id, 'failed');

      expect(failed.failedAt).not.toBeNull();
      expect(failed.deliveredAt).toBeNull();
      expect(failed.deliveryAttempts).toBe(3);
      expect(failed.lastError).toBe('HTTP 503');
      expect(receiver.to(f.path)).toHaveLength(3);
      const attempts = await attemptsOf(ds, f.dispatch.id);
      expect(attempts.map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([
        [1, 'failed', 503],
        [2, 'failed', 503],
        [3, 'failed', 503],
      ]);
      const alerts = await alertsOf(ds, f.dispatch.id);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        kind: 'delivery_failed',
        caseId: f.dispatch.caseId,
        dedupeKey: `delivery_failed:${f.dispatch.id}:3`,
        acknowledgedAt: null,
      });
      expect(alerts[0].message).toContain(f.dispatch.reference);
      expect(alerts[0].message).toContain(f.agency.name);
      expect(alerts[0].message).toContain('HTTP 503');
      const [audit, ...moreAudits] = await auditOf(ds, f.dispatch.id, 'dispatch.fail');
      expect(moreAudits).toHaveLength(0);
      expect(audit.details).toMatchObject({ attempts: 3, lastError: 'HTTP 503' });
      expect(await ds.manager.countBy(SlaClockEntity, { dispatchId: f.dispatch.id })).toBe(0);
      // The secret appears in nothing we stored.
      const stored = JSON.stringify({ failed, attempts, alerts, audit });
      expect(stored).not.toContain(f.secret);

      // A coordinator retries (failed → pending plus a new job): it fails again and
      // raises a second alert; once the receiver is fixed, a third try delivers.
      const retry = async () => {
        await inTransaction(ds, async (m) => {
          await m.update(DispatchEntity, { id: f.dispatch.id }, { status: 'pending' });
          await worker.get(OutboxWriter).enqueue(txOf(m), QueueName.Dispatch, 'deliver', {
            organizationId: f.agency.organizationId,
            dispatchId: f.dispatch.id,
          });
        });
      };
      await retry();
      await eventually('a second alert', async () => {
        const all = await alertsOf(ds, f.dispatch.id);
        return all.length === 2 ? all : undefined;
      });
      const again = await statusOf(ds, f.dispatch.id, 'failed');
      expect(again.deliveryAttempts).toBe(6);
      expect((await alertsOf(ds, f.dispatch.id)).map((a) => a.dedupeKey)).toEqual([
        `delivery_failed:${f.dispatch.id}:3`,
        `delivery_failed:${f.dispatch.id}:6`,
      ]);

      receiver.plan(f.path, () => 200);
      await retry();
      const delivered = await statusOf(ds, f.dispatch.id, 'delivered');
      expect(delivered.deliveryAttempts).toBe(7);
      expect(await alertsOf(ds, f.dispatch.id)).toHaveLength(2);
    });

    it('should send nothing when a job for an already delivered dispatch is replayed', async () => {
      const f = await pendingDispatch(ds, ['webhook']);
      await enqueueDelivery(worker, ds, f);
      await statusOf(ds, f.dispatch.id, 'delivered');
      expect(receiver.to(f.path)).toHaveLength(1);

      const replay = await enqueueDelivery(worker, ds, f);
      const job = await eventually('the replayed job to finish', async () => {
        const j = await queue.getJob(replay);
        return j?.finishedOn ? j : undefined;
      });
      expect(job.returnvalue).toEqual({ outcome: 'skipped' });
      expect(receiver.to(f.path)).toHaveLength(1);
      expect(await attemptsOf(ds, f.dispatch.id)).toHaveLength(1);
      expect(await auditOf(ds, f.dispatch.id, 'dispatch.deliver')).toHaveLength(1);
      expect(await ds.manager.countBy(SlaClockEntity, { dispatchId: f.dispatch.id })).toBe(1);
    });

    it('should not follow a redirect: a 3xx is a failed attempt', async () => {
      const f = await pendingDispatch(ds, ['webhook']);
      receiver.plan(f.path, () => 302);
      await enqueueDelivery(worker, ds, f);
      await statusOf(ds, f.dispatch.id, 'failed');
      expect(receiver.to(f.path)).toHaveLength(3);
      expect(receiver.to(`${f.path}/moved`)).toHaveLength(0);
      const attempts = await attemptsOf(ds, f.dispatch.id);
      expect(attempts.map((a) => [a.httpStatus, a.error])).toEqual([
        [302, 'HTTP 302: redirect not followed'],
        [302, 'HTTP 302: redirect not followed'],
        [302, 'HTTP 302: redirect not followed'],
      ]);
    });
  });

  describe('with a worker that refuses private networks (the default)', () => {
    let worker: INestApplicationContext;
    let ds: DataSource;

    beforeAll(async () => {
      worker = await createWorkerApp(
        testEnvironment({
          DATABASE_URL: scratch.url,
          QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-delivery-strict`,
          WEBHOOK_ALLOW_HTTP: 'true',
          WEBHOOK_BACKOFF_MS: '50',
          WEBHOOK_MAX_ATTEMPTS: '3',
        }),
        { shutdownHooks: false },
      );
      ds = worker.get<DataSource>(getDataSourceToken());
    });
    afterAll(async () => {
      await worker.close();
    });

    it('should refuse at send time a webhook pointing at a private address, calling nothing', async () => {
      // Stored before the policy was tightened (or slipped past the API): checked again here.
      const f = await pendingDispatch(ds, ['webhook']);
      await enqueueDelivery(worker, ds, f);
      const failed = await statusOf(ds, f.dispatch.id, 'failed');

      expect(receiver.to(f.path)).toHaveLength(0);
      expect(failed.lastError).toMatch(/^refused: .*loopback address \(127\.0\.0\.1\)/);
      // A refused URL cannot succeed on retry: one attempt, then coordinators are told.
      expect(failed.deliveryAttempts).toBe(1);
      const attempts = await attemptsOf(ds, f.dispatch.id);
      expect(attempts).toEqual([
        expect.objectContaining({
          attempt: 1,
          channel: 'webhook',
          outcome: 'failed',
          httpStatus: null,
          error: failed.lastError,
        }),
      ]);
      const alerts = await alertsOf(ds, f.dispatch.id);
      expect(alerts.map((a) => a.kind)).toEqual(['delivery_failed']);
    });

    it('should refuse a private host name the same way', async () => {
      const f = await pendingDispatch(
        ds,
        ['webhook'],
        (p) => receiver.base.replace('127.0.0.1', 'localhost') + p,
      );
      await enqueueDelivery(worker, ds, f);
      const failed = await statusOf(ds, f.dispatch.id, 'failed');
      expect(failed.lastError).toMatch(/^refused: .*localhost/);
      expect(receiver.to(f.path)).toHaveLength(0);
    });
  });
});
