import { verifyPackageProof, type TrustedKey } from '@app/audit';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run package:verify -- <package.json> <proof.json> (--public-key <coalition.pem> | --fingerprint <hex>)
Checks, offline, that a case package is the one recorded at its dispatch and
that the record is covered by a checkpoint signed with the coalition's key:
  <package.json>   the package as downloaded (GET /dispatches/:id/package)
  <proof.json>     its proof (GET /dispatches/:id/proof)
  --public-key     the coalition's audit public key (PEM) you saved earlier
  --fingerprint    or that key's SHA-256 fingerprint (hex), as published
Prints "valid" with the checkpoint it relies on, or each check that failed.
Exit status: 0 valid, 1 not valid, 2 usage error or unreadable files.`;

const VALID = 0;
const INVALID = 1;
const USAGE_ERROR = 2;

function fail(message: string): never {
  process.stderr.write(`package:verify: ${message}\n`);
  process.exit(USAGE_ERROR);
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    fail(`cannot read the ${what} at ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    fail(`the ${what} at ${path} is not JSON`);
  }
}

function main(): number {
  let parsed: {
    values: { 'public-key'?: string; fingerprint?: string; help?: boolean };
    positionals: string[];
  };
  try {
    parsed = parseArgs({
      options: {
        'public-key': { type: 'string' },
        fingerprint: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return VALID;
  }
  if (positionals.length !== 2) fail(`give the package and its proof\n${USAGE}`);
  const trusted: TrustedKey = {};
  if (values['public-key'] !== undefined) {
    try {
      trusted.publicKeyPem = readFileSync(values['public-key'], 'utf8');
    } catch {
      fail(`cannot read the public key at ${values['public-key']}`);
    }
  } else if (values.fingerprint !== undefined) {
    if (!/^[0-9a-fA-F]{64}$/.test(values.fingerprint)) fail('--fingerprint must be 64 hex digits');
    trusted.fingerprint = values.fingerprint;
  } else {
    fail(`name the coalition's key you trust (--public-key or --fingerprint)\n${USAGE}`);
  }
  const verdict = verifyPackageProof(
    readJson(positionals[0], 'package'),
    readJson(positionals[1], 'proof'),
    trusted,
  );
  if (verdict.valid) {
    process.stdout.write(
      `valid: package digest ${verdict.packageDigest}\n` +
        `recorded at dispatch and covered by checkpoint ${verdict.checkpoint?.seq} ` +
        `signed ${verdict.checkpoint?.signedAt} by key ${verdict.checkpoint?.publicKeyFingerprint}\n`,
    );
    return VALID;
  }
  process.stdout.write(
    `NOT valid:\n${verdict.problems.map((problem) => `- ${problem}`).join('\n')}\n`,
  );
  return INVALID;
}

process.exitCode = main();
