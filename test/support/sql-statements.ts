import { Client, type QueryConfig } from 'pg';

export interface SqlStatements {
  /** The SQL statements sent to PostgreSQL while `run` was in progress that mention `table`. */
  statementsOn<T>(table: string, run: () => Promise<T>): Promise<{ result: T; count: number }>;
  /**
   * Every SQL statement (BEGIN and COMMIT included) sent while `run` was in
   * progress, in order; `prepared` holds those sent as named prepared statements.
   */
  statementsDuring<T>(
    run: () => Promise<T>,
  ): Promise<{ result: T; sql: string[]; prepared: string[] }>;
  restore(): void;
}

/**
 * Watches the SQL the app sends, so a spec can hold a listing to one query
 * however many rows it returns. It counts where every query of the app ends,
 * pg's client, so reads that go straight to the pool or run as named prepared
 * statements are seen as well as those of TypeORM's query runners. The
 * client's prototype is wrapped until `restore`.
 */
export function watchSqlStatements(): SqlStatements {
  let sqlSeen: string[] | null = null;
  let preparedSeen: string[] = [];
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = typeof args[0] === 'string' ? { text: args[0] } : (args[0] as QueryConfig);
    if (sqlSeen && config?.text !== undefined) {
      sqlSeen.push(config.text);
      if (config.name) preparedSeen.push(config.text);
    }
    return original.apply(this, args);
  };
  const statementsDuring = async <T>(run: () => Promise<T>) => {
    const seen: string[] = [];
    const prepared: string[] = [];
    sqlSeen = seen;
    preparedSeen = prepared;
    try {
      return { result: await run(), sql: seen, prepared };
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
