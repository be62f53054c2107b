import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referrals (what a member files), cases (what the coalition works on), the
 * normalised keys that link them, gap-free references and idempotency records.
 */
export class ReferralsAndCases1764403200000 implements MigrationInterface {
  name = 'ReferralsAndCases1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // One row per (kind, year); incremented under a row lock in the creating
    // transaction, so a rolled-back create leaves no gap.
    await q.query(`
      CREATE TABLE reference_counters (
        kind text NOT NULL,
        year integer NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (kind, year)
      )`);

    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('triage', 'in_review', 'pending_approval', 'approved',
          'routed', 'closed', 'rejected', 'merged')),
        priority text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
        assignee_id uuid REFERENCES users (id),
        merged_into_id uuid REFERENCES cases (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX cases_status_idx ON cases (status, priority, created_at)`);

    await q.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        created_by uuid NOT NULL REFERENCES users (id),
        status text NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'info_requested',
          'accepted', 'declined', 'withdrawn')),
        category text,
        indicators text[] NOT NULL DEFAULT '{}',
        priority text NOT NULL DEFAULT 'P3' CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
        escalation_reason text,
        tlp text NOT NULL DEFAULT 'AMBER+STRICT',
        observed_from date,
        observed_to date,
        total_amount numeric(15, 2),
        total_currency char(3),
        narrative text,
        merchant jsonb,
        observables jsonb NOT NULL DEFAULT '[]'::jsonb,
        transactions jsonb NOT NULL DEFAULT '[]'::jsonb,
        acknowledge_reporting_duty boolean NOT NULL DEFAULT false,
        case_id uuid REFERENCES cases (id),
        submitted_at timestamptz,
        withdrawn_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE INDEX referrals_organization_idx ON referrals (organization_id, created_at, id)`,
    );
    await q.query(`CREATE INDEX referrals_status_idx ON referrals (status, created_at, id)`);
    await q.query(`CREATE INDEX referrals_case_idx ON referrals (case_id)`);

    // The normalised identifiers of each submitted referral. Exact matches on
    // (kind, value) join a case; trigram similarity on names only suggests.
    await q.query(`
      CREATE TABLE referral_match_keys (
        referral_id uuid NOT NULL REFERENCES referrals (id),
        case_id uuid NOT NULL REFERENCES cases (id),
        kind text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (referral_id, kind, value)
      )`);
    await q.query(
      `CREATE INDEX referral_match_keys_lookup_idx ON referral_match_keys (kind, value)`,
    );
    await q.query(`CREATE INDEX referral_match_keys_case_idx ON referral_match_keys (case_id)`);
    await q.query(`
      CREATE INDEX referral_match_keys_name_trgm_idx ON referral_match_keys
        USING gin (value gin_trgm_ops) WHERE kind = 'name_country'`);

    await q.query(`
      CREATE TABLE match_suggestions (
        case_id uuid NOT NULL REFERENCES cases (id),
        referral_id uuid NOT NULL REFERENCES referrals (id),
        similarity real NOT NULL,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'linked', 'dismissed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, referral_id)
      )`);

    // A retried create or submit returns the first response instead of acting twice.
    await q.query(`
      CREATE TABLE idempotency_records (
        user_id uuid NOT NULL REFERENCES users (id),
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, scope, key)
      )`);
    await q.query(
      `CREATE INDEX idempotency_records_created_idx ON idempotency_records (created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_records`);
    await q.query(`DROP TABLE match_suggestions`);
    await q.query(`DROP TABLE referral_match_keys`);
    await q.query(`DROP TABLE referrals`);
    await q.query(`DROP TABLE cases`);
    await q.query(`DROP TABLE reference_counters`);
  }
}
