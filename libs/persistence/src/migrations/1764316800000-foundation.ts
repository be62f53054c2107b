import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizations, users, sessions, login throttling, the append-only audit
 * trail and the outbox. Runs on PostgreSQL 15 and on the embedded PGlite.
 */
export class Foundation1764316800000 implements MigrationInterface {
  name = 'Foundation1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('member', 'coalition', 'law_enforcement')),
        legal_name text NOT NULL CHECK (length(legal_name) BETWEEN 1 AND 200),
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        status text NOT NULL CHECK (status IN ('pending_vetting', 'active', 'suspended')),
        member_type text CHECK (member_type IN ('issuer', 'acquirer', 'card_network',
          'payment_processor', 'money_service_business', 'crypto', 'internet_company')),
        sharing_registration_current boolean,
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT organizations_member_fields CHECK (
          (kind = 'member' AND member_type IS NOT NULL AND sharing_registration_current IS NOT NULL)
          OR (kind <> 'member' AND member_type IS NULL AND sharing_registration_current IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX organizations_name_country_key ON organizations (lower(legal_name), country)`,
    );

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
        role text NOT NULL CHECK (role IN ('member_reporter', 'member_admin', 'coordinator',
          'lead_coordinator', 'le_liaison', 'auditor', 'platform_admin')),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
        password_hash text NOT NULL,
        mfa_secret text,
        mfa_enabled boolean NOT NULL DEFAULT false,
        status text NOT NULL CHECK (status IN ('active', 'suspended')),
        last_login_at timestamptz,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_organization_idx ON users (organization_id, created_at, id)`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        revoked_reason text,
        created_ip text
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)`);
    await q.query(`CREATE INDEX refresh_tokens_expiry_idx ON refresh_tokens (expires_at)`);

    await q.query(`
      CREATE TABLE login_throttles (
        key_hash text PRIMARY KEY,
        failures integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);

    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_organization_id uuid,
        actor_role text,
        action text NOT NULL,
        target_type text,
        target_id text,
        outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
        request_id text,
        ip text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        details_digest text NOT NULL,
        chain_seq bigint UNIQUE,
        prev_hash text,
        hash text
      )`);
    await q.query(
      `CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id, id)`,
    );
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, id)`);
    await q.query(`CREATE INDEX audit_events_time_idx ON audit_events (occurred_at, id)`);
    await q.query(
      `CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE chain_seq IS NULL`,
    );
    // Append-only in the database itself: rows may only gain their chain
    // position once; nothing else about an event can change or disappear.
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`
      CREATE TRIGGER audit_events_no_update_delete
        BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate
        BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);

    await q.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        queue text NOT NULL,
        job_name text NOT NULL,
        payload jsonb NOT NULL,
        organization_id uuid,
        available_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(
      `CREATE INDEX outbox_pending_idx ON outbox (available_at, created_at) WHERE published_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
    await q.query(`DROP TABLE login_throttles`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE organizations`);
  }
}
