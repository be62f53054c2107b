import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the audit chain (append-only, like the events) and
 * the requests for one on demand, which the worker fulfils.
 */
export class AuditCheckpoints1764921600000 implements MigrationInterface {
  name = 'AuditCheckpoints1764921600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_checkpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        chain_seq bigint NOT NULL CHECK (chain_seq > 0),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        signed_at timestamptz NOT NULL,
        algorithm text NOT NULL CHECK (algorithm = 'Ed25519'),
        signature text NOT NULL,
        public_key_pem text NOT NULL,
        public_key_fingerprint text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX audit_checkpoints_listing_idx ON audit_checkpoints (created_at, id)`,
    );
    await q.query(`CREATE INDEX audit_checkpoints_seq_idx ON audit_checkpoints (chain_seq)`);
    await q.query(`
      CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_checkpoints is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_no_update_delete
        BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_no_truncate
        BEFORE TRUNCATE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only()`);

    await q.query(`
      CREATE TABLE audit_checkpoint_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        requested_at timestamptz NOT NULL DEFAULT now(),
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        fulfilled_at timestamptz,
        checkpoint_id uuid REFERENCES audit_checkpoints (id) ON DELETE RESTRICT
      )`);
    await q.query(
      `CREATE INDEX audit_checkpoint_requests_pending_idx ON audit_checkpoint_requests (requested_at)
         WHERE fulfilled_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoint_requests`);
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP FUNCTION audit_checkpoints_append_only()`);
  }
}
