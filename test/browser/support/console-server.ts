import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createWorkerApp } from '../../../apps/worker/src/worker-app';
import { testEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/test-app';

export interface ConsoleServer {
  api: TestApi;
  /** http://127.0.0.1:<port>: the API, serving the built console at /. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real API listening on a free port with the built console (dist/web,
 * made by `npm test`'s build), on the run's database and Redis prefix; with
 * `worker: true`, the worker too (intake, matching, delivery). On the port
 * `env.PORT` names, as the API would, when a spec must know its address
 * before it starts (a provider's redirect URI); on a free one otherwise.
 */
export async function startConsoleServer(
  options: { worker?: boolean; env?: Record<string, string> } = {},
): Promise<ConsoleServer> {
  // WEB_CONSOLE_DIR lets a developer test a console built elsewhere (vite build --outDir).
  const env: Record<string, string> = {
    WEB_CONSOLE_DIR: process.env.WEB_CONSOLE_DIR ?? 'dist/web',
    ...options.env,
  };
  const api = await startTestApi(env);
  await api.app.listen(Number(env.PORT ?? 0), '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  let worker: INestApplicationContext | undefined;
  if (options.worker) {
    worker = await createWorkerApp(testEnvironment(env), { shutdownHooks: false });
  }
  return {
    api,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await worker?.close();
      await api.close();
    },
  };
}
