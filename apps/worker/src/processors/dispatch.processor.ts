import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { AppConfig, FieldCipher, parseFieldKeys } from '@app/common';
import {
  DELIVERY_ERROR_MAX_LENGTH,
  SYSTEM_SCOPE,
  ACK_DUE_WARNING_MS,
  decideDispatchTransition,
  parseSlaClocks,
  slaDeadline,
  type DispatchStatus,
  type SlaDurations,
} from '@app/domain';
import {
  DeliveriesRepository,
  UnitOfWork,
  type AgencyChannel,
  type AgencyEntity,
  type DispatchEntity,
  type Tx,
} from '@app/persistence';
import { Notifier, QueueName, SlaClocks, type JobPayload, WORKER_RECOVERY } from '@app/queues';
import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { webhookContentOf } from '../delivery/webhook-content';
import { sendWebhook, type WebhookOutcome } from '../delivery/webhook-sender';
import { ObservedWorkerHost } from './observed-worker-host';

type DeliverPayload = JobPayload<QueueName.Dispatch, 'deliver'>;

export interface DeliveryResult {
  outcome: 'delivered' | 'failed' | 'skipped';
  attempt?: number;
}

/** What one attempt did, in the shape of its attempt row. */
interface AttemptRecord {
  channel: AgencyChannel;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** The longest error kept on a dispatch or an attempt row. */
const MAX_ERROR_LENGTH = DELIVERY_ERROR_MAX_LENGTH;

/** Raised to make BullMQ retry a delivery; its message is safe to log. */
export class DeliveryAttemptFailed extends Error {
  constructor(reference: string, attempt: number, reason: string) {
    super(`Delivery attempt ${attempt} of ${reference} failed: ${reason}`);
    this.name = 'DeliveryAttemptFailed';
  }
}

/**
 * Delivers approved dispatches through their agency's channels. `portal` needs
 * no sending (the liaison reads the package here); `webhook` is a signed POST
 * (docs/webhooks.md). Idempotent: only a `pending` dispatch is worked, and the
 * outcome is written under a lock that re-checks it, so a replayed job sends
 * nothing. No transaction stays open while the receiver is called; two copies
 * of a job racing could both POST, which the receiver's idempotency key absorbs.
 *
 * A failed attempt is recorded and thrown, so BullMQ retries it with backoff;
 * the last one (or a URL that today's policy refuses) marks the dispatch
 * `failed` and alerts coordinators instead.
 */
@Processor(QueueName.Dispatch, { concurrency: 4, ...WORKER_RECOVERY })
export class DispatchProcessor extends ObservedWorkerHost {
  protected readonly logger = new Logger(DispatchProcessor.name);
  private readonly cipher: FieldCipher | null;
  private readonly durations: SlaDurations;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly deliveries: DeliveriesRepository,
    private readonly audit: AuditWriter,
    private readonly clocks: SlaClocks,
    private readonly config: AppConfig,
    private readonly notifier: Notifier,
  ) {
    super();
    const keys = config.get('FIELD_ENCRYPTION_KEYS');
    this.cipher = keys ? new FieldCipher(parseFieldKeys(keys)) : null;
    this.durations = parseSlaClocks(config.get('SLA_CLOCKS'));
  }

  async process(job: Job<DeliverPayload>): Promise<DeliveryResult> {
    if (job.name !== 'deliver') throw new Error(`dispatch has no job named ${job.name}`);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.deliver(job.data.dispatchId, lastAttempt);
  }

  async deliver(dispatchId: string, lastAttempt: boolean): Promise<DeliveryResult> {
    const tx = this.uow.autocommit;
    const dispatch = await this.deliveries.find(tx, SYSTEM_SCOPE, dispatchId);
    if (!dispatch || !awaitsDelivery(dispatch)) return { outcome: 'skipped' };
    const agency = await this.deliveries.agencyOf(tx, dispatch);

    if (!dispatch.channels.includes('webhook')) {
      return this.markDelivered(dispatch.id, {
        channel: 'portal',
        httpStatus: null,
        error: null,
        durationMs: 0,
      });
    }

    const outcome = await this.callWebhook(dispatch, agency);
    const record: AttemptRecord = {
      channel: 'webhook',
      httpStatus: outcome.httpStatus,
      error: outcome.delivered ? null : outcome.error.slice(0, MAX_ERROR_LENGTH),
      durationMs: outcome.durationMs,
    };
    if (outcome.delivered) return this.markDelivered(dispatch.id, record);
    // A refused URL stays refused until someone changes it: alert now, not after every retry.
    return this.recordFailure(dispatch.id, agency, record, lastAttempt || outcome.permanent);
  }

  private async callWebhook(
    dispatch: DispatchEntity,
    agency: AgencyEntity,
  ): Promise<WebhookOutcome> {
    const refused = (error: string): WebhookOutcome => ({
      delivered: false,
      httpStatus: null,
      error,
      durationMs: 0,
      permanent: true,
    });
    if (!agency.webhookUrl || !agency.webhookSecret) {
      return refused('the agency has no webhook URL or secret');
    }
    if (!this.cipher) return refused('FIELD_ENCRYPTION_KEYS is not configured on the worker');
    let secret: string;
    try {
      secret = this.cipher.open(agency.webhookSecret, `agency:${agency.id}:webhookSecret`);
    } catch {
      return refused('the webhook secret cannot be opened with the configured keys');
    }
    return sendWebhook(
      {
        url: agency.webhookUrl,
        secret,
        dispatchId: dispatch.id,
        content: webhookContentOf(dispatch),
      },
      {
        timeoutMs: this.config.get('WEBHOOK_TIMEOUT_MS'),
        allowHttp:
          this.config.get('WEBHOOK_ALLOW_HTTP') || this.config.get('NODE_ENV') === 'development',
        allowPrivateNetworks: this.config.get('WEBHOOK_ALLOW_PRIVATE_NETWORKS'),
      },
    );
  }

