import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A coordinator's saved inbox views: a name and the inbox's filter set, kept
 * per person (a view is a working habit, not shared data; each coordinator
 * sees only their own). Names are unique per person, compared without case.
 */
export class SavedInboxViews1766600000000 implements MigrationInterface {
  name = 'SavedInboxViews1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_inbox_views (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
        filters jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX saved_inbox_views_owner_name_idx ON saved_inbox_views (owner_id, lower(name))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_inbox_views`);
  }
}
