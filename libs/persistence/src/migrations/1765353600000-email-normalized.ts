import { accountEmailKey } from '@app/domain';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users gain `email_normalized`: the address after NFKC and case folding,
 * computed by the application's one accountEmailKey (PostgreSQL's lower()
 * depends on the database's collation and folds less, which let a spelling
 * such as a dotted capital İ reach an account under another throttle key).
 * Uniqueness moves from lower(email) to this column, under the same index name.
 *
 * Existing rows are filled here from the same function. Two existing accounts
 * whose addresses now fold together cannot both keep signing in by address;
 * the migration stops and names them rather than choosing one.
 */
export class EmailNormalized1765353600000 implements MigrationInterface {
  name = 'EmailNormalized1765353600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_normalized text`);
    const users = (await q.query(`SELECT id, email FROM users ORDER BY created_at, id`)) as {
      id: string;
      email: string;
    }[];
    const holders = new Map<string, string>();
    const clashes: string[] = [];
    for (const user of users) {
      const normalized = accountEmailKey(user.email);
      const holder = holders.get(normalized);
      if (holder) clashes.push(`${holder} and ${user.id}`);
      holders.set(normalized, user.id);
      await q.query(`UPDATE users SET email_normalized = $2 WHERE id = $1`, [user.id, normalized]);
    }
    if (clashes.length > 0) {
      throw new Error(
        `These users' e-mail addresses are the same once normalized: ${clashes.join('; ')}. ` +
          'Change one address of each pair, then migrate again.',
      );
    }
    await q.query(`ALTER TABLE users ALTER COLUMN email_normalized SET NOT NULL`);
    await q.query(`DROP INDEX users_email_key`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (email_normalized)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_email_key`);
    await q.query(`ALTER TABLE users DROP COLUMN email_normalized`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
  }
}
