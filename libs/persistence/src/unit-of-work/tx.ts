import type { EntityManager } from 'typeorm';

declare const TX: unique symbol;

/**
 * One open transaction, or the autocommit connection for a lone read. Opaque
 * outside libs/persistence: a service can hand it to a repository, the audit
 * writer or the outbox, but cannot run SQL with it.
 */
export interface Tx {
  readonly [TX]: 'tx';
}

/**
 * The TypeORM manager behind a Tx. Only files of libs/persistence call this;
 * it is not exported from the library's index.
 */
export function managerOf(tx: Tx): EntityManager {
  return tx as unknown as EntityManager;
}

/** Wrap a manager as a Tx (inside libs/persistence only). */
export function txOf(manager: EntityManager): Tx {
  return manager as unknown as Tx;
}
