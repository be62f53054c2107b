import { actorOf, AuditWriter } from '@app/audit';
import { SessionValidator, type AccessTokenClaims, type AuthUser } from '@app/auth';
import {
  Forbidden,
  toProblem,
  Unauthenticated,
  PROBLEM_CONTENT_TYPE,
  type Environment,
} from '@app/common';
import { hasPermission } from '@app/domain';
import { inTransaction } from '@app/persistence';
import { QueueInspector } from '@app/queues';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';

export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'crh_queue_board';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function refuse(reply: FastifyReply, request: FastifyRequest, error: Error): FastifyReply {
  const { body } = toProblem(error, { url: request.url, requestId: String(request.id) });
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/**
 * The BullMQ dashboard (bull-board), for platform admins only. It is a plain
 * Fastify plugin, outside Nest's guards, so it has its own gate: open it with
 * `/admin/queues?token=<access token>`; the token is checked (signature,
 * session, role), exchanged for an HttpOnly, SameSite=Strict cookie scoped to
 * this path that expires with the token, and removed from the address. Every
 * later request checks the cookie the same way.
 */
export async function mountQueueDashboard(
  app: NestFastifyApplication,
  env: Environment,
): Promise<void> {
  const jwt = app.get(JwtService, { strict: false });
  const sessions = app.get(SessionValidator, { strict: false });
  const inspector = app.get(QueueInspector);
  const audit = app.get(AuditWriter, { strict: false });
  const dataSource = app.get<DataSource>(getDataSourceToken());

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  const board = createBullBoard({
    queues: [],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Referral Hub queues' } },
  });
  let attached = false;

  const admit = async (token: string): Promise<{ user: AuthUser; exp: number }> => {
    let claims: AccessTokenClaims & { exp: number };
    try {
      claims = await jwt.verifyAsync<AccessTokenClaims & { exp: number }>(token);
    } catch {
      throw new Unauthenticated(
        'Open the dashboard with a valid access token: /admin/queues?token=…',
      );
    }
    const user = await sessions.validate(claims);
    if (!user) throw new Unauthenticated('The session behind this token has ended.');
    if (!hasPermission(user.role, 'queues.dashboard')) {
      throw new Forbidden('Only platform administrators may open the queue dashboard.');
    }
    return { user, exp: claims.exp };
  };

  await app.register(
    async (instance: FastifyInstance) => {
      instance.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const url = new URL(request.url, 'http://local');
        const fromQuery = url.searchParams.get('token');
        try {
          if (fromQuery) {
            const { user, exp } = await admit(fromQuery);
            await inTransaction(dataSource, (m) =>
              audit.record(m, {
                actor: actorOf(user),
                origin: { requestId: String(request.id), ip: request.ip },
                action: 'queues.dashboard_open',
                outcome: 'success',
              }),
            );
            const maxAge = Math.max(1, exp - Math.floor(Date.now() / 1000));
            url.searchParams.delete('token');
            return reply
              .header(
                'set-cookie',
                `${COOKIE}=${fromQuery}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}` +
                  (env.NODE_ENV === 'production' ? '; Secure' : ''),
              )
              .redirect(`${url.pathname}${url.search}`, 303);
          }
          const fromCookie = cookieValue(request.headers.cookie, COOKIE);
          if (!fromCookie)
            throw new Unauthenticated(
              'Open the dashboard with a valid access token: /admin/queues?token=…',
            );
          await admit(fromCookie);
        } catch (error) {
          return refuse(reply, request, error as Error);
        }
        if (!attached) {
          board.setQueues(inspector.all().map((q) => new BullMQAdapter(q)));
          attached = true;
        }
      });
      await instance.register(serverAdapter.registerPlugin());
    },
    { prefix: DASHBOARD_PATH },
  );
}
