import { AuditWriter, SYSTEM_ACTOR, publicKeyFingerprint, verifyAuditTrail } from '@app/audit';
import { databaseSettingsFrom } from '@app/common/config/environment';
import {
  AuditChainRepository,
  openStandaloneDatabase,
  type StandaloneDatabase,
} from '@app/persistence';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run audit:verify [-- --public-key <file.pem>]
Recomputes the audit hash chain in DATABASE_URL and checks every signed
checkpoint, then prints the report as JSON.
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
  let values: { 'public-key'?: string; help?: boolean };
  try {
    values = parseArgs({
      options: { 'public-key': { type: 'string' }, help: { type: 'boolean' } },
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
      { trustedFingerprints },
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
