import {
  AUDIT_SEAL_LOCK_KEY,
  chainHash,
  checkpointMessage,
  publicKeyFingerprint,
  type ChainEventFields,
} from '@app/audit';
import { canonicalJson } from '@app/domain';
import { CHAIN_EVENT_COLUMNS } from '@app/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { TEST_AUDIT_SIGNING_KEY, testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  type Session,
} from '../support/factories';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/apps/cli/src/audit-verify.js');

interface Report {
  mode: 'full' | 'incremental';
  start: {
    kind: string;
    seq: number;
    hash: string;
    checkpointId: string | null;
    rejected: string | null;
  };
  valid: boolean;
  checked: number;
  pending: number;
  headSeq: number;
  headHash: string;
  firstBrokenSeq: number | null;
  reason: string | null;
  checkpoints: {
    checked: number;
    valid: boolean;
    firstInvalidId: string | null;
    reason: string | null;
  };
  publicKeyFingerprints: string[];
}

function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The tamper-evident audit trail: sealing, verification, checkpoints, export,
 * and what a database superuser's tampering looks like to the verifier. The
 * spec has a database of its own (it rewrites audit rows on purpose) and its
 * own worker, whose sealer and checkpointer chain and sign that database.
 */
describe('Audit chain, checkpoints, verification and export (e2e)', () => {
  const prefix = `${process.env.TEST_QUEUE_PREFIX}-audit`;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let worker: INestApplicationContext;
  /** The database superuser (the migrations' owner), who can bypass the trigger. */
  let su: Client;
  let auditor: { session: Session; id: string };
  let admin: Session;
  let coordinator: Session;
  let member: Session;
  /** The position every tamper case changes (well inside the chain). */
  const K = 3;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('Run `npm run build` first (npm test does it).');
    scratch = await createScratchDatabase();
    const env = { DATABASE_URL: scratch.url, QUEUE_PREFIX: prefix };
    api = await startTestApi(env);
    worker = await createWorkerApp(testEnvironment(env), { shutdownHooks: false });
    su = new Client({ connectionString: scratch.url });
    await su.connect();
    const ds = api.dataSource;
    const coalition = await createOrganization(ds, 'coalition');
    const a = await createUser(ds, coalition, 'auditor');
    auditor = { session: await login(api.http, a.email), id: a.id };
    admin = (await signedInUser(ds, api.http, 'platform_admin')).session;
    coordinator = (await signedInUser(ds, api.http, 'coordinator', coalition)).session;
    member = (await signedInUser(ds, api.http, 'member_reporter')).session;
    // A few more events (sign-ins), so the chain has room around position K.
    for (let i = 0; i < 4; i += 1) await login(api.http, a.email);
  }, 90_000);

  afterAll(async () => {
    await su?.end();
    await worker?.close();
    await api?.close();
    await scratch?.drop();
  });

  /** Full unless told: the tamper cases change positions a remembered checkpoint may already cover. */
  const verifyApi = async (mode: 'full' | 'incremental' = 'full'): Promise<Report> => {
    const res = await api.http.get(`/api/v1/audit/verify?mode=${mode}`).set(auditor.session.auth);
    expect(res.status).toBe(200);
    return res.body as Report;
  };

  const unsealed = async (): Promise<number> => {
    const { rows } = await su.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE chain_seq IS NULL`,
    );
    return rows[0].n;
  };

  /** Tamper as the superuser: triggers off, and the sealer's lock held so it does not append meanwhile. */
  const tamper = async (work: () => Promise<unknown>): Promise<void> => {
    await su.query('BEGIN');
    try {
      await su.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_SEAL_LOCK_KEY]);
      await su.query('SET LOCAL session_replication_role = replica');
      await work();
      await su.query('COMMIT');
    } catch (error) {
      await su.query('ROLLBACK');
      throw error;
    }
  };

  const hashAt = async (seq: number): Promise<string> => {
    const { rows } = await su.query<{ hash: string }>(
      `SELECT hash FROM audit_events WHERE chain_seq = $1`,
      [seq],
    );
    return rows[0].hash;
  };

  it('should seal every committed event within about a second and verify the chain as valid', async () => {
    await eventually('every event sealed', async () =>
      (await unsealed()) === 0 ? true : undefined,
    );
    const { rows } = await su.query<{ seq: string; prev_hash: string; hash: string }>(
      `SELECT chain_seq::text AS seq, prev_hash, hash FROM audit_events ORDER BY chain_seq LIMIT 2`,
    );
    expect(rows[0]).toMatchObject({ seq: '1', prev_hash: '0'.repeat(64) });
    expect(rows[1].prev_hash).toBe(rows[0].hash);

    const report = await verifyApi();
    expect(report).toMatchObject({ valid: true, checkpoints: { valid: true } });
    expect(report.checked).toBeGreaterThanOrEqual(K + 5);
    expect(report).toMatchObject({ firstBrokenSeq: null, reason: null });
    expect(report.checkpoints).toMatchObject({ firstInvalidId: null, reason: null });
    expect(report.headSeq).toBe(report.checked);
    expect(report.headHash).toBe(await hashAt(report.headSeq));

    // The verification itself is an audit event, and it too is sealed.
    const events = await api.http
      .get(`/api/v1/audit/events?action=audit.verify&actorId=${auditor.id}`)
      .set(auditor.session.auth)
      .expect(200);
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0]).toMatchObject({ actorRole: 'auditor', outcome: 'success' });
    await eventually('the verify event sealed', async () =>
      (await unsealed()) === 0 ? true : undefined,
    );
  });

  it('should report the position of an edited event, and the CLI should exit 1 with the same report', async () => {
    const { rows } = await su.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE chain_seq = $1`,
      [K],
    );
    const original = rows[0].action;
    await tamper(() =>
      su.query(`UPDATE audit_events SET action = 'forged.action' WHERE chain_seq = $1`, [K]),
    );
    try {
      const report = await verifyApi();
      expect(report).toMatchObject({ valid: false, firstBrokenSeq: K });
      expect(report.reason).toMatch(/stored hash/);

      const cli = await runCli(['--full'], { DATABASE_URL: scratch.url });
      expect(cli.code).toBe(1);
      expect(JSON.parse(cli.stdout)).toMatchObject({ valid: false, firstBrokenSeq: K });
    } finally {
      await tamper(() =>
        su.query(`UPDATE audit_events SET action = $2 WHERE chain_seq = $1`, [K, original]),
      );
    }
    expect(await verifyApi()).toMatchObject({ valid: true });
  });

  it.each([
    ['its details', `details = details || '{"forged": true}'::jsonb`, /details at/],
    [
      'its details and their digest',
      `details = '{"forged": true}'::jsonb, details_digest = $2`,
      /stored hash/,
    ],
    [
      'its actor',
      `actor_user_id = gen_random_uuid(), actor_role = 'platform_admin'`,
      /stored hash/,
    ],
    ['its time', `occurred_at = occurred_at + interval '1 microsecond'`, /stored hash/],
    ['its request id', `request_id = 'chosen-by-someone-else'`, /stored hash/],
  ])(
    'should report the position of an event with %s changed, through the API and the CLI alike',
    async (_what, assignment, reason) => {
      const { rows } = await su.query<{ row: object }>(
        `SELECT to_jsonb(e) AS row FROM audit_events e WHERE chain_seq = $1`,
        [K],
      );
      const forgedDigest = createHash('sha256')
        .update(canonicalJson({ forged: true }))
        .digest('hex');
      await tamper(() =>
        su.query(
          `UPDATE audit_events SET ${assignment} WHERE chain_seq = $1`,
          assignment.includes('$2') ? [K, forgedDigest] : [K],
        ),
      );
      try {
        const report = await verifyApi();
        expect(report).toMatchObject({ valid: false, firstBrokenSeq: K });
        expect(report.reason).toMatch(reason);
        const cli = await runCli(['--full'], { DATABASE_URL: scratch.url });
        expect(cli.code).toBe(1);
        expect(JSON.parse(cli.stdout)).toMatchObject({
          valid: false,
          firstBrokenSeq: K,
          reason: report.reason,
        });
      } finally {
        await tamper(() =>
          su.query(
            `UPDATE audit_events e
                SET occurred_at = r.occurred_at, actor_user_id = r.actor_user_id,
                    actor_role = r.actor_role, request_id = r.request_id,
                    details = r.details, details_digest = r.details_digest
               FROM jsonb_populate_record(NULL::audit_events, $2::jsonb) r
              WHERE e.chain_seq = $1`,
            [K, JSON.stringify(rows[0].row)],
          ),
        );
      }
      expect(await verifyApi()).toMatchObject({ valid: true });
    },
  );

  it("should record the server's own request id in the trail, and a client's X-Request-Id only apart, as the client's", async () => {
    const res = await api.http
      .get('/api/v1/audit/verify')
      .set(auditor.session.auth)
      .set('x-request-id', 'client-chosen-0001');
    expect(res.status).toBe(200);
    const ours = res.headers['x-request-id'];
    expect(ours).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-client-request-id']).toBe('client-chosen-0001');
    const { rows } = await su.query<{ request_id: string; details: Record<string, unknown> }>(
      `SELECT request_id, details FROM audit_events
        WHERE request_id = $1 OR details->>'clientRequestId' = $2`,
      [ours, 'client-chosen-0001'],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.request_id).toBe(ours);
      expect(row.details.clientRequestId).toBe('client-chosen-0001');
    }
  });

  it('should report the position of a deleted event', async () => {
    const { rows } = await su.query<{ row: object }>(
      `SELECT to_jsonb(e) AS row FROM audit_events e WHERE chain_seq = $1`,
      [K],
    );
    await tamper(() => su.query(`DELETE FROM audit_events WHERE chain_seq = $1`, [K]));
    try {
      const report = await verifyApi();
      expect(report).toMatchObject({ valid: false, firstBrokenSeq: K });
      expect(report.reason).toMatch(/missing/);
    } finally {
      await tamper(() =>
        su.query(
          `INSERT INTO audit_events SELECT * FROM jsonb_populate_record(NULL::audit_events, $1::jsonb)`,
          [JSON.stringify(rows[0].row)],
        ),
      );
    }
    expect(await verifyApi()).toMatchObject({ valid: true });
  });

  it('should report the first position of two events swapped in the chain', async () => {
    const swap = () =>
      tamper(async () => {
        await su.query(`UPDATE audit_events SET chain_seq = -1 WHERE chain_seq = $1`, [K]);
        await su.query(`UPDATE audit_events SET chain_seq = $1 WHERE chain_seq = $2`, [K, K + 1]);
        await su.query(`UPDATE audit_events SET chain_seq = $1 WHERE chain_seq = -1`, [K + 1]);
      });
    await swap();
    try {
      expect(await verifyApi()).toMatchObject({ valid: false, firstBrokenSeq: K });
    } finally {
      await swap();
    }
    expect(await verifyApi()).toMatchObject({ valid: true });
  });

  it('should report an inserted event that links itself to its predecessor at the next position', async () => {
    const prev = await hashAt(K - 1);
    const forged: ChainEventFields = {
      occurredAt: '2025-01-01T00:00:00.000000Z',
      actorUserId: null,
      actorOrganizationId: null,
      actorRole: null,
      action: 'forged.insert',
      targetType: null,
      targetId: null,
      outcome: 'success',
      requestId: null,
      ip: null,
      detailsDigest: createHash('sha256').update(canonicalJson({})).digest('hex'),
      // An inserted row takes the column's default: the format every event is written in now.
      chainFormat: 2,
    };
    const forgedHash = chainHash(prev, K, forged);
    // The tail moves while the forged row stands: hold the sealer off until it is back, or
    // an event sealed meanwhile (the verification's own) would be chained at a moved position.
    await su.query('SELECT pg_advisory_lock($1)', [AUDIT_SEAL_LOCK_KEY]);
    try {
      await insertForgedAndVerify(forgedHash, prev, forged);
    } finally {
      await su.query('SELECT pg_advisory_unlock($1)', [AUDIT_SEAL_LOCK_KEY]);
    }
    expect(await verifyApi()).toMatchObject({ valid: true });
  });

  async function insertForgedAndVerify(
    forgedHash: string,
    prev: string,
    forged: ChainEventFields,
  ): Promise<void> {
    await tamper(async () => {
      // Make room at K (chain_seq is unique: move the tail out of the way and back).
      await su.query(`UPDATE audit_events SET chain_seq = -chain_seq WHERE chain_seq >= $1`, [K]);
      await su.query(`UPDATE audit_events SET chain_seq = -chain_seq + 1 WHERE chain_seq <= $1`, [
        -K,
      ]);
      await su.query(
        `INSERT INTO audit_events (occurred_at, action, outcome, details, details_digest,
                                   chain_seq, prev_hash, hash)
         VALUES ($1, $2, 'success', '{}'::jsonb, $3, $4, $5, $6)`,
        [forged.occurredAt, forged.action, forged.detailsDigest, K, prev, forgedHash],
      );
    });
    try {
      const report = await verifyApi();
      // The forged row itself recomputes; the chain breaks where the real event no longer links.
      expect(report).toMatchObject({ valid: false, firstBrokenSeq: K + 1 });
    } finally {
      await tamper(async () => {
        await su.query(`DELETE FROM audit_events WHERE action = 'forged.insert'`);
        await su.query(`UPDATE audit_events SET chain_seq = -chain_seq WHERE chain_seq > $1`, [K]);
        await su.query(`UPDATE audit_events SET chain_seq = -chain_seq - 1 WHERE chain_seq < $1`, [
          -K,
        ]);
      });
    }
  }

  it('should refuse UPDATE, DELETE and disabling the trigger to an application role that does not own the table', async () => {
    const role = `crh_audit_app_${randomBytes(4).toString('hex')}`;
    await su.query(`CREATE ROLE ${role} LOGIN`);
    await su.query(`GRANT SELECT, INSERT, UPDATE ON audit_events TO ${role}`);
    await su.query(`GRANT USAGE ON SEQUENCE audit_events_id_seq TO ${role}`);
    const url = new URL(scratch.url);
    url.username = role;
    url.password = '';
    const app = new Client({ connectionString: url.toString() });
    try {
      await app.connect();
      // The application role writes events (with the digest of their details, `{}` here)…
      await app.query(
        `INSERT INTO audit_events (action, outcome, details_digest) VALUES ('role.test', 'success', $1)`,
        [createHash('sha256').update(canonicalJson({})).digest('hex')],
      );
      // …but cannot change or remove one, sealed or not, nor switch the guard off.
      await expect(
        app.query(`UPDATE audit_events SET action = 'changed' WHERE chain_seq = $1`, [K]),
      ).rejects.toThrow(/append-only \(UPDATE refused\)/);
      await expect(
        app.query(`UPDATE audit_events SET hash = $2 WHERE chain_seq = $1`, [K, 'f'.repeat(64)]),
      ).rejects.toThrow(/append-only/);
      await expect(
        app.query(`UPDATE audit_events SET action = 'changed' WHERE action = 'role.test'`),
      ).rejects.toThrow(/append-only/);
      await expect(app.query(`DELETE FROM audit_events WHERE chain_seq = $1`, [K])).rejects.toThrow(
        /permission denied/,
      );
      await expect(app.query(`TRUNCATE audit_events`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`ALTER TABLE audit_events DISABLE TRIGGER ALL`)).rejects.toThrow(
        /must be owner/,
      );
      await expect(
        app.query(`DROP TRIGGER audit_events_no_update_delete ON audit_events`),
      ).rejects.toThrow(/must be owner/);
      await expect(app.query(`SET session_replication_role = replica`)).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await app.end().catch(() => undefined);
      await su.query(`REVOKE ALL ON audit_events FROM ${role}`);
      await su.query(`REVOKE ALL ON SEQUENCE audit_events_id_seq FROM ${role}`);
      await su.query(`DROP ROLE ${role}`);
    }
    const { rows } = await su.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
    expect(rows).toHaveLength(0);
    // Even the table's owner is refused while the trigger is in place.
    await expect(
      su.query(`UPDATE audit_events SET action = 'changed' WHERE chain_seq = $1`, [K]),
    ).rejects.toThrow(/append-only/);
    await expect(su.query(`DELETE FROM audit_events WHERE chain_seq = $1`, [K])).rejects.toThrow(
      /append-only/,
    );
  });

  it('should stream a time range as JSON Lines with the chain fields, to auditors and platform admins only', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const path = `/api/v1/audit/export?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const res = await api.http
      .get(path)
      .set(auditor.session.auth)
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.on('data', (d: Buffer) => (text += d.toString()));
        r.on('end', () => cb(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = (res.body as string).trim().split('\n');
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.length).toBeGreaterThan(K);
    expect(events[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
        action: expect.any(String),
        detailsDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
        chainSeq: expect.any(Number),
        prevHash: expect.any(String),
        hash: expect.any(String),
      }),
    );
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    // An empty range is an empty body, not an error.
    const empty = await api.http
      .get('/api/v1/audit/export?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z')
      .set(admin.auth)
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.on('data', (d: Buffer) => (text += d.toString()));
        r.on('end', () => cb(null, text));
      });
    expect(empty.status).toBe(200);
    expect(empty.body).toBe('');

    // The export is itself audited.
    const audited = await api.http
      .get(`/api/v1/audit/events?action=audit.export&actorId=${auditor.id}`)
      .set(admin.auth)
      .expect(200);
    expect(audited.body.items[0]).toMatchObject({
      targetType: 'audit_chain',
      details: { from, to },
    });

    const bad = await api.http
      .get(`/api/v1/audit/export?from=yesterday&to=${encodeURIComponent(to)}`)
      .set(auditor.session.auth);
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['from']);
    const missing = await api.http
      .get(`/api/v1/audit/export?from=${encodeURIComponent(from)}`)
      .set(auditor.session.auth);
    expect(missing.status).toBe(400);
    expect((missing.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['to']);
    const backwards = await api.http
      .get(`/api/v1/audit/export?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`)
      .set(auditor.session.auth);
    expect(backwards.status).toBe(400);
    expect((backwards.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['to']);

    for (const session of [coordinator, member]) {
      for (const route of [
        'export?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z',
        'verify',
        'events',
        'checkpoints',
      ]) {
        const denied = await api.http.get(`/api/v1/audit/${route}`).set(session.auth);
        expect(denied.status).toBe(403);
      }
      await api.http.post('/api/v1/audit/checkpoints').set(session.auth).expect(403);
    }
  });

  it('should page through events newest first with filters', async () => {
    const first = await api.http
      .get(`/api/v1/audit/events?actorId=${auditor.id}&limit=2`)
      .set(auditor.session.auth)
      .expect(200);
    expect(first.body.items).toHaveLength(2);
    const [a, b] = first.body.items as { id: string; actorUserId: string }[];
    expect(Number(a.id)).toBeGreaterThan(Number(b.id));
    expect(a.actorUserId).toBe(auditor.id);
    const second = await api.http
      .get(`/api/v1/audit/events?actorId=${auditor.id}&limit=2&cursor=${first.body.nextCursor}`)
      .set(auditor.session.auth)
      .expect(200);
    expect(Number(second.body.items[0].id)).toBeLessThan(Number(b.id));
    const badFilter = await api.http
      .get('/api/v1/audit/events?actorId=someone&from=soon')
      .set(auditor.session.auth);
    expect(badFilter.status).toBe(400);
    expect((badFilter.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'actorId',
      'from',
    ]);
  });

  it('should sign a checkpoint on demand that anyone can check with the public key, and fail verification when the history before it is rewritten', async () => {
    const requested = await api.http
      .post('/api/v1/audit/checkpoints')
      .set(auditor.session.auth)
      .expect(202);
    const requestId = (requested.body as { requestId: string }).requestId;
    const checkpointId = await eventually('the checkpoint request fulfilled', async () => {
      const { rows } = await su.query<{ checkpoint_id: string | null }>(
        `SELECT checkpoint_id FROM audit_checkpoint_requests WHERE id = $1 AND fulfilled_at IS NOT NULL`,
        [requestId],
      );
      return rows[0]?.checkpoint_id ?? undefined;
    });
    const list = await api.http.get('/api/v1/audit/checkpoints').set(admin.auth).expect(200);
    const checkpoint = (
      list.body.items as {
        id: string;
        seq: number;
        hash: string;
        signedAt: string;
        signature: string;
        signedMessage: string;
        publicKeyPem: string;
        publicKeyFingerprint: string;
      }[]
    ).find((c) => c.id === checkpointId);
    expect(checkpoint).toBeDefined();
    if (!checkpoint) return;
    // It covers the request's own audit event, sealed before signing.
    const { rows: requestEvent } = await su.query<{ seq: string }>(
      `SELECT chain_seq::text AS seq FROM audit_events WHERE target_id = $1`,
      [requestId],
    );
    expect(checkpoint.seq).toBeGreaterThanOrEqual(Number(requestEvent[0].seq));
    expect(checkpoint.hash).toBe(await hashAt(checkpoint.seq));
    // What an agency does with only the public key and node:crypto.
    expect(checkpoint.signedMessage).toBe(
      `{"hash":"${checkpoint.hash}","seq":${checkpoint.seq},"signedAt":"${checkpoint.signedAt}"}`,
    );
    expect(checkpoint.signedMessage).toBe(checkpointMessage(checkpoint));
    expect(
      verify(
        null,
        Buffer.from(checkpoint.signedMessage),
        checkpoint.publicKeyPem,
        Buffer.from(checkpoint.signature, 'base64'),
      ),
    ).toBe(true);
    const ourKey = createPublicKey(TEST_AUDIT_SIGNING_KEY);
    expect(checkpoint.publicKeyFingerprint).toBe(publicKeyFingerprint(ourKey));

    const before = await verifyApi();
    expect(before).toMatchObject({ valid: true, checkpoints: { valid: true } });
    expect(before.checkpoints.checked).toBeGreaterThanOrEqual(1);
    expect(before.publicKeyFingerprints).toEqual([checkpoint.publicKeyFingerprint]);
    // That full run remembered the newest checkpoint: the default run starts there.
    const { rows: newest } = await su.query<{ id: string; seq: number }>(
      `SELECT id, chain_seq::int AS seq FROM audit_checkpoints
        WHERE chain_seq <= $1 ORDER BY chain_seq DESC, signed_at DESC, id DESC LIMIT 1`,
      [before.headSeq],
    );
    const incremental = await verifyApi('incremental');
    expect(incremental).toMatchObject({
      valid: true,
      mode: 'incremental',
      start: { kind: 'checkpoint', seq: newest[0].seq, checkpointId: newest[0].id, rejected: null },
    });
    expect(incremental.checked).toBe(incremental.headSeq - newest[0].seq);
    const { rows: remembered } = await su.query<{ checkpoint_id: string }>(
      `SELECT checkpoint_id FROM audit_verifications ORDER BY id DESC LIMIT 1`,
    );
    expect(remembered[0].checkpoint_id).toBe(newest[0].id);
    const badMode = await api.http.get('/api/v1/audit/verify?mode=quick').set(auditor.session.auth);
    expect(badMode.status).toBe(400);

    // The CLI pins the key it is given: ours holds, a stranger's does not.
    const dir = mkdtempSync(join(tmpdir(), 'crh-audit-'));
    try {
      const ours = join(dir, 'ours.pem');
      const theirs = join(dir, 'theirs.pem');
      writeFileSync(ours, ourKey.export({ format: 'pem', type: 'spki' }));
      writeFileSync(
        theirs,
        generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }),
      );
      const good = await runCli(['--public-key', ours], { DATABASE_URL: scratch.url });
      expect(good.code).toBe(0);
      expect(JSON.parse(good.stdout)).toMatchObject({ valid: true });
      const stranger = await runCli(['--public-key', theirs], { DATABASE_URL: scratch.url });
      expect(stranger.code).toBe(1);
      expect(JSON.parse(stranger.stdout)).toMatchObject({ checkpoints: { valid: false } });
      const usage = await runCli(['--bogus'], { DATABASE_URL: scratch.url });
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('Usage: npm run audit:verify');
      const noDatabase = await runCli([], {});
      expect(noDatabase.code).toBe(2);
      expect(noDatabase.stderr).toContain('DATABASE_URL');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Rewrite history before the checkpoint so that the chain alone looks intact.
    await tamper(async () => {
      await su.query(`UPDATE audit_events SET action = 'rewritten.action' WHERE chain_seq = $1`, [
        K,
      ]);
      let prev = await hashAt(K - 1);
      let after = K - 1;
      for (;;) {
        const { rows } = await su.query<ChainEventFields & { seq: string }>(
          `SELECT e.chain_seq::text AS seq, ${CHAIN_EVENT_COLUMNS} FROM audit_events e
            WHERE e.chain_seq > $1 ORDER BY e.chain_seq LIMIT 500`,
          [after],
        );
        if (rows.length === 0) break;
        for (const row of rows) {
          const seq = Number(row.seq);
          const hash = chainHash(prev, seq, row);
          await su.query(`UPDATE audit_events SET prev_hash = $2, hash = $3 WHERE chain_seq = $1`, [
            seq,
            prev,
            hash,
          ]);
          prev = hash;
          after = seq;
        }
      }
    });
    // The default run refuses to start from the remembered checkpoint, whose
    // position no longer stores the hash verified there, and recomputes it all.
    const after = await verifyApi('incremental');
    expect(after.start).toMatchObject({
      kind: 'genesis',
      rejected: expect.stringMatching(/stored hash at/),
    });
    expect(after.firstBrokenSeq).toBeNull();
    expect(after.valid).toBe(false);
    const { rows: firstAffected } = await su.query<{ id: string }>(
      `SELECT id FROM audit_checkpoints WHERE chain_seq >= $1 ORDER BY chain_seq, signed_at, id LIMIT 1`,
      [K],
    );
    expect(after.checkpoints).toMatchObject({
      valid: false,
      firstInvalidId: firstAffected[0].id,
    });
    const cli = await runCli([], { DATABASE_URL: scratch.url });
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout)).toMatchObject({ valid: false, checkpoints: { valid: false } });
  });
});
