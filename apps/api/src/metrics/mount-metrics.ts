import { METRICS_PATH, PROBLEM_CONTENT_TYPE, refuseMetrics } from '@app/common';
import type { Environment } from '@app/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OperationsMetrics } from './operations-metrics';

/**
 * Request figures for every route, and GET /metrics for Prometheus. The
 * endpoint is for operators' scrapers, outside /api/v1 and its OpenAPI
 * document, behind METRICS_TOKEN (see refuseMetrics).
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
    const refusal = refuseMetrics(request.headers.authorization, token, {
      url: request.url,
      requestId: String(request.id),
    });
    if (refusal) {
      const { body, headers } = refusal;
      return reply.code(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(body);
    }
    const { body, contentType } = await metrics.render();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });
}
