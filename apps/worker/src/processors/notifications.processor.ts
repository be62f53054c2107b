import { AppConfig, errorForLog } from '@app/common';
import {
  DEFAULT_NOTIFICATION_MODE,
  eligibleRecipients,
  isMandatoryKind,
  notificationPath,
  type NotificationKind,
  type NotificationMode,
} from '@app/domain';
import {
  MailDeliveriesRepository,
  NotificationsRepository,
  UnitOfWork,
  type NewMailDelivery,
  type Tx,
} from '@app/persistence';
import {
  OutboxWriter,
  QueueName,
  WORKER_RECOVERY,
  type JobPayload,
  type NotificationEvent,
} from '@app/queues';
import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import {
  renderDigestMail,
  renderNotificationMail,
  type MailItem,
} from '../notifications/mail-rendering';
import { MailSender } from '../notifications/mail-sender';
import { NotificationResolver } from '../notifications/notification-resolver';
import { ObservedWorkerHost } from './observed-worker-host';

type SendMailPayload = JobPayload<QueueName.Notifications, 'send-mail'>;

/** People a digest run takes per pass; the next pass takes the rest. */
const DIGEST_BATCH = 200;

/** What one run of an event wrote: notifications and mails (none when it ran before). */
export interface EventResult {
  notified: number;
  mails: number;
}

/**
 * Notifications, in three steps that each commit what they did:
 *  - `event`: who is told (NotificationResolver and the domain's scope check),
 *    one notification row per person (unique per event and person, so a
 *    replayed job writes nothing twice) and, for those who want mail at once,
 *    a rendered delivery row with its own `send-mail` job, in one transaction;
 *  - `send-mail`: send one delivery unless it is marked sent, then mark it.
 *    A refusal throws, and the job is retried with backoff;
 *  - `digest`: one mail per person with their waiting digest notifications.
 */
@Processor(QueueName.Notifications, { concurrency: 4, ...WORKER_RECOVERY })
export class NotificationsProcessor extends ObservedWorkerHost {
  protected readonly logger = new Logger(NotificationsProcessor.name);
  private readonly baseUrl: string;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly resolver: NotificationResolver,
    private readonly notifications: NotificationsRepository,
    private readonly deliveries: MailDeliveriesRepository,
    private readonly outbox: OutboxWriter,
    private readonly mail: MailSender,
    config: AppConfig,
  ) {
    super();
    this.baseUrl = config.get('CONSOLE_BASE_URL');
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'event':
        return this.event(job.data as NotificationEvent);
      case 'send-mail':
        return this.sendMail((job.data as SendMailPayload).deliveryId);
      case 'digest':
        return this.digest();
      default:
        throw new Error(`notifications has no job named ${job.name}`);
    }
  }

  /** Tell everyone the event concerns (the outbox row's id is the event's id). */
  event(event: NotificationEvent): Promise<EventResult> {
    return this.uow.run(async (tx) => {
      await this.notifications.markEventProcessed(tx, event.outboxId);
      const { audiences, contact } = await this.resolver.resolve(tx, event);
      const told = new Set<string>();
      let notified = 0;
      let mails = 0;
      const people = audiences.flatMap((a) =>
        eligibleRecipients(a.subject, a.candidates, a.exclude).map((person) => ({
          person,
          subject: a.subject,
        })),
      );
      const modes = await this.notifications.preferences(
        tx,
        people.map((p) => p.person.id),
      );
      for (const { person, subject } of people) {
        if (told.has(person.id)) continue; // one notification per person, about their first record
        told.add(person.id);
        const mode = modeOf(event.kind, modes.get(person.id)?.get(event.kind));
        const item: MailItem = {
          kind: event.kind,
          reference: subject.reference,
          tlp: subject.tlp,
          path: notificationPath(subject.target),
        };
        const id = await this.notifications.add(tx, {
          eventId: event.outboxId,
          userId: person.id,
          kind: event.kind,
          reference: subject.reference,
          path: item.path!,
          tlp: subject.tlp,
          mode,
        });
        if (id) notified += 1;
        if (id && mode === 'immediate') {
          const rendered = renderNotificationMail(item, this.baseUrl);
          const dedupeKey = `n:${id}`;
          if (await this.owe(tx, { dedupeKey, userId: person.id, to: person.email, ...rendered })) {
            mails += 1;
          }
        }
      }
      if (contact) {
        const rendered = renderNotificationMail({ kind: event.kind, ...contact }, this.baseUrl);
        const dedupeKey = `c:${event.outboxId}`;
        if (await this.owe(tx, { dedupeKey, userId: null, to: contact.email, ...rendered })) {
          mails += 1;
        }
      }
      return { notified, mails };
    });
  }

  /** A delivery row and the job that sends it; false when it was owed already. */
  private async owe(tx: Tx, mail: NewMailDelivery): Promise<boolean> {
    const deliveryId = await this.deliveries.add(tx, mail);
    if (!deliveryId) return false;
    await this.outbox.enqueue(tx, QueueName.Notifications, 'send-mail', {
      organizationId: null,
      deliveryId,
    });
    return true;
  }

  /**
   * Send one delivery. Marked sent only after the server accepted it: a worker
   * that dies in between sends it again on retry (same Message-ID); a delivery
   * marked sent is never sent again.
   */
  async sendMail(deliveryId: string): Promise<{ outcome: 'sent' | 'already_sent' | 'missing' }> {
    const tx = this.uow.autocommit;
    const row = await this.deliveries.one(tx, deliveryId);
    if (!row) return { outcome: 'missing' };
    if (row.sent_at) return { outcome: 'already_sent' };
    try {
      await this.mail.send({
        deliveryId: row.id,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.deliveries.markFailedAttempt(tx, row.id, message);
      this.logger.warn({ deliveryId, err: errorForLog(error) }, 'Mail not accepted; retrying');
      throw error;
    }
    await this.deliveries.markSent(tx, row.id);
    return { outcome: 'sent' };
  }

  /** One digest mail for each person with digest notifications waiting. */
  async digest(): Promise<{ digests: number }> {
    let digests = 0;
    for (;;) {
      const people = await this.notifications.digestRecipients(this.uow.autocommit, DIGEST_BATCH);
      if (people.length === 0) break;
      for (const person of people) {
        const sent = await this.uow.run(async (tx) => {
          const items = await this.notifications.takeDigest(tx, person.userId);
          if (items.length === 0) return false;
          const rendered = renderDigestMail(
            items.map((n) => ({
              kind: n.kind as NotificationKind,
              reference: n.reference,
              tlp: n.tlp,
              path: n.path,
            })),
            this.baseUrl,
          );
          return this.owe(tx, {
            dedupeKey: `d:${person.userId}:${items[0].id}`,
            userId: person.userId,
            to: person.email,
            ...rendered,
          });
        });
        if (sent) digests += 1;
      }
      if (people.length < DIGEST_BATCH) break;
    }
    return { digests };
  }
}

/** The person's mode for the kind: their choice, never `off` for a mandatory kind. */
function modeOf(kind: NotificationKind, chosen: string | undefined): NotificationMode {
  const mode = (chosen ?? DEFAULT_NOTIFICATION_MODE) as NotificationMode;
  return mode === 'off' && isMandatoryKind(kind) ? DEFAULT_NOTIFICATION_MODE : mode;
}
