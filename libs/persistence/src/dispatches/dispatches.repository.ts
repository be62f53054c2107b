import type { DispatchStatus, RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { AccessLoader, Held } from '../access/record-access';
import {
  AgencyEntity,
  CaseEntity,
  DeliveryAttemptEntity,
  DispatchEntity,
  HoldEntity,
  SlaClockEntity,
} from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { listDispatches, type DispatchListFilter, type DispatchListRow } from './dispatch-list';

/** A dispatch with the agency it goes to (whose organization holds it). */
export interface DispatchWithAgency {
  readonly dispatch: DispatchEntity;
  readonly agency: AgencyEntity;
}

/** What a dispatch view shows besides the dispatch and its agency. */
export interface DispatchViewParts {
  readonly caseReference: string | null;
  /** The case's priority now (the package keeps the one at approval). */
  readonly casePriority: string | null;
  /** Due time of the unmet LE-acknowledgement clock, if one runs. */
  readonly acknowledgeBy: Date | null;
  /** Newest first, released ones too. */
  readonly holds: HoldEntity[];
  /** Oldest first; empty unless asked for. */
  readonly attempts: DeliveryAttemptEntity[];
}

/** The fields a liaison's or coordinator's workflow step sets besides the status. */
export type DispatchStepChanges = Partial<
  Pick<
    DispatchEntity,
    'acknowledgedAt' | 'acceptedAt' | 'leCaseNumber' | 'declinedAt' | 'declineReason' | 'failedAt'
  >
>;

/** What the agency reported of an accepted dispatch. */
export type DispatchOutcomeReport = Pick<
  DispatchEntity,
  'outcome' | 'outcomeNote' | 'outcomeAt' | 'shareCaseNumberWithFilers'
>;

/**
 * Dispatches as people read and work them. Methods that take a dispatch act on
 * one the caller reached through AccessService.require in the same transaction
 * (locked when they write): its reach is already decided, so they take no scope.
 */
@Injectable()
export class DispatchesRepository implements AccessLoader<DispatchWithAgency> {
  /** A dispatch is held by its receiving agency's organization, for its named liaisons if any. */
  async loadForAccess(
    tx: Tx,
    id: string,
    options: { lock: boolean },
  ): Promise<Held<DispatchWithAgency> | null> {
    const m = managerOf(tx);
    const dispatch = await m.findOne(DispatchEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    const agency = dispatch ? await m.findOneBy(AgencyEntity, { id: dispatch.agencyId }) : null;
    if (!dispatch || !agency) return null;
    return {
      record: { dispatch, agency },
      organizationId: agency.organizationId,
      namedRecipients: dispatch.namedLiaisonIds,
    };
  }

  /** One page of the dispatches `scope` reaches, oldest first (see listDispatches). */
  list(tx: Tx, scope: RecordScope, filter: DispatchListFilter): Promise<DispatchListRow[]> {
    return listDispatches(tx, scope, filter);
  }

  /**
   * The case headline, acknowledgement due time, holds and (when asked) the
   * delivery attempts of a reached dispatch. One query after another: inside a
   * transaction they share one connection.
   */
  async view(
    tx: Tx,
    dispatch: DispatchEntity,
    options: { attempts: boolean },
  ): Promise<DispatchViewParts> {
    const m = managerOf(tx);
    const caseRow = await m.findOne(CaseEntity, {
      select: { id: true, reference: true, priority: true },
      where: { id: dispatch.caseId },
    });
    const ackClock = await m.findOne(SlaClockEntity, {
      select: { id: true, dueAt: true },
      where: {
        dispatchId: dispatch.id,
        clock: 'le_acknowledgement',
        status: In(['running', 'breached']),
      },
      order: { dueAt: 'ASC' },
    });
    const holds = await m.find(HoldEntity, {
      where: { dispatchId: dispatch.id },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    const attempts = options.attempts
      ? await m.find(DeliveryAttemptEntity, {
          where: { dispatchId: dispatch.id },
          order: { createdAt: 'ASC', attempt: 'ASC' },
        })
      : [];
    return {
      caseReference: caseRow?.reference ?? null,
      casePriority: caseRow?.priority ?? null,
      acknowledgeBy: ackClock?.dueAt ?? null,
      holds,
      attempts,
    };
  }

  /** Apply a workflow step the dispatch table allowed (`to`) to the reached, locked dispatch. */
  async saveStep(
    tx: Tx,
    dispatch: DispatchEntity,
    to: DispatchStatus,
    changes: DispatchStepChanges,
  ): Promise<void> {
    Object.assign(dispatch, changes);
    dispatch.status = to;
    await managerOf(tx).save(dispatch);
  }

  /** Record the agency's latest report on the reached, locked dispatch. */
  async saveOutcome(
    tx: Tx,
    dispatch: DispatchEntity,
    report: DispatchOutcomeReport,
  ): Promise<void> {
    Object.assign(dispatch, report);
    await managerOf(tx).save(dispatch);
  }
}
