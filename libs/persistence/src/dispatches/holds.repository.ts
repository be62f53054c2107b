import type { HoldStatus } from '@app/domain';
import { Injectable } from '@nestjs/common';
import type { AccessLoader, Held } from '../access/record-access';
import { AgencyEntity, DispatchEntity, HoldEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A hold as placed: the columns the database does not fill in. */
export type NewHold = Omit<HoldEntity, 'createdAt' | 'updatedAt' | 'version'>;

/** What renewing or releasing a hold sets besides its status. */
export type HoldStepChanges = Partial<
  Pick<HoldEntity, 'expiresAt' | 'renewals' | 'releasedAt' | 'releasedBy'>
>;

/**
 * Holds a liaison places on a dispatch of their agency. Methods that take a
 * dispatch or a hold act on one the caller reached through AccessService.require
 * in the same transaction (locked when they write), so they take no scope.
 */
@Injectable()
export class HoldsRepository implements AccessLoader<HoldEntity> {
  /** A hold is reached through its dispatch: the receiving agency's organization (its named liaisons, if any) holds it. */
  async loadForAccess(
    tx: Tx,
    id: string,
    options: { lock: boolean },
  ): Promise<Held<HoldEntity> | null> {
    const m = managerOf(tx);
    const hold = await m.findOne(HoldEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    const agency = hold ? await m.findOneBy(AgencyEntity, { id: hold.agencyId }) : null;
    if (!hold || !agency) return null;
    // A hold on a dispatch restricted to named liaisons is theirs alone, like the dispatch.
    const dispatch = await m.findOne(DispatchEntity, {
      select: { id: true, namedLiaisonIds: true },
      where: { id: hold.dispatchId },
    });
    return {
      record: hold,
      organizationId: agency.organizationId,
      namedRecipients: dispatch?.namedLiaisonIds ?? null,
    };
  }

  /** Every hold on a reached dispatch, newest first (released ones too). */
  forDispatch(tx: Tx, dispatch: Pick<DispatchEntity, 'id'>): Promise<HoldEntity[]> {
    return managerOf(tx).find(HoldEntity, {
      where: { dispatchId: dispatch.id },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  /** Insert a hold on a reached, locked dispatch; the row as stored. */
  async place(tx: Tx, hold: NewHold): Promise<HoldEntity> {
    const m = managerOf(tx);
    await m.insert(HoldEntity, hold);
    return m.findOneByOrFail(HoldEntity, { id: hold.id });
  }

  /** The dispatch a reached hold was placed on. */
  dispatchOf(tx: Tx, hold: HoldEntity): Promise<DispatchEntity> {
    return managerOf(tx).findOneByOrFail(DispatchEntity, { id: hold.dispatchId });
  }

  /** Apply a step the hold table allowed (`to`) to the reached, locked hold. */
  async saveStep(
    tx: Tx,
    hold: HoldEntity,
    to: HoldStatus,
    changes: HoldStepChanges,
  ): Promise<void> {
    hold.status = to;
    Object.assign(hold, changes);
    await managerOf(tx).save(hold);
  }
}
