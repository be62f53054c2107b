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
  if (host.shutdownHooks) app.enableShutdownHooks();
  await app.init();
  return app;
}
