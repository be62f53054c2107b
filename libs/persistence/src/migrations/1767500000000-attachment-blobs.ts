import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents' bytes move to the blob store; PostgreSQL keeps each one's key and
 * SHA-256. Rows stored before keep their bytes in `content` until
 * `npm run blobs:migrate` moves them (a migration cannot reach the store); a row
 * holds its bytes in one place or the other, never neither.
 */
export class AttachmentBlobs1767500000000 implements MigrationInterface {
  name = 'AttachmentBlobs1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referral_attachments ALTER COLUMN content DROP NOT NULL`);
    await q.query(`ALTER TABLE referral_attachments ADD COLUMN blob_key text`);
    await q.query(`
      ALTER TABLE referral_attachments
        ADD CONSTRAINT referral_attachments_bytes_kept
        CHECK (content IS NOT NULL OR blob_key IS NOT NULL)`);
    // The rows blobs:migrate still has to move, found without reading the others.
    await q.query(`
      CREATE INDEX referral_attachments_in_database_idx
        ON referral_attachments (created_at, id) WHERE blob_key IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(
      `SELECT count(*) AS n FROM referral_attachments WHERE content IS NULL`,
    )) as { n: string }[];
    if (Number(n) > 0) {
      throw new Error(`${n} documents are held only in the blob store; reverting would lose them`);
    }
    await q.query(`DROP INDEX referral_attachments_in_database_idx`);
    await q.query(
      `ALTER TABLE referral_attachments DROP CONSTRAINT referral_attachments_bytes_kept`,
    );
    await q.query(`ALTER TABLE referral_attachments DROP COLUMN blob_key`);
    await q.query(`ALTER TABLE referral_attachments ALTER COLUMN content SET NOT NULL`);
  }
}