  /** Lock the dispatch and return it only if it is still waiting for delivery. */
  private async lockPending(tx: Tx, id: string): Promise<DispatchEntity | null> {
    const dispatch = await this.deliveries.lockForDelivery(tx, SYSTEM_SCOPE, id);
    return dispatch && awaitsDelivery(dispatch) ? dispatch : null;
  }

  private async markDelivered(id: string, record: AttemptRecord): Promise<DeliveryResult> {
    return this.uow.run(async (tx) => {
      const dispatch = await this.lockPending(tx, id);
      if (!dispatch) return { outcome: 'skipped' };
      const decision = decideDispatchTransition('deliver', {
        status: dispatch.status as DispatchStatus,
        actor: 'system',
      });
      if (!decision.allowed) return { outcome: 'skipped' };
      const now = new Date();
      const attempt = dispatch.deliveryAttempts + 1;
      await this.deliveries.markDelivered(tx, id, {
        to: decision.to,
        deliveredAt: now,
        attempts: attempt,
      });
      await this.deliveries.recordAttempt(tx, { dispatchId: id, attempt, ...record });
      // Business days skip the public holidays of the jurisdiction the case went to this agency for.
      const jurisdiction = dispatch.basis.find((entry) => entry.jurisdiction)?.jurisdiction ?? null;
      const ackBy = slaDeadline(this.durations, 'le_acknowledgement', now, jurisdiction);
      await this.clocks.start(
        tx,
        'le_acknowledgement',
        { caseId: dispatch.caseId, dispatchId: id },
        ackBy,
      );
      // The liaisons are reminded before the deadline unless they acknowledged by then.
      const remindAt = new Date(ackBy.getTime() - ACK_DUE_WARNING_MS);
      if (remindAt.getTime() > now.getTime()) {
        await this.notifier.notify(tx, 'dispatch.ack_due', id, null, { at: remindAt });
      }
      await this.audit.record(tx, {
        actor: SYSTEM_ACTOR,
        origin: null,
        action: 'dispatch.deliver',
        outcome: 'success',
        targetType: 'dispatch',
        targetId: id,
        details: {
          reference: dispatch.reference,
          caseId: dispatch.caseId,
          agencyId: dispatch.agencyId,
          channels: dispatch.channels,
          attempt,
          httpStatus: record.httpStatus,
        },
      });
      this.logger.log(
        { dispatchId: id, reference: dispatch.reference, attempt, channel: record.channel },
        'Dispatch delivered',
      );
      return { outcome: 'delivered', attempt };
    });
  }

  /**
   * Record a failed attempt. Not the last: throw, and BullMQ retries. The last:
   * mark the dispatch failed and alert coordinators, in the same transaction.
   */
  private async recordFailure(
    id: string,
    agency: AgencyEntity,
    record: AttemptRecord,
    final: boolean,
  ): Promise<DeliveryResult> {
    const error = record.error ?? 'delivery failed';
    const result = await this.uow.run(async (tx) => {
      const dispatch = await this.lockPending(tx, id);
      if (!dispatch) return null;
      const attempt = dispatch.deliveryAttempts + 1;
      await this.deliveries.recordAttempt(tx, { dispatchId: id, attempt, ...record });
      if (!final) {
        await this.deliveries.countFailedAttempt(tx, id, { attempts: attempt, lastError: error });
        return { dispatch, attempt, failed: false };
      }
      const decision = decideDispatchTransition('fail', {
        status: dispatch.status as DispatchStatus,
        actor: 'system',
      });
      if (!decision.allowed) return null;
      await this.deliveries.markFailed(tx, id, {
        to: decision.to,
        failedAt: new Date(),
        attempts: attempt,
        lastError: error,
      });
      const caseReference = await this.deliveries.caseReference(tx, dispatch);
      await this.deliveries.raiseAlert(tx, {
        kind: 'delivery_failed',
        caseId: dispatch.caseId,
        dispatchId: id,
        clockId: null,
        message:
          `${dispatch.reference} (${caseReference}) could not be delivered to ` +
          `${agency.name} after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${error}`,
        dedupeKey: `delivery_failed:${id}:${attempt}`,
      });
      await this.audit.record(tx, {
        actor: SYSTEM_ACTOR,
        origin: null,
        action: 'dispatch.fail',
        outcome: 'success',
        targetType: 'dispatch',
        targetId: id,
        details: {
          reference: dispatch.reference,
          caseId: dispatch.caseId,
          agencyId: dispatch.agencyId,
          attempts: attempt,
          lastError: error,
        },
      });
      return { dispatch, attempt, failed: true };
    });

    if (!result) return { outcome: 'skipped' };
    if (!result.failed) {
      throw new DeliveryAttemptFailed(result.dispatch.reference, result.attempt, error);
    }
    this.logger.error(
      {
        dispatchId: id,
        reference: result.dispatch.reference,
        caseId: result.dispatch.caseId,
        agency: agency.name,
        attempts: result.attempt,
        lastError: error,
      },
      'Dispatch delivery failed for good; coordinators alerted (retry it once the receiver is fixed)',
    );
    return { outcome: 'failed', attempt: result.attempt };
  }
}

/** Still waiting for delivery: the dispatch table would let the system deliver it. */
function awaitsDelivery(dispatch: DispatchEntity): boolean {
  return decideDispatchTransition('deliver', {
    status: dispatch.status as DispatchStatus,
    actor: 'system',
  }).allowed;
}
