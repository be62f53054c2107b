import {
  acceptRequestId,
  cardNumberInRequest,
  createValidationPipe,
  FullCardNumberPipe,
  PROBLEM_CONTENT_TYPE,
  toProblem,
  type Environment,
} from '@app/common';
import { UnsupportedMediaTypeException, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { ApiModule } from './api.module';
import { registerCompression } from './compression';
import { registerSecurityHeaders } from './security-headers';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { mountQueueDashboard } from './queues/queue-dashboard';
import { mountWebConsole } from './web-console/web-console';
import { mountMetrics } from './metrics/mount-metrics';
import { AuditedProblemFilter } from './access-audit/audited-problem.filter';
import { AuditWriter } from '@app/audit';
import { UnitOfWork } from '@app/persistence';

export const API_PREFIX = 'api/v1';
export const DOCS_PATH = 'api/docs';

/**
 * Build the HTTP application exactly as it runs in production. main.ts, the
 * single-machine start and the e2e tests all go through here, so the pipeline
 * (headers, limits, validation, errors, docs) is the one that is tested.
 */
export interface AppHostOptions {
  /** Let Nest close the app on SIGTERM/SIGINT. Off when a launcher hosts several apps and orders their shutdown. */
  shutdownHooks?: boolean;
}

export async function createApiApp(
  env: Environment,
  host: AppHostOptions = { shutdownHooks: true },
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY_HOPS > 0 ? env.TRUST_PROXY_HOPS : false,
    // Always ours: a client's X-Request-Id is recorded apart (requestMetaOf).
    genReqId: () => randomUUID(),
    // Nest and pino-http do the logging; Fastify's own logger stays off.
    logger: false,
    // Let in-flight requests finish on shutdown, but do not keep idle sockets open.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Errors the router raises before Nest sees the request (a malformed URL, a
    // path parameter over maxParamLength) get the same problem shape, and the
    // offending path is not echoed back.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { body, headers } = toProblem(error, { requestId: String(request.id) });
      void reply.code(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(env), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));

  // Fastify's own refusals (malformed JSON, body too large, wrong content type)
  // reach Nest's exception handler too, so the global filter shapes every error.
  const fastify = app.getHttpAdapter().getInstance();
  // A JSON API: a body of any other type is refused with 415 rather than half-parsed.
  fastify.removeContentTypeParser(['text/plain']);
  // Documents arrive as raw bytes, on the attachment route only, with their own limit.
  fastify.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: env.ATTACHMENT_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (Buffer.isBuffer(request.body) && !request.url.split('?')[0].endsWith('/attachments')) {
      done(
        new UnsupportedMediaTypeException(
          'This content type is not accepted here; send application/json.',
        ),
      );
      return;
    }
    done(cardNumberInRequest(request.headers, request.url) ?? undefined);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', String(request.id));
    const clientRequestId = acceptRequestId(request.headers['x-request-id']);
    if (clientRequestId) void reply.header('x-client-request-id', clientRequestId);
    done();
  });

  await registerSecurityHeaders(app);
  // Before any route (Nest's, the console's files): see compression.ts for what is left alone and why.
  await registerCompression(app);
  const origins = env.CORS_ORIGINS;
  app.enableCors({
    origin: origins.length > 0 ? origins : false,
    credentials: false,
    exposedHeaders: [
      'x-request-id',
      'x-client-request-id',
      'retry-after',
      'ratelimit-policy',
      'ratelimit',
    ],
  });

  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(new FullCardNumberPipe(), createValidationPipe());
  app.useGlobalFilters(new AuditedProblemFilter(app.get(UnitOfWork), app.get(AuditWriter)));
  // After an orderly shutdown the process exits 0 (not by re-raising the signal).
  if (host.shutdownHooks) app.enableShutdownHooks(undefined, { useProcessExit: true });

  setupOpenApi(app);
  mountMetrics(app, env);
  await mountQueueDashboard(app, env);
  await mountWebConsole(app, env);
  await app.init();
  return app;
}

function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}/openapi.json`,
    customSiteTitle: 'Coalition Referral Hub API',
  });
}
