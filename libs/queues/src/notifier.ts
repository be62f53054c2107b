import { HOLD_EXPIRY_WARNING_MS, type NotificationKind } from '@app/domain';
import type { Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { OutboxWriter } from './outbox-writer';
import { QueueName } from './queue-names';

/**
 * Tell people of an event: an outbox row in the caller's transaction, so the
 * event exists exactly when the state change it reports commits. The worker
 * decides who is told (and by what mail) when the job runs.
 */
@Injectable()
export class Notifier {
  constructor(private readonly outbox: OutboxWriter) {}

  notify(
    tx: Tx,
    kind: NotificationKind,
    subjectId: string,
    actorId: string | null,
    options: { at?: Date; expectedExpiry?: Date } = {},
  ): Promise<string> {
    return this.outbox.enqueue(
      tx,
      QueueName.Notifications,
      'event',
      {
        organizationId: null,
        kind,
        subjectId,
        actorId,
        expectedExpiry: options.expectedExpiry?.toISOString() ?? null,
      },
      { availableAt: options.at },
    );
  }

  /**
   * A hold was placed or renewed: its filing members are told now, and warned
   * before it expires (a warning whose hold was renewed or released since
   * tells nobody: the job compares the expiry it was scheduled for).
   */
  async holdChanged(
    tx: Tx,
    kind: 'hold.placed' | 'hold.renewed',
    holdId: string,
    actorId: string,
    expiresAt: Date,
  ): Promise<void> {
    await this.notify(tx, kind, holdId, actorId);
    const warnAt = new Date(expiresAt.getTime() - HOLD_EXPIRY_WARNING_MS);
    // A hold shorter than the warning is told of once, when placed.
    if (warnAt.getTime() > Date.now()) {
      await this.notify(tx, 'hold.expiring', holdId, null, {
        at: warnAt,
        expectedExpiry: expiresAt,
      });
    }
  }
}
