import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import type { ServerResponse } from 'node:http';

/** Helmet's protections as this API configures them (CSP, CORP, referrer policy; its defaults otherwise). */
export const SECURITY_HEADER_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      // Scripts only from files we serve: the console's build has no inline
      // script (its index.html loads /assets/*.js), nor has the OpenAPI page
      // (swagger-ui-init.js is a file), so no page needs 'unsafe-inline'.
      scriptSrc: ["'self'"],
      // React's style attributes and the OpenAPI page's <style> block.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * The headers helmet sets for `options`, as [name, value] in helmet's order
 * and spelling. Asked once of @fastify/helmet on a throwaway instance: the
 * plugin builds helmet's middleware anew, CSP parsing included, on every
 * request, yet with fixed options and no nonces its headers never change.
 */
export async function helmetHeaders(
  options: FastifyHelmetOptions,
): Promise<ReadonlyArray<readonly [string, string]>> {
  const probe = Fastify({ logger: false });
  try {
    await probe.register(helmet, options);
    // Nothing but helmet has touched the raw response when the handler runs.
    probe.get('/', (_request, reply) => {
      // Node has it since v15.13 (names as set, not lowercased); @types/node lacks it.
      const raw = reply.raw as ServerResponse & { getRawHeaderNames(): string[] };
      return reply.send(
        raw.getRawHeaderNames().map((name) => [name, String(raw.getHeader(name))] as const),
      );
    });
    const answer = await probe.inject({ method: 'GET', url: '/' });
    return answer.json<[string, string][]>();
  } finally {
    await probe.close();
  }
}

/**
 * Helmet's headers on every answer (the API's, the console's files, the
 * OpenAPI page, errors and unknown routes), set on the raw response at the
 * start of each request as @fastify/helmet does, but worked out once.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  const headers = await helmetHeaders(SECURITY_HEADER_OPTIONS);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
      done();
    });
}
