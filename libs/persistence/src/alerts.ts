import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AlertEntity } from './entities';

export type NewAlert = Pick<
  AlertEntity,
  'kind' | 'caseId' | 'dispatchId' | 'clockId' | 'message' | 'dedupeKey'
>;

/**
 * Raise an alert for coordinators in the caller's transaction. One alert per
 * dedupe key: raising it again (a replayed job, a retried request) adds nothing.
 */
export async function raiseAlert(m: EntityManager, alert: NewAlert): Promise<void> {
  await m
    .createQueryBuilder()
    .insert()
    .into(AlertEntity)
    .values({ id: randomUUID(), ...alert })
    .orIgnore()
    .execute();
}
