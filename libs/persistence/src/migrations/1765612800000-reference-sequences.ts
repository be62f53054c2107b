import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sequences of references are named after their kind and year: `reference_seq_fcr_2026`. */
const SEQUENCE_NAME = /^reference_seq_([a-z]+)_([0-9]+)$/;
const KIND = /^[A-Z]+$/;

/**
 * References (`FCR-2026-000123`, `CASE-…`, `DSP-…`) come from one sequence per
 * kind and year instead of a counter row per kind and year. The row was locked
 * from the increment until the creating transaction committed, so every
 * filing of every member (and every case and dispatch opened) waited for the
 * one before it; a sequence hands out numbers without a lock held to commit.
 * The price is that a rolled-back transaction leaves a gap in the numbers,
 * which the domain allows (references are unique, not gap-free).
 *
 * next_reference(kind, year) creates a year's sequence on first use, so the
 * year boundary needs no job. The counters' values carry over: each sequence
 * continues after the last number its counter gave.
 */
export class ReferenceSequences1765612800000 implements MigrationInterface {
  name = 'ReferenceSequences1765612800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION next_reference(p_kind text, p_year integer) RETURNS text
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        seq text := format('reference_seq_%s_%s', lower(p_kind), p_year);
        rel regclass;
        n bigint;
      BEGIN
        IF p_kind !~ '^[A-Z]+$' OR p_year NOT BETWEEN 1000 AND 9999 THEN
          RAISE EXCEPTION 'invalid reference kind or year: %, %', p_kind, p_year;
        END IF;
        rel := to_regclass(seq);
        IF rel IS NULL THEN
          BEGIN
            EXECUTE format('CREATE SEQUENCE %I AS bigint', seq);
          EXCEPTION WHEN unique_violation OR duplicate_table THEN
            -- Another transaction created it first and has committed. Its
            -- name may still be missing from this session's catalog cache,
            -- so look the relation up by a query, which sees the commit.
            NULL;
          END;
          SELECT c.oid INTO STRICT rel FROM pg_class c
           WHERE c.relname = seq AND c.relnamespace = current_schema()::regnamespace;
        END IF;
        n := nextval(rel);
        RETURN p_kind || '-' || p_year || '-' ||
          CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END;
      END
      $$`);
    const counters = (await q.query(`SELECT kind, year, last_value FROM reference_counters`)) as {
      kind: string;
      year: number;
      last_value: number;
    }[];
    for (const { kind, year, last_value } of counters) {
      if (!KIND.test(kind)) throw new Error(`Unexpected reference kind ${JSON.stringify(kind)}`);
      const sequence = `reference_seq_${kind.toLowerCase()}_${Number(year)}`;
      await q.query(`CREATE SEQUENCE ${sequence} AS bigint`);
      if (last_value > 0) await q.query(`SELECT setval($1::regclass, $2)`, [sequence, last_value]);
    }
    await q.query(`DROP TABLE reference_counters`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reference_counters (
        kind text NOT NULL,
        year integer NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (kind, year)
      )`);
    const sequences = (await q.query(
      `SELECT sequencename, last_value FROM pg_sequences
        WHERE schemaname = current_schema() AND sequencename LIKE 'reference\\_seq\\_%'`,
    )) as { sequencename: string; last_value: string | null }[];
    for (const { sequencename, last_value } of sequences) {
      const match = SEQUENCE_NAME.exec(sequencename);
      if (!match) continue;
      // A sequence never drawn from has no last value: its counter starts afresh.
      if (last_value !== null) {
        await q.query(
          `INSERT INTO reference_counters (kind, year, last_value) VALUES ($1, $2, $3)`,
          [match[1].toUpperCase(), Number(match[2]), Number(last_value)],
        );
      }
      await q.query(`DROP SEQUENCE ${sequencename}`);
    }
    await q.query(`DROP FUNCTION next_reference(text, integer)`);
  }
}
