import { NestFactory } from '@nestjs/core';
import type { Environment } from '@app/common';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The worker as an application context (no HTTP server of Nest's). */
export async function createWorkerApp(
  env: Environment,
  host: { shutdownHooks?: boolean } = { shutdownHooks: true },
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // After an orderly shutdown the process exits 0 (not by re-raising the signal).
  if (host.shutdownHooks) app.enableShutdownHooks(undefined, { useProcessExit: true });
  await app.init();
  return app;
}
