import { MIGRATIONS } from '@app/persistence';
import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { createScratchDatabase } from '../support/scratch-database';

/**
 * The migration that puts the country beside the trigrams of the name
 * suggestion index: down gives back the trigram-only index, up replaces it, and
 * its definition is the country (the key's last two letters) then the trigrams.
 * (That the suggestion statement's plan uses it at scale is the matching
 * benchmark's check: on an empty table the planner rightly prefers others.)
 */
describe('Name suggestions by country migration (e2e)', () => {
  it('should replace the trigram index by the country and trigram index, and give it back on down', async () => {
    const Migration = MIGRATIONS.find((m) => m.name.startsWith('NameSuggestionsByCountry'));
    if (!Migration) throw new Error('The name suggestions migration is not registered');
    const step = new Migration();
    const scratch = await createScratchDatabase();
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    const q = {
      query: async (sql: string, params?: unknown[]): Promise<unknown[]> =>
        (await client.query<Record<string, unknown>>(sql, params)).rows,
    } as unknown as QueryRunner;
    const nameIndexes = async () =>
      (
        await client.query<{ indexname: string }>(
          `SELECT indexname FROM pg_indexes
            WHERE tablename = 'referral_match_keys' AND indexname LIKE '%trgm%' ORDER BY 1`,
        )
      ).rows.map((r) => r.indexname);
    try {
      expect(await nameIndexes()).toEqual(['referral_match_keys_name_country_trgm_idx']);
      await step.down(q);
      expect(await nameIndexes()).toEqual(['referral_match_keys_name_trgm_idx']);
      await step.up(q);
      expect(await nameIndexes()).toEqual(['referral_match_keys_name_country_trgm_idx']);
      const { rows } = await client.query<{ indexdef: string }>(
        `SELECT indexdef FROM pg_indexes WHERE indexname = 'referral_match_keys_name_country_trgm_idx'`,
      );
      expect(rows[0].indexdef).toMatch(
        /USING gin \("right"\(value, 2\), value gin_trgm_ops\) WHERE \(kind = 'name_country'::text\)/,
      );
    } finally {
      await client.end();
      await scratch.drop();
    }
  });
});
