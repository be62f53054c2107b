import axe from 'axe-core';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../support/factories';
import { chromiumToLaunch } from '../../../bench/lib/chromium';

/**
 * The browser (chromiumToLaunch says which one), headless; the flags keep it
 * off the network it cannot reach here.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    ...(await chromiumToLaunch()),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export interface ConsolePage {
  page: Page;
  /** Errors the page threw or logged; a spec asserts there were none. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh browser context (own storage) on the console, 1280 px wide like a laptop. */
export async function openConsole(browser: Browser, baseUrl: string): Promise<ConsolePage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 860 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Failed requests (a 404 the page expects, say) are logged by Chromium; the page's own errors are not.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return { page, errors, close: () => context.close() };
}

/** Sign in through the sign-in page and wait for the signed-in shell. */
export async function signIn(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Run axe-core in the page (WCAG 2.1 A/AA and best practices) and return the
 * serious and critical violations, each with the elements it found.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await pageShown(page);
  await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/**
 * Wait until the page is shown: it has its h1 and nothing in <main> is still
 * loading (a page's chunk or its data). Checking a half-loaded page would
 * check nothing.
 */
export async function pageShown(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !!document.querySelector('h1')?.textContent?.trim() &&
      !document.querySelector('main .loading'),
  );
}

/** Fail with a readable list when the page has serious or critical violations. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  if (violations.length > 0) {
    const lines = violations.map(
      (v) => `  ${v.impact} ${v.id}: ${v.help} — ${v.targets.join(', ')}`,
    );
    throw new Error(`Accessibility violations on ${what}:\n${lines.join('\n')}`);
  }
}

/**
 * Save a screenshot. With UPDATE_SCREENSHOTS=1 (npm run screenshots) it goes
 * to docs/screenshots/ for the README; otherwise to a temporary folder, so a
 * test run never changes the documentation.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await pageShown(page);
  const folder =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? join(__dirname, '../../../docs/screenshots')
      : join(tmpdir(), 'crh-screenshots');
  await mkdir(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
