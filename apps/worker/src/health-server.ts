import { METRICS_PATH, PROBLEM_CONTENT_TYPE, refuseMetrics, type Environment } from '@app/common';
import { HealthProbe } from '@app/queues';
import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { WorkerMetrics } from './metrics/worker-metrics';

function health(probe: HealthProbe, res: ServerResponse): void {
  probe
    .check()
    .then((report) => {
      res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(report));
    })
    .catch(() => res.writeHead(503).end());
}

/** The API's guard (refuseMetrics): 404 without METRICS_TOKEN, 401 without that bearer token. */
function metrics(
  figures: WorkerMetrics,
  token: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const refusal = refuseMetrics(req.headers.authorization, token, {
    url: req.url,
    requestId: randomUUID(),
  });
  if (refusal) {
    const { body, headers } = refusal;
    res.writeHead(body.status, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE });
    res.end(JSON.stringify(body));
    return;
  }
  figures
    .render()
    .then(({ body, contentType }) => {
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
    })
    .catch(() => res.writeHead(500).end());
}

/**
 * The worker's only HTTP: GET /health for orchestrators, and GET /metrics for
 * Prometheus behind METRICS_TOKEN, as on the API. Anything else is 404.
 */
export function createHealthServer(app: INestApplicationContext, env: Environment): Server {
  const probe = app.get(HealthProbe);
  const figures = app.get(WorkerMetrics);
  return createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && req.url === '/health') health(probe, res);
    else if (req.method === 'GET' && path === METRICS_PATH) {
      metrics(figures, env.METRICS_TOKEN, req, res);
    } else res.writeHead(404).end();
  });
}
