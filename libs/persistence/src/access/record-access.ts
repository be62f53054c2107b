import type { Tx } from '../unit-of-work';

/**
 * A record as the access service needs it: the record, and who holds it. A null
 * organization means the coalition holds it (cases): only an `all` scope reaches it.
 */
export interface Held<R> {
  readonly record: R;
  readonly organizationId: string | null;
  /** The user who created it, for kinds reachable by their owner alone (referrals). */
  readonly ownerId?: string;
  /** The only people of the organization it reaches (a RED or AMBER+STRICT dispatch); else all. */
  readonly namedRecipients?: readonly string[] | null;
}

/**
 * The one read a repository makes without the caller's scope: loading a record
 * by id for AccessService, which then decides reach. Nothing else calls it.
 */
export interface AccessLoader<R> {
  loadForAccess(tx: Tx, id: string, options: { lock: boolean }): Promise<Held<R> | null>;
}

/** `FOR UPDATE` when the caller will change the row. */
export function lockClause(lock: boolean): string {
  return lock ? ' FOR UPDATE' : '';
}
