import type { DataSource } from 'typeorm';

/** Text and JSON columns of every table that hold one of the card numbers' digits. */
export async function cardDigitsAtRest(ds: DataSource, digits: string[]): Promise<string[]> {
  const columns: { table_name: string; column_name: string }[] = await ds.query(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public'
        AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')`,
  );
  const hits: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const rows: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM "${table}"
        WHERE regexp_replace("${column}"::text, '[^0-9]', '', 'g') ~ $1`,
      [digits.join('|')],
    );
    if (rows[0].n > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}
