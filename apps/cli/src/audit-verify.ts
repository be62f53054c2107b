import {
  AuditWriter,
  SYSTEM_ACTOR,
  publicKeyFingerprint,
  verifyAuditTrail,
  type ChainAnchor,
} from '@app/audit';
import { databaseSettingsFrom } from '@app/common/config/environment';
import {
  AuditChainRepository,
  openStandaloneDatabase,
  type StandaloneDatabase,
} from '@app/persistence';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run audit:verify [-- --full] [--from <seq>:<hash>] [--public-key <file.pem>]
Recomputes the audit hash chain in DATABASE_URL and checks the signed
checkpoints, then prints the report as JSON. By default only the events after
the last checkpoint a verification reached are recomputed (once that
checkpoint's signature and the stored hash at its position still hold).
  --full               recompute the whole chain from its start
  --from <seq>:<hash>  start from this trusted position instead of the first
                       event (an archive's anchor: the hash at seq, 64 hex)
  --public-key <file>  trust only checkpoints signed by this Ed25519 public key (PEM)
Exit status: 0 the trail is intact, 1 it is broken, 2 usage error or the
database could not be read.`;

/** Exit codes: the report is the product, so they carry its verdict. */
const VALID = 0;
const BROKEN = 1;
const USAGE_ERROR = 2;

function fail(message: string): never {
  process.stderr.write(`audit:verify: ${message}\n`);
  process.exit(USAGE_ERROR);
}

async function main(): Promise<number> {
  let values: { 'public-key'?: string; full?: boolean; from?: string; help?: boolean };
  try {
    values = parseArgs({
      options: {
        'public-key': { type: 'string' },
        full: { type: 'boolean' },
        from: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return VALID;
  }
  let trustedFingerprints: string[] | undefined;
  if (values['public-key'] !== undefined) {
    try {
      trustedFingerprints = [publicKeyFingerprint(readFileSync(values['public-key'], 'utf8'))];
    } catch {
      fail(`cannot read a public key (PEM) from ${values['public-key']}`);
    }
  }
  let from: ChainAnchor | undefined;
  if (values.from !== undefined) {
    const match = /^(\d{1,15}):([0-9a-fA-F]{64})$/.exec(values.from);
    if (!match) fail(`--from must be <seq>:<hash> (a position and 64 hex characters)\n${USAGE}`);
    from = { seq: Number(match[1]), hash: match[2].toLowerCase() };
  }
  const mode = values.full ? 'full' : 'incremental';
  let settings: { url: string };
  try {
    settings = databaseSettingsFrom(process.env);
  } catch {
    fail(`DATABASE_URL must be set to a postgres:// URL\n${USAGE}`);
  }

  let db: StandaloneDatabase;
  try {
    db = await openStandaloneDatabase(
      { url: settings.url, poolSize: 1, applicationName: 'crh-audit-verify' },
      // The whole chain is read a batch at a time; no batch may hit a short timeout.
      { max: 1, connectionTimeoutMillis: 5000, statement_timeout: 300_000 },
    );
  } catch {
    fail('cannot connect to the database at DATABASE_URL');
  }
  try {
    const report = await verifyAuditTrail(
      { chain: new AuditChainRepository(), tx: db.uow.autocommit },
      { trustedFingerprints, mode, from, remember: true },
    );
    // Verifying is itself recorded, like a verification through the API.
    await db.uow
      .run((tx) =>
        new AuditWriter().record(tx, {
          actor: SYSTEM_ACTOR,
          origin: null,
          action: 'audit.verify',
          outcome: 'success',
          targetType: 'audit_chain',
          details: {
            via: 'cli',
            mode,
            fromSeq: report.start.seq,
            valid: report.valid,
            checked: report.checked,
            headSeq: report.headSeq,
            firstBrokenSeq: report.firstBrokenSeq ?? null,
            checkpointsValid: report.checkpoints.valid,
          },
        }),
      )
      .catch(() => process.stderr.write('audit:verify: could not record this verification\n'));
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.valid ? VALID : BROKEN;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `audit:verify: could not verify: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(USAGE_ERROR);
  },
);
