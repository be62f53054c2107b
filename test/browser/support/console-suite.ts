import type { Browser } from 'playwright-core';
import { createScratchDatabase } from '../../support/scratch-database';
import { launchBrowser, openConsole, type ConsolePage } from './browser';
import { startConsoleServer, type ConsoleServer } from './console-server';

export interface ConsoleSuite {
  readonly server: ConsoleServer;
  readonly browser: Browser;
  /** The test's fresh console tab (unless `tabs: false`). */
  readonly tab: ConsolePage;
  /** The scratch database's URL (with `scratch`). */
  readonly databaseUrl: string;
}

/**
 * Registers a browser spec's hooks: before all, the console server (with the
 * worker when `worker`; on a scratch database of its own and the Redis prefix
 * `<run>-<scratch>` when `scratch` is set; `env` on top, or what `env()`
 * answers then, after the spec's own earlier `beforeAll`) and the browser;
 * before each test, a fresh console tab, closed after it with no console
 * errors; after all, everything closed and the scratch database dropped.
 * `tabs: false` leaves the tabs to the spec. Jest runs `afterAll` hooks in
 * the order they are declared: a spec's own clean-up that needs the server or
 * the database (closing its tabs or clients) is declared before this call.
 */
export function useConsoleSuite(
  options: {
    worker?: boolean;
    scratch?: string;
    env?: Record<string, string> | (() => Record<string, string>);
    tabs?: boolean;
  } = {},
): ConsoleSuite {
  // A browser test clicks through several pages, each with its requests; on a
  // busy 2-core machine running the other suites alongside, 30 s is too tight.
  jest.setTimeout(90_000);
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let server: ConsoleServer | undefined;
  let browser: Browser | undefined;
  let tab: ConsolePage | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The console suite has no ${what} yet`);
    return value;
  };

  beforeAll(async () => {
    if (options.scratch) scratch = await createScratchDatabase();
    const scratchEnv: Record<string, string> = scratch
      ? {
          DATABASE_URL: scratch.url,
          QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-${options.scratch}`,
        }
      : {};
    server = await startConsoleServer({
      worker: options.worker,
      env: {
        ...scratchEnv,
        ...(typeof options.env === 'function' ? options.env() : options.env),
      },
    });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await scratch?.drop();
  });
  if (options.tabs !== false) {
    beforeEach(async () => {
      tab = await openConsole(ready(browser, 'browser'), ready(server, 'server').baseUrl);
    });
    afterEach(async () => {
      const closing = ready(tab, 'tab');
      tab = undefined;
      await closing.close();
      expect(closing.errors).toEqual([]);
    });
  }

  return {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get tab() {
      return ready(tab, 'tab');
    },
    get databaseUrl() {
      return ready(scratch, 'scratch database').url;
    },
  };
}
