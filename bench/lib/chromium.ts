import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export interface ChromiumToLaunch {
  executablePath: string;
  /** The browser's environment, when it differs from ours. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The Chromium the browser specs and the console benchmark drive with
 * playwright-core (which downloads nothing): CHROMIUM_PATH when set, else the
 * system's /usr/bin/chromium (Debian's package), else the one the
 * @sparticuz/chromium dev dependency ships, so a fresh machine needs nothing
 * beyond `npm ci`. BROWSER_SOURCE=package forces the packaged one, which is
 * how that path is proved on a machine that has Chromium.
 */
export async function chromiumToLaunch(): Promise<ChromiumToLaunch> {
  if (process.env.BROWSER_SOURCE !== 'package') {
    if (process.env.CHROMIUM_PATH) return { executablePath: process.env.CHROMIUM_PATH };
    if (existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM };
  }
  const packaged = await unpackPackagedChromium();
  return {
    executablePath: packaged.executablePath,
    env: { ...process.env, FONTCONFIG_PATH: packaged.fonts },
  };
}

/**
 * The package ships Chromium brotli-compressed and unpacks it into
 * os.tmpdir(), reusing whatever it finds there, so a half-unpacked copy (an
 * interrupted run, two jest workers at once) would be launched as it is.
 * Hence each unpacking goes to a staging folder (the unpacking process's
 * TMPDIR) renamed into place only when complete; the first rename wins and a
 * loser discards its copy. The folder sits in node_modules/.cache, keyed by
 * the package version, so `npm ci` starts it afresh.
 */
async function unpackPackagedChromium(): Promise<{ executablePath: string; fonts: string }> {
  const entry = require.resolve('@sparticuz/chromium');
  const packageDir = join(dirname(entry), '..', '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const home = join(packageDir, '..', '..', '.cache', `crh-chromium-${version}`);
  const found = { executablePath: join(home, 'chromium'), fonts: join(home, 'fonts') };
  if (existsSync(found.executablePath)) return found;

  await mkdir(dirname(home), { recursive: true });
  const staging = await mkdtemp(`${home}.unpacking-`);
  // In a child process, as the real os.tmpdir() never sees jest's sandboxed process.env.
  await promisify(execFile)(
    process.execPath,
    ['-e', 'require(process.argv[1]).executablePath()', entry],
    { env: { ...process.env, TMPDIR: staging } },
  );
  // The package's fonts.conf names the serverless folders (/tmp/fonts, /var/task/fonts).
  await writeFile(
    join(staging, 'fonts', 'fonts.conf'),
    '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n' +
      `  <dir>${found.fonts}</dir>\n  <cachedir>${join(home, 'fonts-cache')}</cachedir>\n` +
      '</fontconfig>\n',
  );
  try {
    await rename(staging, home);
  } catch (error) {
    if (!existsSync(found.executablePath)) throw error;
    await rm(staging, { recursive: true, force: true });
  }
  return found;
}
