import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { AppConfig, validateEnvironment, type Environment } from '@app/common';
import {
  AuditArchivesRepository,
  AuditChainRepository,
  blobStoreFrom,
  openStandaloneDatabase,
  ReferralAttachmentsRepository,
  RetentionRepository,
  type StandaloneDatabase,
} from '@app/persistence';
import { parseArgs } from 'node:util';
import { RetentionPurge } from '../../worker/src/retention/retention-purge';

const USAGE = `Usage: npm run retention:report
       npm run retention:purge [-- --dry-run]
report (or purge --dry-run) prints, per kind of record, its retention period,
how many records are past it and the oldest of them, and the audit months
that would be archived; it changes nothing. purge removes them, archives the
audit months to ARCHIVE_DIR first, and prints what went. Both are audited.
Reads the same settings as the worker (DATABASE_URL, RETENTION_*_DAYS,
ARCHIVE_DIR, AUDIT_SIGNING_KEY for purge).
Exit status: 0 done, 1 the purge failed part-way (see the message), 2 usage
error or the database could not be read.`;

const DONE = 0;
const FAILED = 1;
const USAGE_ERROR = 2;

function fail(message: string): never {
  process.stderr.write(`retention: ${message}\n`);
  process.exit(USAGE_ERROR);
}

async function main(): Promise<number> {
  let parsed: { values: { 'dry-run'?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return DONE;
  }
  const [command, ...rest] = positionals;
  if ((command !== 'report' && command !== 'purge') || rest.length > 0) fail(USAGE);
  const dryRun = command === 'report' || values['dry-run'] === true;

  let env: Environment;
  try {
    env = validateEnvironment(process.env, {
      require: dryRun ? ['DATABASE_URL'] : ['DATABASE_URL', 'AUDIT_SIGNING_KEY'],
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  let db: StandaloneDatabase;
  try {
    db = await openStandaloneDatabase(
      { url: env.DATABASE_URL!, poolSize: 2, applicationName: 'crh-retention' },
      { max: 2, connectionTimeoutMillis: 5000, statement_timeout: 600_000 },
    );
  } catch {
    fail('cannot connect to the database at DATABASE_URL');
  }
  const audit = new AuditWriter();
  const purge = new RetentionPurge(
    db.uow,
    new RetentionRepository(new ReferralAttachmentsRepository(blobStoreFrom(env))),
    new AuditArchivesRepository(),
    new AuditChainRepository(),
    audit,
    new AppConfig(env),
  );
  try {
    if (dryRun) {
      const report = await purge.report();
      await db.uow.run((tx) =>
        audit.record(tx, {
          actor: SYSTEM_ACTOR,
          origin: null,
          action: 'retention.report',
          outcome: 'success',
          targetType: 'retention',
          details: {
            via: 'cli',
            counts: Object.fromEntries(report.kinds.map((k) => [k.kind, k.count])),
          },
        }),
      );
      process.stdout.write(`${JSON.stringify({ dryRun: true, ...report }, null, 2)}\n`);
      return DONE;
    }
    try {
      const result = await purge.purge('cli');
      process.stdout.write(`${JSON.stringify({ dryRun: false, ...result }, null, 2)}\n`);
      return DONE;
    } catch (error) {
      process.stderr.write(
        `retention: the purge stopped: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return FAILED;
    }
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`retention: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(USAGE_ERROR);
  },
);
