import type { EntityManager } from 'typeorm';

/**
 * The next human reference of a kind for a year (`FCR-2026-000123`). The
 * counter row stays locked until the caller's transaction ends, so references
 * are unique and gap-free: a rolled-back create gives its number back.
 */
export async function nextReference(
  manager: EntityManager,
  kind: 'FCR' | 'CASE' | 'DSP',
  at: Date = new Date(),
): Promise<string> {
  const year = at.getUTCFullYear();
  const rows: { last_value: number }[] = await manager.query(
    `INSERT INTO reference_counters (kind, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (kind, year) DO UPDATE SET last_value = reference_counters.last_value + 1
     RETURNING last_value`,
    [kind, year],
  );
  return `${kind}-${year}-${String(rows[0].last_value).padStart(6, '0')}`;
}
