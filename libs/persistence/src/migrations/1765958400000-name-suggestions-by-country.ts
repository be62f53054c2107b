import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Name suggestions look only at names in the referral's country (domain.md,
 * "Matching": the fuzzy key is the name with its country). The trigram index
 * on its own returns, for a name holding a common business word (`trading`,
 * `solutions`), every name with that word in every country, and each of them
 * is read from the table only to be discarded; at a million merchants that was
 * most of the suggestion's time. The country (the key's last two letters) as a
 * first column of the same GIN index (btree_gin) makes the index intersect
 * the two, so only same-country names are read. The trigram column is the
 * whole key as before: similarity is computed on the same text.
 */
export class NameSuggestionsByCountry1765958400000 implements MigrationInterface {
  name = 'NameSuggestionsByCountry1765958400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await q.query(`
      CREATE INDEX referral_match_keys_name_country_trgm_idx ON referral_match_keys
        USING gin (right(value, 2), value gin_trgm_ops) WHERE kind = 'name_country'`);
    await q.query(`DROP INDEX referral_match_keys_name_trgm_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX referral_match_keys_name_trgm_idx ON referral_match_keys
        USING gin (value gin_trgm_ops) WHERE kind = 'name_country'`);
    await q.query(`DROP INDEX referral_match_keys_name_country_trgm_idx`);
    // The extension stays: other objects may have come to use it since.
  }
}
