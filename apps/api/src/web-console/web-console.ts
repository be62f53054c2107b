import type { Environment } from '@app/common';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * Serve the built web console at /. Files under /assets carry a content hash
 * in their names and are cached for good; index.html is revalidated on every
 * load, so a deployment reaches browsers at once. Any other GET outside /api
 * is a console page (the console routes in the browser) and gets index.html;
 * a missing file with an extension, and every unknown /api path, stay 404.
 */
export async function mountWebConsole(
  app: NestFastifyApplication,
  env: Environment,
): Promise<void> {
  const root = resolve(env.WEB_CONSOLE_DIR);
  const logger = new Logger('WebConsole');
  if (!existsSync(join(root, 'index.html'))) {
    logger.warn(`No web console in ${root} (run npm run build:web); serving the API only.`);
    return;
  }
  const assets = join(root, 'assets');
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // Routes for the files present at start, not a catch-all: unknown paths fall through.
    wildcard: false,
    index: false,
    // The build writes .br and .gz beside each file; sent to browsers that accept them.
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      void reply.header('cache-control', path.startsWith(assets) ? IMMUTABLE : REVALIDATE);
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (path === '/api' || path.startsWith('/api/') || extname(path) !== '') {
      return reply.callNotFound();
    }
    return reply.sendFile('index.html', root);
  };
  fastify.route({ method: ['GET', 'HEAD'], url: '/', handler: page });
  fastify.route({ method: ['GET', 'HEAD'], url: '/*', handler: page });
}
