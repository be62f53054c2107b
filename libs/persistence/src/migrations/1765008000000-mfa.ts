import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TOTP second factor: the last time step a user's code was accepted (so a code
 * cannot be used twice), and single-use recovery codes stored only as salted
 * SHA-256 digests. The sealed TOTP secret lives in the existing users.mfa_secret
 * column; a secret with mfa_enabled false is an enrolment awaiting confirmation.
 */
export class Mfa1765008000000 implements MigrationInterface {
  name = 'Mfa1765008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN mfa_last_step bigint,
        ADD CONSTRAINT users_mfa_enabled_has_secret CHECK (NOT mfa_enabled OR mfa_secret IS NOT NULL)`);
    await q.query(`
      CREATE TABLE mfa_recovery_codes (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        salt text NOT NULL,
        code_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX mfa_recovery_codes_user_idx ON mfa_recovery_codes (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mfa_recovery_codes`);
    await q.query(`
      ALTER TABLE users
        DROP CONSTRAINT users_mfa_enabled_has_secret,
        DROP COLUMN mfa_last_step`);
  }
}
