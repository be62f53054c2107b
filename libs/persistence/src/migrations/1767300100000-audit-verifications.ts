import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What verification has established: each row says "the chain was recomputed
 * up to the signed checkpoint `checkpoint_id` at `chain_seq`, whose hash was
 * `hash`". An incremental verification starts from the newest row (after
 * checking that checkpoint's signature over that hash and that the stored
 * event at `chain_seq` still carries it) and recomputes only what follows.
 * Append-only, like the trail: a run adds a row when it reached a newer
 * checkpoint.
 */
export class AuditVerifications1767300100000 implements MigrationInterface {
  name = 'AuditVerifications1767300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_verifications (
        id bigserial PRIMARY KEY,
        verified_at timestamptz NOT NULL DEFAULT now(),
        mode text NOT NULL CHECK (mode IN ('full', 'incremental')),
        from_seq bigint NOT NULL CHECK (from_seq >= 0),
        chain_seq bigint NOT NULL CHECK (chain_seq > 0),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        checkpoint_id uuid NOT NULL REFERENCES audit_checkpoints (id)
      )`);
    await q.query(`
      CREATE FUNCTION audit_verifications_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_verifications is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER audit_verifications_no_update_delete
        BEFORE UPDATE OR DELETE ON audit_verifications
        FOR EACH ROW EXECUTE FUNCTION audit_verifications_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_verifications_no_truncate
        BEFORE TRUNCATE ON audit_verifications
        FOR EACH STATEMENT EXECUTE FUNCTION audit_verifications_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_verifications`);
    await q.query(`DROP FUNCTION audit_verifications_append_only()`);
  }
}
