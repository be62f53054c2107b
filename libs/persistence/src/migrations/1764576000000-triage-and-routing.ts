import type { MigrationInterface, QueryRunner } from 'typeorm';

const TRISTATE = `text NOT NULL DEFAULT 'unknown' CHECK`;
const TLPS = `('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')`;

/**
 * Triage, approval, routing and law-enforcement delivery: reference data
 * (jurisdictions, agencies and what they cover), the case's routing plan and
 * four-eyes fields, dispatches and their delivery attempts, holds, information
 * requests, coordinator notes, SLA clocks and coordinator alerts.
 */
export class TriageAndRouting1764576000000 implements MigrationInterface {
  name = 'TriageAndRouting1764576000000';

  async up(q: QueryRunner): Promise<void> {
    // A member names itself in law-enforcement packages only when it opts in.
    await q.query(
      `ALTER TABLE organizations ADD COLUMN named_in_dispatches boolean NOT NULL DEFAULT false`,
    );

    // The five criteria of the model-legislation review, entered by administrators.
    await q.query(`
      CREATE TABLE jurisdictions (
        code char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
        name text NOT NULL,
        csam_specific_law ${TRISTATE} (csam_specific_law IN ('yes', 'no', 'unknown')),
        csam_defined ${TRISTATE} (csam_defined IN ('yes', 'no', 'unknown')),
        technology_facilitated_offences ${TRISTATE}
          (technology_facilitated_offences IN ('yes', 'no', 'unknown')),
        simple_possession_criminalised ${TRISTATE}
          (simple_possession_criminalised IN ('yes', 'no', 'unknown')),
        isp_reporting_required ${TRISTATE} (isp_reporting_required IN ('yes', 'no', 'unknown')),
        source_edition text,
        reviewed_on date,
        hotline boolean NOT NULL DEFAULT false,
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);

    // An agency is the routing face of a law-enforcement organization.
    await q.query(`
      CREATE TABLE agencies (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL UNIQUE REFERENCES organizations (id),
        name text NOT NULL,
        channels text[] NOT NULL
          CHECK (cardinality(channels) >= 1 AND channels <@ ARRAY['portal', 'webhook']::text[]),
        webhook_url text,
        webhook_secret jsonb,
        contact_email text,
        contact_phone text,
        is_fallback boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK (NOT ('webhook' = ANY (channels)) OR (webhook_url IS NOT NULL AND webhook_secret IS NOT NULL))
      )`);
    // At most one active fallback (the coalition's international channel).
    await q.query(
      `CREATE UNIQUE INDEX agencies_single_fallback_idx ON agencies ((true)) WHERE is_fallback AND active`,
    );
    await q.query(`
      CREATE TABLE agency_coverage (
        agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
        jurisdiction_code char(2) NOT NULL REFERENCES jurisdictions (code),
        PRIMARY KEY (agency_id, jurisdiction_code)
      )`);
    await q.query(
      `CREATE INDEX agency_coverage_jurisdiction_idx ON agency_coverage (jurisdiction_code)`,
    );

    await q.query(`
      ALTER TABLE cases
        ADD COLUMN tlp text CHECK (tlp IN ${TLPS}),
        ADD COLUMN routing_plan jsonb,
        ADD COLUMN proposed_by uuid REFERENCES users (id),
        ADD COLUMN proposed_at timestamptz,
        ADD COLUMN approved_by uuid REFERENCES users (id),
        ADD COLUMN approved_at timestamptz,
        ADD COLUMN routing_round integer NOT NULL DEFAULT 0,
        ADD COLUMN status_reason text,
        ADD COLUMN outcome text,
        ADD COLUMN closed_at timestamptz`);
    await q.query(`CREATE INDEX cases_assignee_idx ON cases (assignee_id, status)`);

    await q.query(`
      CREATE TABLE dispatches (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        case_id uuid NOT NULL REFERENCES cases (id),
        agency_id uuid NOT NULL REFERENCES agencies (id),
        routing_round integer NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'acknowledged', 'accepted',
          'declined', 'failed')),
        channels text[] NOT NULL,
        basis jsonb NOT NULL,
        tlp text NOT NULL CHECK (tlp IN ${TLPS}),
        package jsonb NOT NULL,
        delivery_attempts integer NOT NULL DEFAULT 0,
        last_error text,
        delivered_at timestamptz,
        acknowledged_at timestamptz,
        accepted_at timestamptz,
        declined_at timestamptz,
        decline_reason text,
        failed_at timestamptz,
        le_case_number text,
        outcome text,
        outcome_note text,
        outcome_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        UNIQUE (case_id, agency_id, routing_round)
      )`);
    await q.query(
      `CREATE INDEX dispatches_agency_idx ON dispatches (agency_id, status, created_at, id)`,
    );
    await q.query(`CREATE INDEX dispatches_case_idx ON dispatches (case_id)`);

    // One row per delivery attempt, kept for coordinators and the agency's support desk.
    await q.query(`
      CREATE TABLE dispatch_delivery_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dispatch_id uuid NOT NULL REFERENCES dispatches (id),
        attempt integer NOT NULL,
        channel text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed')),
        http_status integer,
        error text,
        duration_ms integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX dispatch_delivery_attempts_idx ON dispatch_delivery_attempts (dispatch_id, created_at)`,
    );

    await q.query(`
      CREATE TABLE holds (
        id uuid PRIMARY KEY,
        dispatch_id uuid NOT NULL REFERENCES dispatches (id),
        case_id uuid NOT NULL REFERENCES cases (id),
        agency_id uuid NOT NULL REFERENCES agencies (id),
        created_by uuid NOT NULL REFERENCES users (id),
        scope text NOT NULL CHECK (scope IN ('do_not_terminate', 'do_not_contact', 'do_not_share')),
        reason text NOT NULL,
        document_ref text NOT NULL,
        expires_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'released', 'expired')),
        renewals integer NOT NULL DEFAULT 0,
        released_at timestamptz,
        released_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX holds_case_idx ON holds (case_id, status)`);
    await q.query(`CREATE INDEX holds_dispatch_idx ON holds (dispatch_id)`);

    await q.query(`
      CREATE TABLE info_requests (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        referral_id uuid NOT NULL REFERENCES referrals (id),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        asked_by uuid NOT NULL REFERENCES users (id),
        question text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'cancelled')),
        answer text,
        answered_by uuid REFERENCES users (id),
        answered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK ((status = 'answered') = (answer IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX info_requests_referral_idx ON info_requests (referral_id, created_at)`,
    );
    await q.query(`CREATE INDEX info_requests_case_idx ON info_requests (case_id, created_at)`);

    // Coordinator-internal; never shown to members or agencies.
    await q.query(`
      CREATE TABLE case_notes (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        author_id uuid NOT NULL REFERENCES users (id),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at)`);

    // A running clock is due at due_at; whoever meets its condition stops it in
    // the same transaction; the delayed job that finds it still running breaches it.
    await q.query(`
      CREATE TABLE sla_clocks (
        id uuid PRIMARY KEY,
        clock text NOT NULL CHECK (clock IN ('triage', 'le_acknowledgement', 'info_request',
          'hold_expiry')),
        case_id uuid NOT NULL REFERENCES cases (id),
        dispatch_id uuid REFERENCES dispatches (id),
        info_request_id uuid REFERENCES info_requests (id),
        hold_id uuid REFERENCES holds (id),
        started_at timestamptz NOT NULL DEFAULT now(),
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'met', 'breached',
          'met_late', 'cancelled')),
        breached_at timestamptz,
        stopped_at timestamptz
      )`);
    await q.query(`CREATE INDEX sla_clocks_case_idx ON sla_clocks (case_id, status)`);

    // What coordinators are told: SLA breaches, failed deliveries, expired holds.
    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('sla_breach', 'delivery_failed', 'hold_expired')),
        case_id uuid NOT NULL REFERENCES cases (id),
        dispatch_id uuid REFERENCES dispatches (id),
        clock_id uuid REFERENCES sla_clocks (id),
        message text NOT NULL,
        dedupe_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_by uuid REFERENCES users (id),
        acknowledged_at timestamptz
      )`);
    await q.query(`CREATE INDEX alerts_open_idx ON alerts (acknowledged_at, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'alerts',
      'sla_clocks',
      'case_notes',
      'info_requests',
      'holds',
      'dispatch_delivery_attempts',
      'dispatches',
      'agency_coverage',
      'agencies',
      'jurisdictions',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP INDEX cases_assignee_idx`);
    await q.query(`
      ALTER TABLE cases DROP COLUMN tlp, DROP COLUMN routing_plan, DROP COLUMN proposed_by,
        DROP COLUMN proposed_at, DROP COLUMN approved_by, DROP COLUMN approved_at,
        DROP COLUMN routing_round, DROP COLUMN status_reason, DROP COLUMN outcome,
        DROP COLUMN closed_at`);
    await q.query(`ALTER TABLE organizations DROP COLUMN named_in_dispatches`);
  }
}
