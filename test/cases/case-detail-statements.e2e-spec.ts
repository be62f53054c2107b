import { randomUUID } from 'node:crypto';
import {
  createAgency,
  createCase,
  createDispatch,
  createFiler,
  type CaseFixture,
} from '../support/case-fixtures';
import { signedInUser, type Session } from '../support/factories';
import { watchSqlStatements, type SqlStatements } from '../support/sql-statements';
import { startTestApi, type TestApi } from '../support/test-app';

/** Tables holding case material or the audit trail: what reading a case may touch. */
const CASE_MATERIAL =
  /\b(cases|referrals|referral_match_keys|match_suggestions|case_notes|member_actions|info_requests|dispatches|holds|sla_clocks|alerts|agencies|audit_events)\b/;
const TRANSACTION_CONTROL = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b/i;

/**
 * GET /cases/:id reads the whole case in one statement however many sections
 * and rows it has: the access check, the case, and its read event as one
 * autocommit INSERT; no transaction is opened for it.
 */
describe('Case detail: statements per read (e2e)', () => {
  let api: TestApi;
  let sql: SqlStatements;
  let coordinator: Session;

  beforeAll(async () => {
    api = await startTestApi();
    coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
    sql = watchSqlStatements();
  });
  afterAll(async () => {
    sql?.restore();
    await api.close();
  });

  const readEvents = async (caseId: string): Promise<number> => {
    const rows: { n: number }[] = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.read' AND target_id = $1`,
      [caseId],
    );
    return rows[0].n;
  };

  /** The statements one GET of the case sends about case material, and its answer. */
  const readCase = async (caseId: string) => {
    const {
      result,
      sql: statements,
      prepared,
    } = await sql.statementsDuring(() =>
      api.http.get(`/api/v1/cases/${caseId}`).set(coordinator.auth),
    );
    return {
      res: result,
      prepared,
      material: statements.filter((s) => CASE_MATERIAL.test(s)),
      transactionControl: statements.filter((s) => TRANSACTION_CONTROL.test(s)),
    };
  };

  /** A routed case with `filers` referrals, a delivered dispatch (and its clock) and a note. */
  async function richCase(filers: number): Promise<CaseFixture> {
    const ds = api.dataSource;
    const fixture = await createCase(
      ds,
      await Promise.all(Array.from({ length: filers }, () => createFiler(ds))),
    );
    await createDispatch(ds, fixture, await createAgency(ds));
    const note = await api.http
      .post(`/api/v1/cases/${fixture.caseRow.id}/notes`)
      .set(coordinator.auth)
      .send({ body: 'Seen.' });
    expect(note.status).toBe(201);
    return fixture;
  }

  it('should read a case in three statements, none in a transaction, whatever its size, and audit each read once', async () => {
    for (const filers of [1, 4]) {
      const fixture = await richCase(filers);
      const caseId = fixture.caseRow.id;
      const { res, material, transactionControl } = await readCase(caseId);
      expect(res.status).toBe(200);
      const body = res.body as Record<string, unknown[]>;
      expect(body.referrals).toHaveLength(filers);
      expect(body.dispatches).toHaveLength(1);
      expect(body.clocks).toHaveLength(1);
      expect(body.notes).toHaveLength(1);
      // The access check, the whole case, the read event.
      expect(material).toHaveLength(3);
      expect(material[2]).toMatch(/^INSERT INTO "?audit_events"?\s/);
      expect(transactionControl).toEqual([]);
      expect(await readEvents(caseId)).toBe(1);
    }
  });

  it("should look the timeline's events up by target id through audit_events_timeline_idx (each month's copy), not a scan of the trail", async () => {
    const fixture = await richCase(1);
    const { material } = await readCase(fixture.caseRow.id);
    const detail = material[1];
    const runner = api.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      // Where the index can serve the lookup, the planner takes it over a forbidden scan.
      await runner.query(`SET LOCAL enable_seqscan = off`);
      const plan: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${detail}`, [
        fixture.caseRow.id,
      ]);
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      // The trail is partitioned by month: each partition has its own copy of the index.
      const copies: { name: string }[] = await runner.query(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'audit_events_timeline_idx'::regclass`,
      );
      expect(copies.length).toBeGreaterThan(0);
      const used = [...text.matchAll(/Index Scan (?:using|on) (\w+)/g)].map((m) => m[1]);
      expect(used.some((name) => copies.some((c) => c.name === name))).toBe(true);
      expect(text).not.toMatch(/Seq Scan on audit_events/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('should send the case as a named prepared statement, so each connection plans it once', async () => {
    const fixture = await richCase(1);
    const first = await readCase(fixture.caseRow.id);
    const second = await readCase(fixture.caseRow.id);
    expect(second.res.body).toEqual(first.res.body);
    // The whole case is the read's one prepared statement about case material (the
    // session check is prepared too), and the same text each time.
    expect(first.prepared.filter((s) => CASE_MATERIAL.test(s))).toEqual([first.material[1]]);
    expect(second.prepared).toEqual(first.prepared);
  });

  it('should send it unnamed where prepared statements are off (embedded database, old poolers)', async () => {
    const plain = await startTestApi({ DATABASE_PREPARED_STATEMENTS: 'false' });
    try {
      const fixture = await richCase(1);
      const lead = (await signedInUser(plain.dataSource, plain.http, 'coordinator')).session;
      const {
        result,
        sql: sent,
        prepared,
      } = await sql.statementsDuring(() =>
        plain.http.get(`/api/v1/cases/${fixture.caseRow.id}`).set(lead.auth),
      );
      expect(result.status).toBe(200);
      expect(sent.filter((s) => CASE_MATERIAL.test(s))).toHaveLength(3);
      expect(prepared).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('should answer 404 to a missing case and write no read event', async () => {
    const caseId = randomUUID();
    const { res, transactionControl } = await readCase(caseId);
    expect(res.status).toBe(404);
    expect(transactionControl).toEqual([]);
    expect(await readEvents(caseId)).toBe(0);
  });
});
