import { PROBLEM_CONTENT_TYPE, RecordNotFound, toProblem, Unauthenticated } from '@app/common';
import type { Environment } from '@app/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { OperationsMetrics } from './operations-metrics';

export const METRICS_PATH = '/metrics';

/** Whether the Authorization header carries `Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  // Digests first: equal lengths for timingSafeEqual, and the token's length does not leak.
  const given = createHash('sha256').update(match[1]).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected);
}

function refuse(reply: FastifyReply, request: FastifyRequest, error: Error): FastifyReply {
  const { body } = toProblem(error, { url: request.url, requestId: String(request.id) });
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/**
 * Request figures for every route, and GET /metrics for Prometheus. The
 * endpoint is for operators' scrapers, outside /api/v1 and its OpenAPI
 * document: it exists only when METRICS_TOKEN is set (otherwise 404, as for
 * any unknown path) and answers only a request bearing that token (401
 * otherwise). Scrapers cannot sign in, so no user session opens it.
 */
export function mountMetrics(app: NestFastifyApplication, env: Environment): void {
  const metrics = app.get(OperationsMetrics);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', (request, reply, done) => {
    // The route's template, never the URL (ids and query strings stay out of labels).
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  const token = env.METRICS_TOKEN;
  fastify.get(METRICS_PATH, async (request, reply) => {
    if (!token) return refuse(reply, request, new RecordNotFound('page'));
    if (!bearerMatches(request.headers.authorization, token)) {
      void reply.header('www-authenticate', 'Bearer realm="metrics"');
      return refuse(reply, request, new Unauthenticated('A valid metrics token is required.'));
    }
    const { body, contentType } = await metrics.render();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });
}
