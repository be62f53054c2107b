import {
  AuditEventsRepository,
  inTransaction,
  MIGRATIONS,
  OutboxRepository,
} from '@app/persistence';
import { txOf } from '../support/tx';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { signedInUser, type Session } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { createScratchDatabase } from '../support/scratch-database';
import { watchSqlStatements, type SqlStatements } from '../support/sql-statements';
import { startTestApi, type TestApi } from '../support/test-app';

const REFERENCE = /^FCR-(\d{4})-(\d{6,})$/;

/**
 * References (`FCR-2026-000123`) come from a sequence per kind and year, so
 * filings of different members never wait for each other, and a filing
 * reads and writes its rows once: no reload after the INSERT or UPDATE.
 */
describe('Filing references and statements (e2e)', () => {
  describe('through the API', () => {
    let api: TestApi;
    let sql: SqlStatements;

    beforeAll(async () => {
      api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-references` });
      sql = watchSqlStatements();
    });
    afterAll(async () => {
      sql?.restore();
      await api.close();
    });

    const create = (s: Session) =>
      api.http
        .post('/api/v1/referrals')
        .set(s.auth)
        .set('Idempotency-Key', randomUUID())
        .send(referralBody());

    it('should give distinct references in the documented format to members filing at the same moment', async () => {
      const members = await Promise.all(
        Array.from({ length: 6 }, () => signedInUser(api.dataSource, api.http, 'member_reporter')),
      );
      const created = await Promise.all(
        members.flatMap(({ session }) => [create(session), create(session), create(session)]),
      );
      expect(created.map((r) => r.status)).toEqual(created.map(() => 201));
      const references = created.map((r) => (r.body as { reference: string }).reference);
      expect(new Set(references).size).toBe(references.length);
      for (const reference of references) {
        expect(reference).toMatch(REFERENCE);
        expect(REFERENCE.exec(reference)![1]).toBe(String(new Date().getUTCFullYear()));
      }
      const stored: { reference: string }[] = await api.dataSource.query(
        `SELECT reference FROM referrals WHERE id = ANY($1::uuid[]) ORDER BY reference`,
        [created.map((r) => (r.body as { id: string }).id)],
      );
      expect(stored.map((r) => r.reference)).toEqual([...references].sort());
    });

    it('should answer a create exactly as a later read shows the draft, from one INSERT and no reload', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const { result: res, sql: sent } = await sql.statementsDuring(() => create(session));
      expect(res.status).toBe(201);
      const onReferrals = sent.filter((s) => /\breferrals\b/.test(s));
      expect(onReferrals).toHaveLength(1);
      expect(onReferrals[0]).toMatch(/^\s*INSERT INTO referrals\b/);
      // The session check (outside the transaction: session-statements.e2e-spec),
      // BEGIN, idempotency claim, INSERT, then the audit event and the
      // idempotency answer in one statement, COMMIT.
      expect(sent).toHaveLength(6);
      expect(sent[0]).toMatch(/\brefresh_tokens\b/);
      expect(sent[1]).toBe('START TRANSACTION');
      expect(sent[4]).toMatch(/INSERT INTO audit_events\b[\s\S]*UPDATE idempotency_records\b/);
      expect(sent[5]).toBe('COMMIT');
      const read = await api.http.get(`/api/v1/referrals/${res.body.id}`).set(session.auth);
      expect(read.status).toBe(200);
      expect(res.body).toEqual(read.body);
    });

    it('should submit with one locked read and one UPDATE of the referral, answering as a later read shows it', async () => {
      const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const draft = await create(session);
      const { result: res, sql: sent } = await sql.statementsDuring(() =>
        api.http
          .post(`/api/v1/referrals/${draft.body.id}/submit`)
          .set(session.auth)
          .set('Idempotency-Key', randomUUID()),
      );
      expect(res.status).toBe(200);
      const onReferrals = sent.filter((s) => /\breferrals\b/.test(s));
      expect(onReferrals).toHaveLength(2);
      expect(onReferrals[0]).toMatch(/^\s*SELECT .* FOR UPDATE/s);
      expect(onReferrals[1]).toMatch(/^\s*UPDATE referrals\b/);
      // The session check, BEGIN, locked read, idempotency claim, UPDATE, then
      // the audit event, the outbox row and the idempotency answer in one
      // statement, COMMIT.
      expect(sent).toHaveLength(7);
      expect(sent[0]).toMatch(/\brefresh_tokens\b/);
      expect(sent[1]).toBe('START TRANSACTION');
      for (const write of [
        /INSERT INTO audit_events\b/,
        /INSERT INTO outbox\b/,
        /UPDATE idempotency_records\b/,
      ]) {
        expect(sent[5]).toMatch(write);
      }
      expect(sent[6]).toBe('COMMIT');
      const row: { version: number; updated_at: Date; status: string }[] =
        await api.dataSource.query(
          `SELECT version, updated_at, status FROM referrals WHERE id = $1`,
          [draft.body.id],
        );
      expect(row[0]).toMatchObject({ version: 2, status: 'submitted' });
      expect(res.body.updatedAt).toBe(row[0].updated_at.toISOString());
      expect(res.body.createdAt).toBe(draft.body.createdAt);
    });

    it("should send a transaction's audit events and outbox rows in one statement before COMMIT, audit events in the order written", async () => {
      const events = new AuditEventsRepository();
      const outbox = new OutboxRepository();
      const target = randomUUID();
      const event = (action: string) => ({
        occurredAt: new Date(),
        actorUserId: null,
        actorOrganizationId: null,
        actorRole: null,
        action,
        targetType: 'referral',
        targetId: target,
        outcome: 'success' as const,
        requestId: null,
        ip: null,
        details: { n: action.length },
        detailsDigest: 'not-checked-here',
      });
      const { sql: sent } = await sql.statementsDuring(() =>
        inTransaction(api.dataSource, async (m) => {
          await events.append(txOf(m), event('test.first'));
          await outbox.add(txOf(m), {
            id: randomUUID(),
            queue: 'intake',
            jobName: 'test-job',
            payload: { target },
            organizationId: null,
            availableAt: new Date(),
          });
          await events.append(txOf(m), event('test.second'));
        }),
      );
      expect(sent).toHaveLength(3);
      expect(sent[0]).toBe('START TRANSACTION');
      expect(sent[2]).toBe('COMMIT');
      const stored: { action: string }[] = await api.dataSource.query(
        `SELECT action FROM audit_events WHERE target_id = $1 ORDER BY id`,
        [target],
      );
      expect(stored.map((e) => e.action)).toEqual(['test.first', 'test.second']);
      const rows: unknown[] = await api.dataSource.query(
        `SELECT 1 FROM outbox WHERE payload->>'target' = $1`,
        [target],
      );
      expect(rows).toHaveLength(1);
      await api.dataSource.query(`DELETE FROM outbox WHERE payload->>'target' = $1`, [target]);
    });

    it('should send held-back writes before any later statement of the transaction, so it reads its own writes', async () => {
      const events = new AuditEventsRepository();
      const target = randomUUID();
      const { result: seen, sql: sent } = await sql.statementsDuring(() =>
        inTransaction(api.dataSource, async (m) => {
          await events.append(txOf(m), {
            occurredAt: new Date(),
            actorUserId: null,
            actorOrganizationId: null,
            actorRole: null,
            action: 'test.read_back',
            targetType: 'referral',
            targetId: target,
            outcome: 'success',
            requestId: null,
            ip: null,
            details: {},
            detailsDigest: 'not-checked-here',
          });
          return m.query<{ action: string }[]>(
            `SELECT action FROM audit_events WHERE target_id = $1`,
            [target],
          );
        }),
      );
      expect(seen).toEqual([{ action: 'test.read_back' }]);
      expect(sent.map((s) => s.split(' ').slice(0, 3).join(' '))).toEqual([
        'START TRANSACTION',
        'INSERT INTO audit_events',
        'SELECT action FROM',
        'COMMIT',
      ]);
    });

    it('should write nothing held back when the work fails, and write at once outside a transaction', async () => {
      const events = new AuditEventsRepository();
      const target = randomUUID();
      const event = {
        occurredAt: new Date(),
        actorUserId: null,
        actorOrganizationId: null,
        actorRole: null,
        action: 'test.rolled_back',
        targetType: 'referral',
        targetId: target,
        outcome: 'success' as const,
        requestId: null,
        ip: null,
        details: {},
        detailsDigest: 'not-checked-here',
      };
      await expect(
        inTransaction(api.dataSource, async (m) => {
          await events.append(txOf(m), event);
          throw new Error('the command failed');
        }),
      ).rejects.toThrow('the command failed');
      const count = async () => {
        const rows = await api.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM audit_events WHERE target_id = $1`,
          [target],
        );
        return rows[0].n;
      };
      expect(await count()).toBe(0);
      await events.append(txOf(api.dataSource.manager), { ...event, action: 'test.at_once' });
      expect(await count()).toBe(1);
    });
  });

  describe('the sequences behind them', () => {
    let scratch: { url: string; drop(): Promise<void> };
    const clients: Client[] = [];

    beforeAll(async () => {
      scratch = await createScratchDatabase();
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.end()));
      await scratch.drop();
    });

    async function connect(): Promise<Client> {
      const client = new Client({ connectionString: scratch.url });
      await client.connect();
      clients.push(client);
      // A draw that waited on another transaction would fail here, not hang.
      await client.query(`SET lock_timeout = '5s'`);
      return client;
    }
    const draw = async (c: Client, kind: string, year: number) =>
      (await c.query<{ r: string }>(`SELECT next_reference($1, $2) AS r`, [kind, year])).rows[0].r;

    it('should let a second transaction draw while the first is still open', async () => {
      const [first, second] = [await connect(), await connect()];
      await draw(first, 'FCR', 2030); // the year's sequence exists, committed
      await first.query('BEGIN');
      const a = await draw(first, 'FCR', 2030);
      await second.query('BEGIN');
      const b = await draw(second, 'FCR', 2030);
      await second.query('COMMIT');
      await first.query('ROLLBACK');
      expect([a, b]).toEqual(['FCR-2030-000002', 'FCR-2030-000003']);
      // A rolled-back number is not given again: references are unique, not gap-free.
      expect(await draw(second, 'FCR', 2030)).toBe('FCR-2030-000004');
    });

    it('should start each kind and year at 1, whichever transaction creates the year first', async () => {
      const [first, second] = [await connect(), await connect()];
      expect(await draw(first, 'CASE', 2031)).toBe('CASE-2031-000001');
      expect(await draw(first, 'DSP', 2031)).toBe('DSP-2031-000001');
      expect(await draw(first, 'FCR', 2032)).toBe('FCR-2032-000001');

      // Both open the new year at once: the second waits for the first's
      // creation of the sequence to commit, then draws from it.
      await first.query('BEGIN');
      expect(await draw(first, 'FCR', 2033)).toBe('FCR-2033-000001');
      await second.query('BEGIN');
      const waiting = draw(second, 'FCR', 2033);
      await first.query('COMMIT');
      expect(await waiting).toBe('FCR-2033-000002');
      await second.query('COMMIT');

      // If the first rolls back, its sequence goes with it and the second creates its own.
      await first.query('BEGIN');
      expect(await draw(first, 'FCR', 2034)).toBe('FCR-2034-000001');
      await second.query('BEGIN');
      const after = draw(second, 'FCR', 2034);
      await first.query('ROLLBACK');
      expect(await after).toBe('FCR-2034-000001');
      await second.query('COMMIT');
    });

    it('should keep six digits at least, and more once past 999999', async () => {
      const c = await connect();
      await draw(c, 'FCR', 2035);
      await c.query(`SELECT setval('reference_seq_fcr_2035', 999998)`);
      expect(await draw(c, 'FCR', 2035)).toBe('FCR-2035-999999');
      expect(await draw(c, 'FCR', 2035)).toBe('FCR-2035-1000000');
    });

    it('should refuse a kind or year that would not make a reference', async () => {
      const c = await connect();
      await expect(draw(c, 'fcr; DROP TABLE referrals', 2026)).rejects.toThrow(/invalid reference/);
      await expect(draw(c, 'FCR', 20260)).rejects.toThrow(/invalid reference/);
    });

    it('should carry the counters over when migrating, and back when reverting', async () => {
      const Migration = MIGRATIONS.find((m) => m.name.startsWith('ReferenceSequences'));
      if (!Migration) throw new Error('The reference sequences migration is not registered');
      const step = new Migration();
      const c = await connect();
      const q = {
        query: async (text: string, params?: unknown[]): Promise<unknown[]> =>
          (await c.query<Record<string, unknown>>(text, params)).rows,
      } as unknown as QueryRunner;
      await c.query(`DROP SEQUENCE IF EXISTS reference_seq_fcr_2036, reference_seq_case_2036`);
      await step.down(q);
      await c.query(
        `INSERT INTO reference_counters (kind, year, last_value)
         VALUES ('FCR', 2036, 41), ('CASE', 2036, 7)`,
      );
      await step.up(q);
      expect(await draw(c, 'FCR', 2036)).toBe('FCR-2036-000042');
      expect(await draw(c, 'CASE', 2036)).toBe('CASE-2036-000008');
      expect(await draw(c, 'DSP', 2036)).toBe('DSP-2036-000001');

      await step.down(q);
      const counters = await c.query<{ kind: string; last_value: number }>(
        `SELECT kind, last_value FROM reference_counters WHERE year = 2036 ORDER BY kind`,
      );
      expect(counters.rows).toEqual([
        { kind: 'CASE', last_value: 8 },
        { kind: 'DSP', last_value: 1 },
        { kind: 'FCR', last_value: 42 },
      ]);
      await step.up(q);
      expect(await draw(c, 'FCR', 2036)).toBe('FCR-2036-000043');
    });
  });
});
