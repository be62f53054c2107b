import { actorOf, AuditWriter, type AuditRecord } from '@app/audit';
import { SessionValidator, type AccessTokenClaims, type AuthUser } from '@app/auth';
import {
  Forbidden,
  toProblem,
  Unauthenticated,
  PROBLEM_CONTENT_TYPE,
  requestMetaOf,
  type Environment,
} from '@app/common';
import { hasPermission } from '@app/domain';
import { UnitOfWork } from '@app/persistence';
import { QueueInspector } from '@app/queues';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

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
 * The BullMQ dashboard (bull-board): platform admins act on the queues,
 * auditors see it read-only. It is a plain Fastify plugin, outside Nest's
 * guards and interceptors, so it repeats their gate: open it with
 * `/admin/queues?token=<access token>`; the token is checked (signature,
 * session, role, and the second-factor enrolment every other route demands),
 * exchanged for an HttpOnly, SameSite=Strict cookie scoped to this path that
 * expires with the token, and removed from the address. Every later request
 * checks the cookie the same way. Every request that can change a queue (any
 * method but GET/HEAD) is audited before it runs, and refused, audited, to a
 * read-only viewer; so is every refusal of the gate itself.
 */
export async function mountQueueDashboard(
  app: NestFastifyApplication,
  env: Environment,
): Promise<void> {
  const jwt = app.get(JwtService, { strict: false });
  const sessions = app.get(SessionValidator, { strict: false });
  const inspector = app.get(QueueInspector);
  const audit = app.get(AuditWriter, { strict: false });
  const uow = app.get(UnitOfWork, { strict: false });

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  const board = createBullBoard({
    queues: [],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Referral Hub queues' } },
  });
  let attached = false;

  const record = (request: FastifyRequest, entry: Omit<AuditRecord, 'origin'>) =>
    uow.run((tx) => audit.record(tx, { ...entry, origin: requestMetaOf(request) }));

  /** Refusals of a known user are audited, as the API's guards and interceptor do. */
  const deny = async (
    request: FastifyRequest,
    user: AuthUser,
    action: string,
    error: Error,
  ): Promise<never> => {
    await record(request, {
      actor: actorOf(user),
      action,
      outcome: 'denied',
      targetType: 'route',
      targetId: `${request.method} ${DASHBOARD_PATH}`,
      details: { status: 403, path: new URL(request.url, 'http://local').pathname },
    });
    throw error;
  };

  const admit = async (
    request: FastifyRequest,
    token: string,
  ): Promise<{ user: AuthUser; exp: number; readOnly: boolean }> => {
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
      return deny(
        request,
        user,
        'access.denied',
        new Forbidden('Only platform administrators and auditors may open the queue dashboard.'),
      );
    }
    if (user.mfaEnrolmentPending === true) {
      return deny(
        request,
        user,
        'auth.mfa_enrolment_required',
        new Forbidden(
          'Your role must use a second factor. Enrol one (POST /api/v1/auth/mfa/enrol, then ' +
            '/auth/mfa/confirm) before opening the queue dashboard.',
          'mfa_enrolment_required',
        ),
      );
    }
    return { user, exp: claims.exp, readOnly: !hasPermission(user.role, 'queues.manage') };
  };

  /** Requests answered for a read-only viewer: their queue list says so, and the UI hides its actions. */
  const readOnlyRequests = new WeakSet<FastifyRequest>();

  await app.register(
    async (instance: FastifyInstance) => {
      instance.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const url = new URL(request.url, 'http://local');
        const fromQuery = url.searchParams.get('token');
        try {
          if (fromQuery) {
            const { user, exp, readOnly } = await admit(request, fromQuery);
            await record(request, {
              actor: actorOf(user),
              action: 'queues.dashboard_open',
              outcome: 'success',
              details: { readOnly },
            });
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
          const { user, readOnly } = await admit(request, fromCookie);
          if (request.method !== 'GET' && request.method !== 'HEAD') {
            const path = url.pathname.slice(DASHBOARD_PATH.length);
            if (readOnly) {
              await deny(
                request,
                user,
                'access.denied',
                new Forbidden('The queue dashboard is read-only for your role.'),
              );
            }
            // Written before the change is made: no change without its event.
            await record(request, {
              actor: actorOf(user),
              action: 'queues.dashboard_action',
              outcome: 'success',
              targetType: 'queue',
              // `/api/queues/pause` and `/resume` act on every queue.
              targetId: /^\/api\/queues\/([^/]+)\/./.exec(path)?.[1] ?? '*',
              details: { method: request.method, path },
            });
          } else if (readOnly) {
            readOnlyRequests.add(request);
          }
        } catch (error) {
          return refuse(reply, request, error as Error);
        }
        if (!attached) {
          board.setQueues(inspector.all().map((q) => new BullMQAdapter(q)));
          attached = true;
        }
      });
      instance.addHook('onSend', async (request: FastifyRequest, _reply, payload: unknown) => {
        if (!readOnlyRequests.has(request) || typeof payload !== 'string') return payload;
        if (new URL(request.url, 'http://local').pathname !== `${DASHBOARD_PATH}/api/queues`) {
          return payload;
        }
        const body = JSON.parse(payload) as { queues?: { readOnlyMode?: boolean }[] };
        for (const queue of body.queues ?? []) queue.readOnlyMode = true;
        return JSON.stringify(body);
      });
      await instance.register(serverAdapter.registerPlugin());
    },
    { prefix: DASHBOARD_PATH },
  );
}
