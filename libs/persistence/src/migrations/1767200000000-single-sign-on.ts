import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on through each organization's OpenID Connect provider.
 *
 * - organization_sso: one provider per organization; the client secret is
 *   sealed with the field cipher (like a webhook secret) and never returned.
 * - sso_authorizations: a started sign-in (state, nonce, PKCE verifier),
 *   looked up by the state's SHA-256, short-lived and spent once.
 * - sso_handoffs: the one-time code the console exchanges for a session after
 *   the provider's answer was accepted, stored as its SHA-256.
 * - user_identities: the account an (issuer, subject) pair signs in to, fixed
 *   at the first sign-in, so a changed e-mail at the provider moves nothing.
 *
 * - users.status gains `pending`: an account created at a first single
 *   sign-on, which cannot sign in until an administrator grants it a role.
 *
 * Plain tables, indexes and checks: runs on PostgreSQL and on the embedded PGlite.
 */
export class SingleSignOn1767200000000 implements MigrationInterface {
  name = 'SingleSignOn1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_status_check`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_status_check
         CHECK (status IN ('active', 'suspended', 'pending'))`,
    );
    await q.query(`
      CREATE TABLE organization_sso (
        organization_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
        issuer text NOT NULL CHECK (char_length(issuer) BETWEEN 1 AND 500),
        client_id text NOT NULL CHECK (char_length(client_id) BETWEEN 1 AND 500),
        client_secret jsonb NOT NULL,
        required boolean NOT NULL DEFAULT false,
        mfa_acr_values text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sso_authorizations (
        id uuid PRIMARY KEY,
        state_hash text NOT NULL UNIQUE,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        issuer text NOT NULL,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX sso_authorizations_expires_idx ON sso_authorizations (expires_at)`);
    await q.query(`
      CREATE TABLE sso_handoffs (
        code_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        mfa_asserted boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX sso_handoffs_expires_idx ON sso_handoffs (expires_at)`);
    await q.query(`
      CREATE TABLE user_identities (
        issuer text NOT NULL,
        subject text NOT NULL,
        user_id uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issuer, subject)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_identities`);
    await q.query(`DROP TABLE sso_handoffs`);
    await q.query(`DROP TABLE sso_authorizations`);
    await q.query(`DROP TABLE organization_sso`);
    await q.query(`UPDATE users SET status = 'suspended' WHERE status = 'pending'`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_status_check`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_status_check CHECK (status IN ('active', 'suspended'))`,
    );
  }
}
