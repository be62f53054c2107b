import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumToLaunch } from './lib/chromium';
import { BENCH_PASSWORD, BenchEnvironment, DIST_DIR } from './lib/infra';
import { formatSpread, round, spread, type Spread } from './lib/stats';
import type { Bench, TargetCheck } from './lib/types';

interface MinimalDocument {
  querySelector(selector: string): { textContent: string | null } | null;
}

/** The page is shown: its h1 is there and nothing is still loading in <main>. */
function pageReady(): boolean {
  const doc = (globalThis as unknown as { document: MinimalDocument }).document;
  const h1 = doc.querySelector('h1');
  return !!h1?.textContent?.trim() && !doc.querySelector('main .loading');
}

/**
 * 8. The web console's first load, in Chromium (lib/chromium.ts) against the
 * built API on localhost: a cold load of the sign-in page (new browser context, empty
 * cache) until its form shows; signing in until the person's start page shows
 * its data; a reload of that page (warm cache, session restored by the refresh
 * token). Baseline measured in the same run: a cold navigation to the API's
 * small JSON health document, the least a browser navigation costs here.
 */
export const run: Bench = async ({ smoke, runs }) => {
  const env = await BenchEnvironment.create('console');
  let browser: Browser | undefined;
  try {
    const api = await env.startApi({ WEB_CONSOLE_DIR: join(DIST_DIR, 'web') });
    const org = await env.createOrganization('coalition');
    const user = await env.createUser(org, 'coordinator');
    browser = await chromium.launch({
      ...(await chromiumToLaunch()),
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    const samples = smoke ? 1 : Math.max(5, runs * 2);
    const baseline: number[] = [];
    const coldSignIn: number[] = [];
    const signedInView: number[] = [];
    const warmReload: number[] = [];
    const transferred: number[] = [];

    for (let i = 0; i < samples; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      let start = Date.now();
      await page.goto(`${api.url}/api/v1/health`);
      baseline.push(Date.now() - start);
      await context.close();

      const fresh = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const tab = await fresh.newPage();
      let bytes = 0;
      tab.on('response', (response) => {
        void response
          .body()
          .then((body) => (bytes += body.length))
          .catch(() => undefined);
      });
      start = Date.now();
      await tab.goto(`${api.url}/sign-in`);
      await waitReady(tab);
      coldSignIn.push(Date.now() - start);

      await tab.getByLabel('E-mail address').fill(user.email);
      await tab.getByLabel('Password').fill(BENCH_PASSWORD);
      start = Date.now();
      await tab.getByRole('button', { name: 'Sign in', exact: true }).click();
      await tab.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
      await waitReady(tab);
      signedInView.push(Date.now() - start);

      start = Date.now();
      await tab.reload();
      await waitReady(tab);
      warmReload.push(Date.now() - start);
      transferred.push(bytes);
      await fresh.close();
    }

    const base = spread(baseline);
    const cold = spread(coldSignIn);
    const signedIn = spread(signedInView);
    const warm = spread(warmReload);
    const kb = spread(transferred.map((b) => b / 1024));
    const line = (name: string, s: Spread) =>
      `${name}: ${formatSpread(s, 0, ' ms')} (${round(s.median / base.median, 1)}x the baseline)`;
    const targets: TargetCheck[] = [
      {
        name: 'first load of the console (cold cache, until the sign-in form shows)',
        target: '< 1000 ms',
        actual: `${cold.median.toFixed(0)} ms`,
        met: cold.median < 1000,
      },
      {
        name: 'signed-in start page with its data (after Sign in)',
        target: '< 1000 ms',
        actual: `${signedIn.median.toFixed(0)} ms`,
        met: signedIn.median < 1000,
      },
    ];
    return {
      name: 'console',
      summary: [
        `Baseline, cold navigation to /api/v1/health: ${formatSpread(base, 0, ' ms')}`,
        line('Cold load of /sign-in until the form shows', cold),
        line('Sign in until the start page shows its data', signedIn),
        line('Reload of the start page (warm cache, session restored)', warm),
        `Bytes of the responses (decompressed) over the cold load, sign-in and reload: ${formatSpread(kb, 0, ' KiB')}`,
      ],
      figures: {
        samples,
        baselineMs: base.median,
        coldSignInMs: cold.median,
        signedInViewMs: signedIn.median,
        warmReloadMs: warm.median,
        transferredKiB: round(kb.median, 0),
      },
      targets,
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await env.dispose();
  }
};

async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(pageReady, undefined, { polling: 'raf', timeout: 15_000 });
}
