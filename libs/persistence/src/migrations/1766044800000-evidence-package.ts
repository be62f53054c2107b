import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence packages (docs/audit.md, "Chain format 2"; docs/webhooks.md, "The
 * package as evidence"):
 * - `audit_events.chain_format`: events written from now on are chained as
 *   format 2, which hashes the digest of an event's projection instead of the
 *   projection itself, so a proof can pass over unrelated events by their
 *   digests without showing who did what. Events already written keep format
 *   1 (the column's default at the moment it is added, set without touching a
 *   row, so the append-only trigger is not involved and signed checkpoints stay valid).
 * - `dispatches.package_digest`: SHA-256 of the package's canonical JSON,
 *   recorded at approval in the dispatch's audit event too; null for packages
 *   approved before it was recorded.
 */
export class EvidencePackage1766044800000 implements MigrationInterface {
  name = 'EvidencePackage1766044800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ADD COLUMN chain_format smallint NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE audit_events ALTER COLUMN chain_format SET DEFAULT 2`);
    await q.query(
      `ALTER TABLE audit_events ADD CONSTRAINT audit_events_chain_format_check CHECK (chain_format IN (1, 2))`,
    );
    await q.query(`ALTER TABLE dispatches ADD COLUMN package_digest text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dispatches DROP COLUMN package_digest`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN chain_format`);
  }
}
