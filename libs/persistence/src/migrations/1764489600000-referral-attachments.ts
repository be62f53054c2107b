import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Documents attached to referrals: PDF, CSV or plain text only, checked by content. */
export class ReferralAttachments1764489600000 implements MigrationInterface {
  name = 'ReferralAttachments1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral_attachments (
        id uuid PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES referrals (id),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        created_by uuid NOT NULL REFERENCES users (id),
        filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
        media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'text/csv', 'text/plain')),
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL,
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX referral_attachments_referral_idx ON referral_attachments (referral_id, created_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referral_attachments`);
  }
}
