import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the statistics page, the transparency report and the metrics
 * endpoint, so that each reads its range or its last 24 hours through an
 * index rather than scanning the table: referrals by submission, cases by
 * opening, alerts by when they were raised, delivery attempts by time, mail
 * by when it was sent. Plain CREATE INDEX (the embedded database has no
 * CONCURRENTLY); on a large production table, create them first with
 * CREATE INDEX CONCURRENTLY IF NOT EXISTS and this migration then does nothing.
 */
export class StatisticsIndexes1767100000000 implements MigrationInterface {
  name = 'StatisticsIndexes1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS referrals_submitted_idx ON referrals (submitted_at)
        WHERE submitted_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS cases_created_idx ON cases (created_at)`);
    await q.query(`CREATE INDEX IF NOT EXISTS alerts_created_idx ON alerts (created_at)`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS dispatch_delivery_attempts_created_idx
         ON dispatch_delivery_attempts (created_at)`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS mail_deliveries_sent_idx ON mail_deliveries (sent_at)
        WHERE sent_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'mail_deliveries_sent_idx',
      'dispatch_delivery_attempts_created_idx',
      'alerts_created_idx',
      'cases_created_idx',
      'referrals_submitted_idx',
    ]) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
  }
}
