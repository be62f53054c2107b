import type { Environment } from '@app/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import supertest from 'supertest';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/api-app';
import { testEnvironment } from './environment';
import { checkedAgainst, contractMode, servedContract } from './response-contract';

export interface TestApi {
  app: NestFastifyApplication;
  http: ReturnType<typeof supertest>;
  dataSource: DataSource;
  env: Environment;
  close(): Promise<void>;
}

/**
 * The real API (same pipeline as production) on the run's database and Redis
 * prefix. Every response `http` receives is checked against the OpenAPI
 * document the app serves (response-contract.ts; CONTRACT_CHECK=report records
 * instead of failing).
 */
export async function startTestApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const env = testEnvironment(overrides);
  const app = await createApiApp(env, { shutdownHooks: false });
  await app.getHttpAdapter().getInstance().ready();
  const mode = contractMode();
  const raw = supertest(app.getHttpServer());
  return {
    app,
    env,
    http: checkedAgainst(raw, await servedContract(raw), mode),
    dataSource: app.get<DataSource>(getDataSourceToken()),
    close: () => app.close(),
  };
}
