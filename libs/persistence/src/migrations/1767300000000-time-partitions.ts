import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail and the match keys, partitioned by month (UTC) with
 * PostgreSQL's native range partitioning, so that old months can be archived
 * and removed as whole tables and the newest ones stay small.
 *
 * - `audit_events` by `occurred_at`; `referral_match_keys` by a new column,
 *   `referral_created_at` (the referral's own creation time, which never
 *   changes, so every key of one referral lies in one partition).
 * - Partitions are named `<table>_yYYYYmMM` (`audit_events_y2026m12`) and
 *   cover [first of the month, first of the next) in UTC; `<table>_default`
 *   takes anything no month partition covers (a clock far ahead), so an
 *   insert never fails for want of a partition.
 * - `create_month_partitions(table, first_month, count)` creates the months
 *   that do not exist yet. It is SECURITY DEFINER (it runs as the tables'
 *   owner): the worker, which owns nothing, calls it every hour to keep three
 *   months ahead. It serves these two tables only. A month whose rows already
 *   sit in the default partition is left there (creating it would fail) and
 *   named in the answer with a leading `!`.
 *
 * A partitioned table's primary and unique keys must contain the partition
 * column, so the keys become (id, occurred_at), (chain_seq, occurred_at) and
 * (referral_id, kind, value, referral_created_at). The guarantees stay:
 * - `id` comes from one sequence, which hands each value out once;
 * - `chain_seq` is written only by the sealer, one pass at a time under the
 *   advisory lock AUDIT_SEAL_LOCK_KEY, as the head's position plus one, so it
 *   cannot repeat; the verifier reports any position seen twice;
 * - `referral_created_at` is a function of `referral_id` (the writer takes it
 *   from the referral), so (referral_id, kind, value) stays unique.
 *
 * Row triggers on a partitioned table apply to every partition; the TRUNCATE
 * guard is a statement trigger, which does not, so each audit partition gets
 * its own. Privileges granted on the old tables are granted again on the new.
 *
 * The rows are copied inside the migration's transaction; on a long trail
 * that takes a while (minutes per ten million events) and holds writes back.
 */
export class TimePartitions1767300000000 implements MigrationInterface {
  name = 'TimePartitions1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(CREATE_MONTH_PARTITIONS);

