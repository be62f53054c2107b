import { runMain, StartupError, validateEnvironment } from '@app/common';
import {
  blobStoreFrom,
  openStandaloneDatabase,
  ReferralAttachmentsRepository,
} from '@app/persistence';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EmbeddedDatabase } from '../../standalone/src/embedded-database';
import { moveLegacyDocuments } from './blobs-migration';

const USAGE = `Usage: npm run blobs:migrate [-- --batch <n>]
Moves the documents stored in the database before the blob store into it
(BLOB_STORE and its settings), in batches, and says how many it moved. Safe to
run again. With DATABASE_URL unset it opens the embedded database in
DATA_DIR/pgdata (stop \`npm start\` first).
  --batch <n>  documents per transaction (1-1000, default 100)
Exit status: 0 all moved, 1 some documents no longer match their SHA-256 and
were left where they are (their ids are printed), 2 the command failed.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { batch: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const batchSize = Number(values.batch ?? '100');
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    throw new StartupError(`--batch must be a whole number from 1 to 1000\n${USAGE}`);
  }
  const env = validateEnvironment(process.env);
  let url = env.DATABASE_URL;
  let embedded: EmbeddedDatabase | undefined;
  if (!url) {
    const folder = join(resolve(env.DATA_DIR), 'pgdata');
    if (!existsSync(folder)) {
      throw new StartupError(
        `DATABASE_URL is not set and there is no embedded database in ${folder}`,
      );
    }
    // Loaded only here: the embedded database is heavy to load and most runs use a server.
    const { startEmbeddedDatabase } = await import('../../standalone/src/embedded-database');
    embedded = await startEmbeddedDatabase(folder, 2);
    url = embedded.url;
  }
  const store = blobStoreFrom(env);
  const db = await openStandaloneDatabase({
    url,
    poolSize: 1,
    applicationName: 'crh-blobs-migrate',
  });
  try {
    process.stdout.write(`Moving documents into the ${store.description}\n`);
    const report = await moveLegacyDocuments(db.uow, new ReferralAttachmentsRepository(store), {
      batchSize,
      report: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(
      report.moved > 0 || report.mismatched.length > 0
        ? `Moved ${report.moved} documents into the blob store.\n`
        : 'No document is left in the database.\n',
    );
    if (report.mismatched.length > 0) {
      process.stdout.write(
        `Left in the database, their bytes no longer matching their SHA-256: ${report.mismatched.join(', ')}\n`,
      );
      return 1;
    }
    return 0;
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

runMain('blobs:migrate', async () => {
  const code = await main();
  process.exit(code);
});
