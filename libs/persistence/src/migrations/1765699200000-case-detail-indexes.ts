import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the lookups of a case's detail that scanned a whole table.
 *
 * The timeline looks audit events up by target id alone (the case and its
 * referrals, dispatches, holds and information requests), reads left out.
 * audit_events_target_idx leads with the target type, so that lookup scanned
 * the whole trail, which every read of a case lengthens. The partial index
 * holds only the events a timeline shows: reads, the most frequent events,
 * neither enter it nor pay for its upkeep.
 *
 * A case's alerts were found by scanning every alert.
 *
 * Built inside the migration's transaction, they hold writes to their table
 * back while they build; on a long trail, create them first with CREATE INDEX
 * CONCURRENTLY and the same definitions, and this migration leaves them be.
 */
export class CaseDetailIndexes1765699200000 implements MigrationInterface {
  name = 'CaseDetailIndexes1765699200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS audit_events_timeline_idx ON audit_events (target_id)
         WHERE action NOT LIKE '%.read'`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS alerts_case_idx ON alerts (case_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS alerts_case_idx`);
    await q.query(`DROP INDEX IF EXISTS audit_events_timeline_idx`);
  }
}
