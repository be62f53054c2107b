import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { managerOf, type Tx } from './tx';

type Task = () => Promise<void>;

/** Tasks waiting for the commit of the transaction behind each manager inTransaction opened. */
const waiting = new WeakMap<EntityManager, Task[]>();
const logger = new Logger('AfterCommit');

/**
 * Run `task` once the transaction behind `tx` has committed, and never if it
 * rolls back; on the autocommit connection (already committed), at once. For
 * work outside the database that must not happen unless the change did, such as
 * deleting a deleted row's blob. A task that fails is logged and dropped: it
 * must be work whose omission housekeeping repairs.
 */
export async function afterCommit(tx: Tx, task: Task): Promise<void> {
  const manager = managerOf(tx) as EntityManager | undefined;
  const tasks = manager && typeof manager === 'object' ? waiting.get(manager) : undefined;
  if (tasks) {
    tasks.push(task);
    return;
  }
  if (manager?.queryRunner?.isTransactionActive) {
    // A transaction opened some other way would run the task before its commit.
    throw new Error('afterCommit needs a transaction opened by UnitOfWork.run');
  }
  await runTasks([task]);
}

/** inTransaction: open the list for a new transaction's manager. */
export function collectAfterCommit(manager: EntityManager): Task[] {
  const tasks: Task[] = [];
  waiting.set(manager, tasks);
  return tasks;
}

/** inTransaction: the transaction committed; run what waited for it, in order. */
export async function runTasks(tasks: readonly Task[]): Promise<void> {
  for (const task of tasks) {
    try {
      await task();
    } catch (error) {
      logger.warn(
        { err: { name: (error as Error)?.name, message: (error as Error)?.message } },
        'A task after commit failed; housekeeping will repair what it left',
      );
    }
  }
}
