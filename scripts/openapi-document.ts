/**
 * The API's OpenAPI document exactly as the API serves it at
 * /api/docs/openapi.json, built in Nest's preview mode: the modules and
 * controllers are read, nothing connects to PostgreSQL or Redis. Shared by
 * `npm run api-client` (the console's client types), `npm run lint:api` and
 * the build.
 *
 *   node dist/scripts/openapi-document.js [--out <file>]   (default dist/openapi.json)
 */
import { validateEnvironment } from '@app/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { API_PREFIX } from '../apps/api/src/api-app';
import { ApiModule } from '../apps/api/src/api.module';
import { buildOpenApiDocument } from '../apps/api/src/openapi/openapi-document';

export const DEFAULT_OPENAPI_OUT = 'dist/openapi.json';

export async function generateOpenApiDocument(): Promise<OpenAPIObject> {
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
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** Writes the document as JSON (what /api/docs/openapi.json answers) and returns its path. */
export async function writeOpenApiDocument(out = DEFAULT_OPENAPI_OUT): Promise<string> {
  const target = resolve(out);
  const document = await generateOpenApiDocument();
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
  return target;
}

if (require.main === module) {
  const at = process.argv.indexOf('--out');
  const out = at >= 0 ? process.argv[at + 1] : DEFAULT_OPENAPI_OUT;
  writeOpenApiDocument(out).then(
    (target) => console.log(`Wrote ${target}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
