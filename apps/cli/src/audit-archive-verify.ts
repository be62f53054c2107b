import { publicKeyFingerprint, verifyArchiveFile } from '@app/audit';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run audit:archive-verify -- <archive.jsonl> [--public-key <file.pem>]
Checks an audit archive written by the retention purge: the Ed25519 signature
over its manifest, the SHA-256 of its event lines, their count, and the hash
chain recomputed from the manifest's firstPrevHash to its lastHash. Prints
the verdict and the manifest as JSON. Needs no database.
  --public-key <file>  trust only archives signed by this Ed25519 public key (PEM)
Exit status: 0 the archive is intact, 1 it is not, 2 usage error or the file
could not be read.`;

const VALID = 0;
const BROKEN = 1;
const USAGE_ERROR = 2;

function fail(message: string): never {
  process.stderr.write(`audit:archive-verify: ${message}\n`);
  process.exit(USAGE_ERROR);
}

async function main(): Promise<number> {
  let parsed: { values: { 'public-key'?: string; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      options: { 'public-key': { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return VALID;
  }
  if (parsed.positionals.length !== 1) fail(USAGE);
  const keyFile = parsed.values['public-key'];
  let trustedFingerprints: string[] | undefined;
  if (keyFile !== undefined) {
    try {
      trustedFingerprints = [publicKeyFingerprint(readFileSync(keyFile, 'utf8'))];
    } catch {
      fail(`cannot read a public key (PEM) from ${keyFile}`);
    }
  }
  let report;
  try {
    report = await verifyArchiveFile(parsed.positionals[0], { trustedFingerprints });
  } catch {
    fail(`cannot read ${parsed.positionals[0]}`);
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report.valid ? VALID : BROKEN;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `audit:archive-verify: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(USAGE_ERROR);
  },
);
