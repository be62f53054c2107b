import { validateEnvironment } from '@app/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { API_PREFIX } from '../api-app';
import { ApiModule } from '../api.module';
import { buildOpenApiDocument } from './openapi-document';
import { collectRouteFacts, type RouteFacts } from './route-facts';

/**
 * The document the API serves, built without a running API: Nest's preview
 * mode reads the modules and controllers and instantiates no provider, so
 * nothing connects to PostgreSQL or Redis. For the client generator, the
 * linter and tests.
 */
export async function buildPreviewDocument(): Promise<OpenAPIObject> {
  return (await buildPreview()).document;
}

/** The document, and what the controllers declare about each operation. */
export async function buildPreview(): Promise<{
  document: OpenAPIObject;
  routes: Map<string, RouteFacts>;
}> {
  // Placeholder settings: preview mode instantiates no provider, so none is used.
  const env = validateEnvironment({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    REDIS_URL: 'redis://127.0.0.1:1',
    JWT_SECRET: 'openapi-generation-placeholder-0123456789abcdef',
    FIELD_ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create(ApiModule.forRoot(env), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  app.setGlobalPrefix(API_PREFIX);
  try {
    return { document: buildOpenApiDocument(app), routes: collectRouteFacts(app) };
  } finally {
    await app.close();
  }
}
