import { PGlite, type Extension } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { keepExtendedBatchesTogether } from './batch-affinity';

// A package subpath (exports map) that the project's CommonJS module resolution cannot type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };
// The name-suggestion index puts the country beside the trigrams (btree_gin).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gin } = require('@electric-sql/pglite/contrib/btree_gin') as {
  btree_gin: Extension;
};

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite), kept in `directory` and served
 * on a loopback port so the processes use the ordinary `pg` driver and the
 * same SQL as against a server. PGlite runs one transaction at a time; the
 * socket server queues other connections' statements meanwhile, keeping each
 * connection's transaction and each extended-protocol batch together (see
 * batch-affinity.ts).
 */
export async function startEmbeddedDatabase(
  directory: string,
  maxConnections: number,
): Promise<EmbeddedDatabase> {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const db = await PGlite.create({ dataDir: directory, extensions: { pg_trgm, btree_gin } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  keepExtendedBatchesTogether(server);
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
