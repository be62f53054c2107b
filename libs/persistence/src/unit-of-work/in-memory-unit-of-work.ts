import type { Tx } from './tx';

/**
 * A UnitOfWork for unit tests against in-memory repositories: it runs the work
 * with a placeholder Tx and counts commits and rollbacks, so a test can assert
 * that a refused command committed nothing. The autocommit connection is a
 * placeholder of its own, so a test can tell work done outside a transaction.
 */
export class InMemoryUnitOfWork {
  readonly tx = Object.freeze({ inMemory: true }) as unknown as Tx;
  private readonly autocommitTx = Object.freeze({
    inMemory: true,
    autocommit: true,
  }) as unknown as Tx;
  /** Where replicaRead runs its work, so a test can tell what was read there. */
  readonly replicaTx = Object.freeze({ inMemory: true, replica: true }) as unknown as Tx;
  commits = 0;
  rollbacks = 0;

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      const result = await work(this.tx);
      this.commits += 1;
      return result;
    } catch (error) {
      this.rollbacks += 1;
      throw error;
    }
  }

  /** Runs the work on its own placeholder; nothing is committed or rolled back. */
  replicaRead<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return work(this.replicaTx);
  }

  get autocommit(): Tx {
    return this.autocommitTx;
  }

  /** Always answers: there is no database to lose. */
  ping(): Promise<void> {
    return Promise.resolve();
  }
}