    // The audit trail.
    await q.query(`ALTER TABLE audit_events RENAME TO audit_events_unpartitioned`);
    await q.query(`
      CREATE TABLE audit_events (LIKE audit_events_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
        PARTITION BY RANGE (occurred_at)`);
    await createMonthsFor(
      q,
      'audit_events',
      'SELECT min(occurred_at) FROM audit_events_unpartitioned',
    );
    await q.query(`INSERT INTO audit_events SELECT * FROM audit_events_unpartitioned`);
    await q.query(`ALTER SEQUENCE audit_events_id_seq OWNED BY audit_events.id`);
    await copyGrants(q, 'audit_events_unpartitioned', 'audit_events');
    await q.query(`DROP TABLE audit_events_unpartitioned`);
    await q.query(
      `ALTER TABLE audit_events ADD CONSTRAINT audit_events_pkey PRIMARY KEY (id, occurred_at)`,
    );
    await q.query(
      `ALTER TABLE audit_events ADD CONSTRAINT audit_events_chain_seq_key UNIQUE (chain_seq, occurred_at)`,
    );
    await q.query(
      `CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id, id)`,
    );
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, id)`);
    await q.query(`CREATE INDEX audit_events_time_idx ON audit_events (occurred_at, id)`);
    await q.query(
      `CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE chain_seq IS NULL`,
    );
    await q.query(
      `CREATE INDEX audit_events_timeline_idx ON audit_events (target_id)
         WHERE action NOT LIKE '%.read'`,
    );
    await q.query(`
      CREATE TRIGGER audit_events_no_update_delete
        BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate
        BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
    // The match keys.
    await q.query(`ALTER TABLE referral_match_keys RENAME TO referral_match_keys_unpartitioned`);
    await q.query(`
      CREATE TABLE referral_match_keys (
        referral_id uuid NOT NULL,
        case_id uuid NOT NULL,
        kind text NOT NULL,
        value text NOT NULL,
        referral_created_at timestamptz NOT NULL DEFAULT now()
      ) PARTITION BY RANGE (referral_created_at)`);
    await createMonthsFor(
      q,
      'referral_match_keys',
      `SELECT min(r.created_at) FROM referral_match_keys_unpartitioned k
         JOIN referrals r ON r.id = k.referral_id`,
    );
    await q.query(`
      INSERT INTO referral_match_keys (referral_id, case_id, kind, value, referral_created_at)
      SELECT k.referral_id, k.case_id, k.kind, k.value, r.created_at
        FROM referral_match_keys_unpartitioned k JOIN referrals r ON r.id = k.referral_id`);
    await copyGrants(q, 'referral_match_keys_unpartitioned', 'referral_match_keys');
    await q.query(`DROP TABLE referral_match_keys_unpartitioned`);
    await q.query(`
      ALTER TABLE referral_match_keys
        ADD CONSTRAINT referral_match_keys_pkey PRIMARY KEY (referral_id, kind, value, referral_created_at),
        ADD CONSTRAINT referral_match_keys_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES referrals (id),
        ADD CONSTRAINT referral_match_keys_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases (id)`);
    await q.query(
      `CREATE INDEX referral_match_keys_lookup_idx ON referral_match_keys (kind, value)`,
    );
    await q.query(`CREATE INDEX referral_match_keys_case_idx ON referral_match_keys (case_id)`);
    await q.query(`
      CREATE INDEX referral_match_keys_name_country_trgm_idx ON referral_match_keys
        USING gin (right(value, 2), value gin_trgm_ops) WHERE kind = 'name_country'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referral_match_keys RENAME TO referral_match_keys_partitioned`);
    await q.query(`
      CREATE TABLE referral_match_keys (
        referral_id uuid NOT NULL REFERENCES referrals (id),
        case_id uuid NOT NULL REFERENCES cases (id),
        kind text NOT NULL,
        value text NOT NULL
      )`);
    await q.query(`
      INSERT INTO referral_match_keys (referral_id, case_id, kind, value)
      SELECT referral_id, case_id, kind, value FROM referral_match_keys_partitioned`);
    await copyGrants(q, 'referral_match_keys_partitioned', 'referral_match_keys');
    await q.query(`DROP TABLE referral_match_keys_partitioned`);
    await q.query(
      `ALTER TABLE referral_match_keys ADD CONSTRAINT referral_match_keys_pkey PRIMARY KEY (referral_id, kind, value)`,
    );
    await q.query(
      `CREATE INDEX referral_match_keys_lookup_idx ON referral_match_keys (kind, value)`,
    );
    await q.query(`CREATE INDEX referral_match_keys_case_idx ON referral_match_keys (case_id)`);
    await q.query(`
      CREATE INDEX referral_match_keys_name_country_trgm_idx ON referral_match_keys
        USING gin (right(value, 2), value gin_trgm_ops) WHERE kind = 'name_country'`);

    await q.query(`ALTER TABLE audit_events RENAME TO audit_events_partitioned`);
    await q.query(
      `CREATE TABLE audit_events (LIKE audit_events_partitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
    );
    await q.query(`INSERT INTO audit_events SELECT * FROM audit_events_partitioned`);
    await q.query(`ALTER SEQUENCE audit_events_id_seq OWNED BY audit_events.id`);
    await copyGrants(q, 'audit_events_partitioned', 'audit_events');
    await q.query(`DROP TABLE audit_events_partitioned`);
    await q.query(`ALTER TABLE audit_events ADD CONSTRAINT audit_events_pkey PRIMARY KEY (id)`);
    await q.query(
      `ALTER TABLE audit_events ADD CONSTRAINT audit_events_chain_seq_key UNIQUE (chain_seq)`,
    );
    await q.query(
      `CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id, id)`,
    );
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, id)`);
    await q.query(`CREATE INDEX audit_events_time_idx ON audit_events (occurred_at, id)`);
    await q.query(
      `CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE chain_seq IS NULL`,
    );
    await q.query(
      `CREATE INDEX audit_events_timeline_idx ON audit_events (target_id)
         WHERE action NOT LIKE '%.read'`,
    );
    await q.query(`
      CREATE TRIGGER audit_events_no_update_delete
        BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate
        BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`DROP FUNCTION create_month_partitions(text, date, integer)`);
  }
}

/** Months ahead of the current one that the migration (and the worker, hourly) keeps ready. */
export const PARTITION_MONTHS_AHEAD = 3;

/**
 * The month partitions from the month of the oldest row (`oldestSql` answers
 * its time, or null) to PARTITION_MONTHS_AHEAD past the current month, then
 * the default partition (with the audit trail's TRUNCATE guard).
 */
async function createMonthsFor(q: QueryRunner, table: string, oldestSql: string): Promise<void> {
  await q.query(`
    SELECT create_month_partitions('${table}', f.first::date,
             ((extract(year FROM f.cur) * 12 + extract(month FROM f.cur))
              - (extract(year FROM f.first) * 12 + extract(month FROM f.first)))::int
              + ${PARTITION_MONTHS_AHEAD + 1})
      FROM (SELECT date_trunc('month', least(coalesce((${oldestSql}), now()), now()) AT TIME ZONE 'UTC') AS first,
                   date_trunc('month', now() AT TIME ZONE 'UTC') AS cur) f`);
  await q.query(`CREATE TABLE ${table}_default PARTITION OF ${table} DEFAULT`);
  if (table === 'audit_events') {
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events_default
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }
}

/** Grant on `to` what was granted on `from` to roles other than its owner (table privileges). */
async function copyGrants(q: QueryRunner, from: string, to: string): Promise<void> {
  await q.query(`
    DO $$
    DECLARE g record;
    BEGIN
      FOR g IN SELECT a.grantee, a.privilege_type
                 FROM pg_class c, LATERAL aclexplode(c.relacl) a
                WHERE c.oid = '${from}'::regclass AND a.grantee <> c.relowner LOOP
        EXECUTE format('GRANT %s ON %I TO %s', g.privilege_type, '${to}',
          CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END);
      END LOOP;
    END $$`);
}

/**
 * Creates the missing month partitions of `audit_events` or
 * `referral_match_keys`; answers the names it created (and, with a leading
 * `!`, those it could not because the default partition holds rows of them).
 */
const CREATE_MONTH_PARTITIONS = `
  CREATE FUNCTION create_month_partitions(parent text, first_month date, months integer)
  RETURNS SETOF text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE
    col text;
    m integer;
    lo timestamptz;
    hi timestamptz;
    part text;
    stray boolean;
  BEGIN
    col := CASE parent WHEN 'audit_events' THEN 'occurred_at'
                       WHEN 'referral_match_keys' THEN 'referral_created_at' END;
    IF col IS NULL THEN
      RAISE EXCEPTION 'create_month_partitions serves audit_events and referral_match_keys only';
    END IF;
    IF months < 0 OR months > 120 THEN
      RAISE EXCEPTION 'create_month_partitions: months must be between 0 and 120';
    END IF;
    FOR m IN 0 .. months - 1 LOOP
      lo := (date_trunc('month', first_month::timestamp) + make_interval(months => m)) AT TIME ZONE 'UTC';
      hi := (date_trunc('month', first_month::timestamp) + make_interval(months => m + 1)) AT TIME ZONE 'UTC';
      part := parent || '_y' || to_char(lo AT TIME ZONE 'UTC', 'YYYY') || 'm' || to_char(lo AT TIME ZONE 'UTC', 'MM');
      CONTINUE WHEN to_regclass(quote_ident(part)) IS NOT NULL;
      stray := false;
      IF to_regclass(quote_ident(parent || '_default')) IS NOT NULL THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= $1 AND %I < $2)',
                       parent || '_default', col, col) INTO stray USING lo, hi;
      END IF;
      IF stray THEN
        RETURN NEXT '!' || part;
        CONTINUE;
      END IF;
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part, parent, lo, hi);
      IF parent = 'audit_events' THEN
        EXECUTE format('CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON %I
                          FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()', part);
      END IF;
      RETURN NEXT part;
    END LOOP;
  END $$`;
