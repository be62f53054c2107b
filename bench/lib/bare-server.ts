/**
 * The hand-written baseline the API is compared with: a bare Fastify server
 * with plain `pg`, doing the same work as the API's routes without the
 * framework stack (no Nest, no TypeORM, no class-validator, no guards):
 *
 * - GET /health/ping: ping PostgreSQL and Redis together, each within a
 *   deadline, and answer their state (as GET /api/v1/health does).
 * - GET /me: verify the HS256 bearer token with node:crypto, run the same
 *   session query as the API's SessionValidator, then load the user and
 *   organization (as GET /api/v1/auth/me does). Both are named prepared
 *   statements, as the API's are (DATABASE_PREPARED_STATEMENTS).
 * - POST /referrals and POST /referrals/:id/submit: the same token and session
 *   check, then in ONE transaction the same statements as the API: idempotency
 *   claim, referral insert drawing its reference from the year's sequence (tax
 *   and national ids sealed with AES-256-GCM), audit event, outbox row on
 *   submit, idempotency result.
 *
 * Run as a child process by the benchmarks (env as the API's).
 */
import { createCipheriv, createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import { Pool, type PoolClient } from 'pg';

const env = process.env;
const secret = Buffer.from(env.JWT_SECRET ?? '', 'utf8');
const [keyId, keyBase64] = (env.FIELD_ENCRYPTION_KEYS ?? 'k:').split(',')[0].split(':');
const fieldKey = Buffer.from(keyBase64, 'base64');
const pool = new Pool({
  connectionString: env.DATABASE_URL,
  max: Number(env.DATABASE_POOL_SIZE ?? 10),
});
const redis = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
redis.on('error', () => undefined);

interface Claims {
  sub: string;
  sid: string;
  typ: string;
  exp: number;
}

interface Caller {
  id: string;
  organizationId: string;
  role: string;
}

function verifyToken(header: string | undefined): Claims | undefined {
  if (!header?.startsWith('Bearer ')) return undefined;
  const parts = header.slice(7).split('.');
  if (parts.length !== 3) return undefined;
  const head = JSON.parse(Buffer.from(parts[0], 'base64url').toString()) as { alg?: string };
  if (head.alg !== 'HS256') return undefined;
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString()) as Claims;
  if (claims.typ !== 'access' || claims.exp * 1000 <= Date.now()) return undefined;
  return claims;
}

const SESSION_SQL = `SELECT u.id, u.organization_id, u.role, u.email, o.kind, u.mfa_enabled,
        (u.status = 'active' AND o.status = 'active') AS usable,
        EXISTS (SELECT 1 FROM refresh_tokens t
                 WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL) AS session_live
   FROM users u JOIN organizations o ON o.id = u.organization_id
  WHERE u.id = $1`;

async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<Caller | undefined> {
  const claims = verifyToken(req.headers.authorization);
  if (claims) {
    const { rows } = await pool.query<{
      id: string;
      organization_id: string;
      role: string;
      usable: boolean;
      session_live: boolean;
    }>({ name: 'session', text: SESSION_SQL, values: [claims.sub, claims.sid] });
    const row = rows[0];
    if (row?.usable && row.session_live) {
      return { id: row.id, organizationId: row.organization_id, role: row.role };
    }
  }
  await reply.code(401).send({ title: 'Unauthenticated' });
  return undefined;
}

