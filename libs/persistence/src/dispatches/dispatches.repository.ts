import { Injectable } from '@nestjs/common';
import type { AccessLoader, Held } from '../access/record-access';
import { AgencyEntity, DispatchEntity, HoldEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A dispatch with the agency it goes to (whose organization holds it). */
export interface DispatchWithAgency {
  readonly dispatch: DispatchEntity;
  readonly agency: AgencyEntity;
}

/** Dispatches, their delivery attempts, and the holds placed on them. */
@Injectable()
export class DispatchesRepository implements AccessLoader<DispatchWithAgency> {
  /** A dispatch is held by its receiving agency's organization. */
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
    return { record: { dispatch, agency }, organizationId: agency.organizationId };
  }
}

/** Holds a filing member places on a dispatch of their referral. */
@Injectable()
export class HoldsRepository implements AccessLoader<HoldEntity> {
  /** A hold is reached through its dispatch: the receiving agency's organization holds it. */
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
    return { record: hold, organizationId: agency.organizationId };
  }
}
