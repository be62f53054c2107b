import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case's timeline looks audit events up by target id alone (the case and
 * its referrals, dispatches, holds and information requests), reads left
 * out. audit_events_target_idx leads with the target type, so that lookup
 * scanned the whole trail, which every read of a case lengthens. This index
 * holds only the events a timeline shows: reads, the most frequent events,
 * neither enter it nor pay for its upkeep.
 *
 * Built inside the migration's transaction, it holds audit writes back while
 * it builds; on a long trail, create it first with CREATE INDEX CONCURRENTLY
 * and the same definition, and this migration leaves it as it is.
 */
export class AuditTimelineIndex1765699200000 implements MigrationInterface {
  name = 'AuditTimelineIndex1765699200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS audit_events_timeline_idx ON audit_events (target_id)
         WHERE action NOT LIKE '%.read'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_events_timeline_idx`);
  }
}
