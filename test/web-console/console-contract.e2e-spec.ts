import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

interface Schema {
  properties?: Record<string, unknown>;
  required?: string[];
}

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * The build regenerates the console's client types from the API's document and
 * typechecks the console against them (build:console-types). This proves that
 * check bites: the real console code, typechecked against the document with
 * one response field renamed, does not compile, and only because of that field.
 */
describe('Web console typechecked against the API document (e2e)', () => {
  // Under dist/ so the console's packages (react, vite/client, ...) resolve from the repository.
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(ROOT, 'dist', 'console-contract-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should fail to typecheck when a response field the console reads is renamed', () => {
    const documentFile = join(dir, 'openapi.json');
    const written = run(process.execPath, [
      'dist/scripts/openapi-document.js',
      '--out',
      documentFile,
    ]);
    expect(written.status).toBe(0);

    // ReferralResponse.reference (the FCR-… number the console shows) becomes `referenceNumber`.
    const document = JSON.parse(readFileSync(documentFile, 'utf8')) as {
      components: { schemas: Record<string, Schema> };
    };
    const referral = document.components.schemas.ReferralResponse;
    expect(referral.properties).toHaveProperty('reference');
    referral.properties = Object.fromEntries(
      Object.entries(referral.properties ?? {}).map(([name, value]) => [
        name === 'reference' ? 'referenceNumber' : name,
        value,
      ]),
    );
    referral.required = referral.required?.map((n) => (n === 'reference' ? 'referenceNumber' : n));
    const renamedFile = join(dir, 'renamed.json');
    writeFileSync(renamedFile, JSON.stringify(document));

    cpSync(join(ROOT, 'apps/web/src'), join(dir, 'src'), { recursive: true });
    const generated = run(process.execPath, [
      'dist/scripts/api-client.js',
      '--document',
      renamedFile,
      '--out',
      join(dir, 'src/api/schema.d.ts'),
    ]);
    expect(generated.status).toBe(0);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(ROOT, 'apps/web/tsconfig.json'),
        include: ['src/**/*.ts', 'src/**/*.tsx'],
      }),
    );

    const typecheck = run(process.execPath, [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '--noEmit',
      '--pretty',
      'false',
      '-p',
      join(dir, 'tsconfig.json'),
    ]);
    expect(typecheck.status).not.toBe(0);
    const errors = typecheck.output.split('\n').filter((line) => / error TS\d+:/.test(line));
    expect(errors.length).toBeGreaterThan(0);
    // Every error is the renamed field (so the copy itself typechecks: nothing else is wrong).
    for (const error of errors) expect(error).toMatch(/'reference'|referenceNumber/);
  }, 180_000);
});
