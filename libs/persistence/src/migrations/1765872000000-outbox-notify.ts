import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A committed insert into the outbox notifies channel `outbox`, so the
 * worker's relay publishes at once instead of at its next poll. A trigger
 * rather than a NOTIFY in the writer: every writer of outbox rows (commands,
 * the reconciler, SLA clocks) is covered, with no extra round trip. PostgreSQL
 * sends it only if the transaction commits, and folds the identical
 * notifications of one transaction into one. Per statement, not per row: the
 * payload is empty, the relay reads what is due itself.
 */
export class OutboxNotify1765872000000 implements MigrationInterface {
  name = 'OutboxNotify1765872000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END
      $$`);
    await q.query(
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
         FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_notify ON outbox`);
    await q.query(`DROP FUNCTION outbox_notify()`);
  }
}
