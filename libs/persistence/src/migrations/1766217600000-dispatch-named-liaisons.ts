import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A RED or AMBER+STRICT package goes to named people only: the routing names
 * the receiving agency's liaisons, and the dispatch keeps them. Null for every
 * other marking (and every dispatch before this), which the whole agency reads.
 */
export class DispatchNamedLiaisons1766217600000 implements MigrationInterface {
  name = 'DispatchNamedLiaisons1766217600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dispatches ADD COLUMN named_liaison_ids uuid[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dispatches DROP COLUMN named_liaison_ids`);
  }
}
