import type { DataSource } from 'typeorm';

export interface SqlStatements {
  /** The SQL statements sent to PostgreSQL while `run` was in progress that mention `table`. */
  statementsOn<T>(table: string, run: () => Promise<T>): Promise<{ result: T; count: number }>;
  /** Every SQL statement (BEGIN and COMMIT included) sent while `run` was in progress, in order. */
  statementsDuring<T>(run: () => Promise<T>): Promise<{ result: T; sql: string[] }>;
  restore(): void;
}

/**
 * Watches the SQL the app sends, so a spec can hold a listing to one query
 * however many rows it returns. Every query of the app goes through a query
 * runner of one class, whose prototype is wrapped until `restore`.
 */
export async function watchSqlStatements(dataSource: DataSource): Promise<SqlStatements> {
  let sqlSeen: string[] | null = null;
  const runner = dataSource.createQueryRunner();
  const proto = Object.getPrototypeOf(runner) as { query: (...args: unknown[]) => unknown };
  await runner.release();
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (sqlSeen && typeof args[0] === 'string') sqlSeen.push(args[0]);
    return original.apply(this, args);
  };
  const statementsDuring = async <T>(run: () => Promise<T>) => {
    const seen: string[] = [];
    sqlSeen = seen;
    try {
      return { result: await run(), sql: seen };
    } finally {
      sqlSeen = null;
    }
  };
  return {
    statementsDuring,
    async statementsOn<T>(table: string, run: () => Promise<T>) {
      const { result, sql } = await statementsDuring(run);
      const count = sql.filter((text) => new RegExp(`\\b${table}\\b`).test(text)).length;
      return { result, count };
    },
    restore() {
      proto.query = original;
    },
  };
}
