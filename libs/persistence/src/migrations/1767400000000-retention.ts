import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention.
 *
 * `audit_archives`: one row per calendar month of the audit chain written to a
 * signed file and then removed from `audit_events` (docs/retention.md). Rows
 * are never deleted or rewritten; `purged_at` is set once.
 *
 * The audit trail's append-only trigger now lets a sealed event go, and only
 * when an archive row covers its chain position: nothing unarchived can be
 * deleted, and every deletion leaves the archive that holds the event.
 *
 * Indexes for the purge's lookups by age.
 */
export class Retention1767400000000 implements MigrationInterface {
  name = 'Retention1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_archives (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
        first_seq bigint NOT NULL CHECK (first_seq > 0),
        last_seq bigint NOT NULL,
        first_prev_hash text NOT NULL CHECK (first_prev_hash ~ '^[0-9a-f]{64}$'),
        last_hash text NOT NULL CHECK (last_hash ~ '^[0-9a-f]{64}$'),
        event_count integer NOT NULL CHECK (event_count > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        signature text NOT NULL,
        public_key_fingerprint text NOT NULL,
        file_name text NOT NULL UNIQUE,
        archived_at timestamptz NOT NULL,
        purged_at timestamptz,
        CHECK (last_seq >= first_seq),
        CHECK (event_count = last_seq - first_seq + 1),
        UNIQUE (first_seq)
      )`);
    await q.query(`CREATE INDEX audit_archives_range_idx ON audit_archives (first_seq, last_seq)`);
    await q.query(`
      CREATE FUNCTION audit_archives_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL
           AND (to_jsonb(NEW) - 'purged_at') = (to_jsonb(OLD) - 'purged_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_archives is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER audit_archives_no_update_delete
        BEFORE UPDATE OR DELETE ON audit_archives
        FOR EACH ROW EXECUTE FUNCTION audit_archives_guard()`);
    await q.query(`
      CREATE TRIGGER audit_archives_no_truncate
        BEFORE TRUNCATE ON audit_archives
        FOR EACH STATEMENT EXECUTE FUNCTION audit_archives_guard()`);

    await q.query(`
      CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF OLD.chain_seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
             AND (to_jsonb(NEW) - 'chain_seq' - 'prev_hash' - 'hash')
                 = (to_jsonb(OLD) - 'chain_seq' - 'prev_hash' - 'hash') THEN
            RETURN NEW;
          END IF;
        ELSIF TG_OP = 'DELETE' THEN
          IF OLD.chain_seq IS NOT NULL AND EXISTS (
               SELECT 1 FROM audit_archives a
                WHERE OLD.chain_seq BETWEEN a.first_seq AND a.last_seq) THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);

    await q.query(
      `CREATE INDEX referrals_retention_idx ON referrals (status, updated_at) WHERE case_id IS NULL`,
    );
    await q.query(`CREATE INDEX notifications_created_idx ON notifications (created_at)`);
    await q.query(`CREATE INDEX mail_deliveries_created_idx ON mail_deliveries (created_at)`);
    // dispatch_delivery_attempts (created_at) is indexed by StatisticsIndexes1767100000000.
    await q.query(`CREATE INDEX cases_merged_into_idx ON cases (merged_into_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_merged_into_idx`);
    await q.query(`DROP INDEX mail_deliveries_created_idx`);
    await q.query(`DROP INDEX notifications_created_idx`);
    await q.query(`DROP INDEX referrals_retention_idx`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF OLD.chain_seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
             AND (to_jsonb(NEW) - 'chain_seq' - 'prev_hash' - 'hash')
                 = (to_jsonb(OLD) - 'chain_seq' - 'prev_hash' - 'hash') THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`DROP TABLE audit_archives`);
    await q.query(`DROP FUNCTION audit_archives_guard()`);
  }
}
