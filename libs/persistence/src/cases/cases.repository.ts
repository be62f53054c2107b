import { Injectable } from '@nestjs/common';
import type { AccessLoader, Held } from '../access/record-access';
import { CaseEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** Cases, their notes, match suggestions and the keys that matched them. */
@Injectable()
export class CasesRepository implements AccessLoader<CaseEntity> {
  /** Cases are the coalition's: no member organization holds one. */
  async loadForAccess(
    tx: Tx,
    id: string,
    options: { lock: boolean },
  ): Promise<Held<CaseEntity> | null> {
    const found = await managerOf(tx).findOne(CaseEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return found ? { record: found, organizationId: null } : null;
  }
}
