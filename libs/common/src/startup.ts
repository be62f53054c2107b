import { ConfigurationError } from './config/environment';

/** A reason not to start that the operator can act on; printed as one line, no stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Run a process entry point: known start-up failures print one clear message and exit 1. */
export function runMain(name: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigurationError || error instanceof StartupError) {
      process.stderr.write(`${name}: ${error.message}\n`);
    } else {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`${name} failed to start: ${message}\n`);
    }
    process.exit(1);
  });
}
