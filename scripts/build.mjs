// `npm run build` (server, then console) and, with --if-stale, `npm start`'s
// check before it: the build is skipped when dist/ holds a complete build of
// exactly the current sources. A stamp in dist/ records a hash of every input
// file's path and content (content, not mtimes: a checkout or a copy changes
// mtimes without changing a byte). The stamp is removed before a build and
// written, with the hash taken before it began, only when the build succeeded,
// so an interrupted or failed build, or a file edited meanwhile, builds again.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const STAMP = join(ROOT, 'dist', '.build-stamp');
/** What the build reads: sources (of both builds), their configuration and the locked packages. */
const INPUTS = [
  'apps',
  'libs',
  'bench',
  'scripts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
];
// The console's client types are made by the build from the API sources (which are hashed).
const SKIPPED = new Set([
  'node_modules',
  'dist',
  join('bench', 'results'),
  join('apps', 'web', 'src', 'api', 'schema.d.ts'),
]);
/** Outputs `npm start` needs; a stamp without them is not a build. */
const OUTPUTS = ['dist/apps/standalone/src/main.js', 'dist/web/index.html'];

function files(path) {
  if (SKIPPED.has(relative(ROOT, path))) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

function sourceHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(join(ROOT, input))) {
      hash
        .update(`${relative(ROOT, file)}\0`)
        .update(readFileSync(file))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

const hash = sourceHash();
if (process.argv.includes('--if-stale')) {
  const current =
    existsSync(STAMP) &&
    readFileSync(STAMP, 'utf8').trim() === hash &&
    OUTPUTS.every((output) => existsSync(join(ROOT, output)));
  if (current) {
    process.stdout.write('The build in dist/ is current: not rebuilding.\n');
    process.exit(0);
  }
  process.stdout.write('The sources changed since the last build (or there is none): building.\n');
}

rmSync(STAMP, { force: true });
// build:console-types regenerates the console's client types from the API's
// document and typechecks the console against them, so a response the console
// reads differently from how the API declares it fails the build.
for (const script of ['build:server', 'build:console-types', 'build:web']) {
  const run = spawnSync('npm', ['run', script], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
writeFileSync(STAMP, `${hash}\n`);
