import type { DispatchStatus, RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { raiseAlert, type NewAlert } from '../alerts';
import { AgencyEntity, CaseEntity, DeliveryAttemptEntity, DispatchEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** One delivery attempt as recorded (its outcome follows from `error`). */
export type NewDeliveryAttempt = Pick<
  DeliveryAttemptEntity,
  'dispatchId' | 'attempt' | 'channel' | 'httpStatus' | 'error' | 'durationMs'
>;

/**
 * Delivery of dispatches to their agencies (the worker's dispatch queue). Reads
 * take a scope (the worker passes SYSTEM_SCOPE); writes take the id of a
 * dispatch locked through lockForDelivery in the same transaction.
 */
@Injectable()
export class DeliveriesRepository {
  /** The dispatch, if `scope` reaches it. */
  find(tx: Tx, scope: RecordScope, id: string): Promise<DispatchEntity | null> {
    return this.findScoped(tx, scope, id, false);
  }

  /** The dispatch `scope` reaches, locked for update until the transaction ends. */
  lockForDelivery(tx: Tx, scope: RecordScope, id: string): Promise<DispatchEntity | null> {
    return this.findScoped(tx, scope, id, true);
  }

  /** The agency a dispatch goes to (its channels, webhook URL and secret). */
  agencyOf(tx: Tx, dispatch: Pick<DispatchEntity, 'agencyId'>): Promise<AgencyEntity> {
    return managerOf(tx).findOneByOrFail(AgencyEntity, { id: dispatch.agencyId });
  }

  /** The reference of the case a dispatch belongs to, for the coordinators' alert. */
  async caseReference(tx: Tx, dispatch: Pick<DispatchEntity, 'caseId'>): Promise<string> {
    const found = await managerOf(tx).findOneByOrFail(CaseEntity, { id: dispatch.caseId });
    return found.reference;
  }

  async recordAttempt(tx: Tx, attempt: NewDeliveryAttempt): Promise<void> {
    await managerOf(tx).insert(DeliveryAttemptEntity, {
      id: randomUUID(),
      ...attempt,
      outcome: attempt.error === null ? 'delivered' : 'failed',
    });
  }

  /** The delivery step the dispatch table allowed (`to`): delivered now, after `attempts`. */
  async markDelivered(
    tx: Tx,
    id: string,
    change: { to: DispatchStatus; deliveredAt: Date; attempts: number },
  ): Promise<void> {
    await managerOf(tx).update(
      DispatchEntity,
      { id },
      {
        status: change.to,
        deliveredAt: change.deliveredAt,
        deliveryAttempts: change.attempts,
        lastError: null,
      },
    );
  }

  /** A failed attempt that will be retried: the status does not change. */
  async countFailedAttempt(
    tx: Tx,
    id: string,
    change: { attempts: number; lastError: string },
  ): Promise<void> {
    await managerOf(tx).update(
      DispatchEntity,
      { id },
      { deliveryAttempts: change.attempts, lastError: change.lastError },
    );
  }

  /** The failure step the dispatch table allowed (`to`), after the last attempt. */
  async markFailed(
    tx: Tx,
    id: string,
    change: { to: DispatchStatus; failedAt: Date; attempts: number; lastError: string },
  ): Promise<void> {
    await managerOf(tx).update(
      DispatchEntity,
      { id },
      {
        status: change.to,
        failedAt: change.failedAt,
        deliveryAttempts: change.attempts,
        lastError: change.lastError,
      },
    );
  }

  /** Alert coordinators in this transaction (once per dedupe key). */
  raiseAlert(tx: Tx, alert: NewAlert): Promise<void> {
    return raiseAlert(managerOf(tx), alert);
  }

  private async findScoped(
    tx: Tx,
    scope: RecordScope,
    id: string,
    lock: boolean,
  ): Promise<DispatchEntity | null> {
    const m = managerOf(tx);
    switch (scope.reach) {
      case 'all':
        return m.findOne(DispatchEntity, {
          where: { id },
          ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        });
      case 'organization': {
        const qb = m
          .createQueryBuilder(DispatchEntity, 'd')
          .where('d.id = :id', { id })
          .andWhere(
            'd.agency_id IN (SELECT a.id FROM agencies a WHERE a.organization_id = :organizationId)',
            { organizationId: scope.organizationId },
          )
          // Restricted to named liaisons: theirs alone (withinScope's rule).
          .andWhere(
            scope.userId === undefined
              ? 'd.named_liaison_ids IS NULL'
              : '(d.named_liaison_ids IS NULL OR cardinality(d.named_liaison_ids) = 0 OR :userId = ANY(d.named_liaison_ids))',
            { userId: scope.userId },
          );
        if (lock) qb.setLock('pessimistic_write');
        return qb.getOne();
      }
      case 'owner':
      case 'none':
        // Dispatches have no owning user.
        return null;
    }
  }
}
