import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys of member systems: a lookup prefix in clear, the SHA-256 of the
 * secret part, the scopes (a non-empty subset of referrals:write and
 * referrals:read), and the times it was created, last used, expires and was revoked.
 */
export class ApiKeys1765094400000 implements MigrationInterface {
  name = 'ApiKeys1765094400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        prefix text NOT NULL UNIQUE CHECK (prefix ~ '^[0-9a-f]{12}$'),
        secret_hash text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
        scopes text[] NOT NULL CHECK (
          cardinality(scopes) >= 1
          AND scopes <@ ARRAY['referrals:write', 'referrals:read']::text[]
        ),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users (id),
        CHECK (expires_at IS NULL OR expires_at > created_at),
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await q.query(
      `CREATE INDEX api_keys_organization_idx ON api_keys (organization_id, created_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}
