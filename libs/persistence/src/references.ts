import type { EntityManager } from 'typeorm';

export type ReferenceKind = 'FCR' | 'CASE' | 'DSP';

/**
 * The SQL expression that draws the next reference of a kind for a year
 * (`FCR-2026-000123`), for an INSERT that stores it in the same statement.
 * next_reference() takes a number from the kind's sequence for that year
 * (created on first use), so concurrent transactions never wait for each
 * other; a rolled-back transaction leaves a gap (references are unique, not
 * gap-free). The parameters are placeholders such as `$1`.
 */
export function referenceSql(kindParam: string, yearParam: string): string {
  return `next_reference(${kindParam}::text, ${yearParam}::integer)`;
}

/** The year a reference drawn at `at` carries: the UTC year, as the product dates everything. */
export function referenceYear(at: Date = new Date()): number {
  return at.getUTCFullYear();
}

/** The next human reference of a kind for the year of `at`, drawn on its own. */
export async function nextReference(
  manager: EntityManager,
  kind: ReferenceKind,
  at: Date = new Date(),
): Promise<string> {
  const rows: { reference: string }[] = await manager.query(
    `SELECT ${referenceSql('$1', '$2')} AS reference`,
    [kind, referenceYear(at)],
  );
  return rows[0].reference;
}