function seal(value: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', fieldKey, iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `v1:${keyId}:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')}`;
}

async function transaction<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function claimKey(
  c: PoolClient,
  caller: Caller,
  scope: string,
  key: string,
  request: unknown,
) {
  const hash = createHash('sha256').update(JSON.stringify({ scope, request })).digest('hex');
  const { rowCount } = await c.query(
    `INSERT INTO idempotency_records (user_id, scope, key, request_hash, response_status, response_body)
     VALUES ($1, $2, $3, $4, 0, '{}'::jsonb) ON CONFLICT DO NOTHING RETURNING key`,
    [caller.id, scope, key, hash],
  );
  return rowCount === 1;
}

async function storeResult(
  c: PoolClient,
  caller: Caller,
  scope: string,
  key: string,
  status: number,
  body: unknown,
) {
  await c.query(
    `UPDATE idempotency_records SET response_status = $4, response_body = $5
      WHERE user_id = $1 AND scope = $2 AND key = $3`,
    [caller.id, scope, key, status, JSON.stringify(body)],
  );
}

async function audit(
  c: PoolClient,
  caller: Caller,
  action: string,
  targetId: string,
  details: object,
  ip: string,
) {
  await c.query(
    `INSERT INTO audit_events (occurred_at, actor_user_id, actor_organization_id, actor_role, action,
       target_type, target_id, outcome, request_id, ip, details, details_digest)
     VALUES (now(), $1, $2, $3, $4, 'referral', $5, 'success', $6, $7, $8, $9)`,
    [
      caller.id,
      caller.organizationId,
      caller.role,
      action,
      targetId,
      randomUUID(),
      ip,
      JSON.stringify(details),
      createHash('sha256').update(JSON.stringify(details)).digest('hex'),
    ],
  );
}

interface Body {
  category: string;
  indicators: string[];
  priority: string;
  tlp: string;
  observedFrom: string;
  observedTo: string;
  totalAmount: { value: string; currency: string };
  narrative: string;
  merchant: { taxId?: string; principals?: { nationalId?: string }[] } & Record<string, unknown>;
  observables: unknown[];
  transactions: unknown[];
  acknowledgeReportingDuty: boolean;
}

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

app.get('/health', (_req, reply) => reply.send({ status: 'ok' }));

/** Whether `check` settles well within `ms` (the API's health pings have a 1.5 s deadline each). */
function answers(check: Promise<unknown>, ms = 1500): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    check.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ])
    .catch(() => false)
    .finally(() => clearTimeout(timer));
}

app.get('/health/ping', async (_req, reply) => {
  const [db, cache] = await Promise.all([answers(pool.query('SELECT 1')), answers(redis.ping())]);
  const status = db && cache ? 'ok' : 'error';
  void reply.header('cache-control', 'no-store').code(status === 'ok' ? 200 : 503);
  return { status, db: db ? 'up' : 'down', redis: cache ? 'up' : 'down' };
});

app.get('/me', async (req, reply) => {
  const caller = await authenticate(req, reply);
  if (!caller) return reply;
  const { rows } = await pool.query({
    name: 'profile',
    text: `SELECT u.id, u.email, u.display_name, u.role, u.mfa_enabled, o.id AS org_id, o.legal_name, o.kind
             FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`,
    values: [caller.id],
  });
  return rows[0];
});

app.post('/referrals', async (req, reply) => {
  const caller = await authenticate(req, reply);
  if (!caller) return reply;
  const body = req.body as Body;
  const key = String(req.headers['idempotency-key'] ?? randomUUID());
  const saved = await transaction(async (c) => {
    if (!(await claimKey(c, caller, 'referral.create', key, body))) return undefined;
    const id = randomUUID();
    const year = new Date().getUTCFullYear();
    const merchant = {
      ...body.merchant,
      taxId: body.merchant.taxId
        ? seal(body.merchant.taxId, `referral:${id}:merchant.taxId`)
        : undefined,
      principals: (body.merchant.principals ?? []).map((p, i) => ({
        ...p,
        nationalId: p.nationalId
          ? seal(p.nationalId, `referral:${id}:merchant.principals.${i}.nationalId`)
          : undefined,
      })),
    };
    // The reference is drawn in the INSERT, from the kind's sequence for the year, as the API does.
    const { rows } = await c.query(
      `INSERT INTO referrals (id, reference, organization_id, created_by, status, category, indicators,
         priority, tlp, observed_from, observed_to, total_amount, total_currency, narrative, merchant,
         observables, transactions, acknowledge_reporting_duty)
       VALUES ($1, next_reference('FCR', $2::integer), $3, $4, 'draft', $5, $6, $7, $8, $9, $10, $11,
               $12, $13, $14, $15, $16, $17)
       RETURNING *`,
      [
        id,
        year,
        caller.organizationId,
        caller.id,
        body.category,
        body.indicators,
        body.priority,
        body.tlp,
        body.observedFrom,
        body.observedTo,
        body.totalAmount.value,
        body.totalAmount.currency,
        body.narrative,
        JSON.stringify(merchant),
        JSON.stringify(body.observables),
        JSON.stringify(body.transactions),
        body.acknowledgeReportingDuty,
      ],
    );
    const reference = (rows[0] as { reference: string }).reference;
    await audit(c, caller, 'referral.create', id, { reference }, req.ip);
    await storeResult(c, caller, 'referral.create', key, 201, rows[0]);
    return rows[0] as object;
  });
  if (!saved) return reply.code(409).send({ title: 'replayed' });
  return reply.code(201).send(saved);
});

app.post('/referrals/:id/submit', async (req, reply) => {
  const caller = await authenticate(req, reply);
  if (!caller) return reply;
  const { id } = req.params as { id: string };
  const key = String(req.headers['idempotency-key'] ?? randomUUID());
  const scope = `referral.submit:${id}`;
  const outcome = await transaction(async (c) => {
    if (!(await claimKey(c, caller, scope, key, {}))) return 409;
    const { rows } = await c.query<{ status: string; reference: string }>(
      `SELECT * FROM referrals WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
      [id, caller.organizationId],
    );
    if (!rows[0]) return 404;
    if (rows[0].status !== 'draft') return 409;
    const updated = await c.query(
      `UPDATE referrals SET status = 'submitted', submitted_at = now(), updated_at = now(),
              version = version + 1 WHERE id = $1 RETURNING *`,
      [id],
    );
    await c.query(
      `INSERT INTO outbox (id, queue, job_name, payload, organization_id)
       VALUES ($1, 'intake', 'referral-submitted', $2, $3)`,
      [
        randomUUID(),
        JSON.stringify({ organizationId: caller.organizationId, referralId: id }),
        caller.organizationId,
      ],
    );
    await audit(c, caller, 'referral.submit', id, { reference: rows[0].reference }, req.ip);
    await storeResult(c, caller, scope, key, 200, updated.rows[0]);
    return updated.rows[0] as object;
  });
  if (typeof outcome === 'number') return reply.code(outcome).send({ status: outcome });
  return outcome;
});

app.listen({ port: Number(env.PORT ?? 3100), host: '127.0.0.1' }).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

const close = () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => redis.disconnect())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
