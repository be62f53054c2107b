import {
  ChainVerifier,
  digestOfDetails,
  verifyArchiveFile,
  verifyAuditTrail,
  type SealedChainEvent,
} from '@app/audit';
import type { Environment } from '@app/common';
import type { RetentionKind } from '@app/domain';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { AuditCheckpointer } from '../../apps/worker/src/audit/audit-checkpointer';
import { AuditSealer } from '../../apps/worker/src/audit/audit-sealer';
import { RetentionPurge, type PurgeResult } from '../../apps/worker/src/retention/retention-purge';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import {
  createCase,
  createFiler,
  createRoutedCase,
  insertReferral,
  type RoutedCaseFixture,
} from '../support/case-fixtures';
import { testEnvironment } from '../support/environment';
import { signedInUser } from '../support/factories';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

const ROOT = join(__dirname, '../..');

/** Run a built operator command. */
function run(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, script), ...args], {
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
 * Retention: what is past its period goes, in batches, audited; what is held,
 * open or recent stays; old audit months leave as signed files that verify.
 * A database of this spec's own, so its old audit events open the chain.
 */
describe('Retention purge (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let env: Environment;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let purge: RetentionPurge;
  let api: TestApi;
  let archiveDir: string;

  const daysAgo = (days: number) => `now() - interval '${days} days'`;

  async function insertOldAuditEvents(url: string): Promise<void> {
    const c = new Client({ connectionString: url });
    await c.connect();
    const events: [string, string][] = [
      ['2018-03-05T10:00:00.123456Z', 'auth.login'],
      ['2018-03-20T11:00:00Z', 'referral.read'],
      ['2018-03-31T23:59:59.999999Z', 'case.read'],
      ['2018-04-01T00:00:00Z', 'case.read'],
      ['2018-04-15T12:00:00Z', 'auth.logout'],
      [new Date().toISOString(), 'auth.login'],
    ];
    for (const [at, action] of events) {
      const details = { note: `event of ${at}` };
      await c.query(
        `INSERT INTO audit_events (occurred_at, action, outcome, details, details_digest)
         VALUES ($1, $2, 'success', $3, $4)`,
        [at, action, details, digestOfDetails(details)],
      );
    }
    await c.end();
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    await insertOldAuditEvents(scratch.url);
    archiveDir = await mkdtemp(join(tmpdir(), 'crh-archives-'));
    const overrides = {
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-retention`,
      ARCHIVE_DIR: archiveDir,
      RETENTION_PURGE_BATCH: '2',
      RETENTION_PURGE_ENABLED: 'false',
    };
    env = testEnvironment(overrides);
    worker = await createWorkerApp(env, { shutdownHooks: false });
    api = await startTestApi(overrides);
    ds = worker.get<DataSource>(getDataSourceToken());
    purge = worker.get(RetentionPurge);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await scratch?.drop();
    await rm(archiveDir, { recursive: true, force: true });
  });

  /** A routed case with the rows a worked case gathers, then closed (or not) `closedDaysAgo`. */
  async function workedCase(options: {
    status?: 'closed' | 'rejected' | 'in_review';
    closedDaysAgo: number;
    activeHold?: boolean;
  }): Promise<RoutedCaseFixture> {
    const fx = await createRoutedCase(ds, { dispatchStatus: 'accepted' });
    const [referral] = fx.referrals;
    await ds.query(
      `INSERT INTO referral_attachments (id, referral_id, organization_id, created_by, filename,
         media_type, size_bytes, sha256, content)
       VALUES ($1, $2, $3, $4, 'statement.csv', 'text/csv', 5, repeat('a', 64), 'a,b\n')`,
      [randomUUID(), referral.id, fx.filer.org.id, fx.filer.user.id],
    );
    await ds.query(
      `INSERT INTO referral_match_keys (referral_id, case_id, kind, value) VALUES ($1, $2, 'domain', $3)`,
      [referral.id, fx.caseRow.id, `k-${randomUUID()}`],
    );
    await ds.query(
      `INSERT INTO holds (id, dispatch_id, case_id, agency_id, created_by, scope, reason,
         document_ref, expires_at, status)
       VALUES ($1, $2, $3, $4, $5, 'do_not_terminate', 'Keep the account open.', 'REF-1',
         now() + interval '30 days', $6)`,
      [
        randomUUID(),
        fx.dispatch.id,
        fx.caseRow.id,
        fx.agency.agency.id,
        fx.liaison.id,
        options.activeHold ? 'active' : 'released',
      ],
    );
    await ds.query(
      `INSERT INTO dispatch_delivery_attempts (dispatch_id, attempt, channel, outcome, duration_ms)
       VALUES ($1, 1, 'portal', 'delivered', 12)`,
      [fx.dispatch.id],
    );
    await ds.query(
      `INSERT INTO case_notes (id, case_id, author_id, body) VALUES ($1, $2, $3, 'Checked.')`,
      [randomUUID(), fx.caseRow.id, fx.liaison.id],
    );
    await ds.query(
      `UPDATE cases SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN ${daysAgo(options.closedDaysAgo)} END,
              updated_at = ${daysAgo(options.closedDaysAgo)} WHERE id = $1`,
      [fx.caseRow.id, options.status ?? 'closed'],
    );
    return fx;
  }

  async function exists(table: string, id: string): Promise<boolean> {
    const rows: unknown[] = await ds.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    return rows.length === 1;
  }

  /** Row counts of every table the purge may touch. */
  async function snapshot(): Promise<Record<string, number>> {
    const tables = [
      'cases',
      'referrals',
      'referral_attachments',
      'referral_match_keys',
      'dispatches',
      'dispatch_delivery_attempts',
      'holds',
      'case_notes',
      'sla_clocks',
      'notifications',
      'mail_deliveries',
      'idempotency_records',
      'audit_archives',
    ];
    const out: Record<string, number> = {};
    for (const t of tables) {
      const [row] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${t}`);
      out[t] = row.n;
    }
    const [sealed] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_events WHERE occurred_at < '2019-01-01'`,
    );
    out.oldAuditEvents = sealed.n;
    return out;
  }

  const sumRemoved = (results: PurgeResult[], kind: RetentionKind) =>
    results.reduce((n, r) => n + r.removed[kind], 0);

  describe('a purge over old, held, open and recent records', () => {
    let oldCases: RoutedCaseFixture[];
    let merged: { id: string };
    let held: RoutedCaseFixture;
    let open: RoutedCaseFixture;
    let recent: RoutedCaseFixture;
    let oldDraft: { id: string };
    let newDraft: { id: string };
    let withdrawn: { id: string };
    let before: Record<string, number>;
    let report: Awaited<ReturnType<RetentionPurge['report']>>;
    let results: PurgeResult[];

    beforeAll(async () => {
      oldCases = [
        await workedCase({ closedDaysAgo: 2000 }),
        await workedCase({ closedDaysAgo: 1900, status: 'rejected' }),
        await workedCase({ closedDaysAgo: 3000 }),
      ];
      const filer = await createFiler(ds);
      const m = await createCase(ds, [], { status: 'merged' });
      await ds.query(`UPDATE cases SET merged_into_id = $2 WHERE id = $1`, [
        m.caseRow.id,
        oldCases[0].caseRow.id,
      ]);
      merged = { id: m.caseRow.id };
      held = await workedCase({ closedDaysAgo: 2000, activeHold: true });
      open = await workedCase({ closedDaysAgo: 2000, status: 'in_review' });
      recent = await workedCase({ closedDaysAgo: 10 });
      // An old delivery attempt of a recently closed case: past its own period.
      await ds.query(
        `INSERT INTO dispatch_delivery_attempts (dispatch_id, attempt, channel, outcome, duration_ms, created_at)
         VALUES ($1, 2, 'portal', 'delivered', 12, ${daysAgo(400)})`,
        [recent.dispatch.id],
      );
      // …and one of the open case, which stays.
      await ds.query(
        `INSERT INTO dispatch_delivery_attempts (dispatch_id, attempt, channel, outcome, duration_ms, created_at)
         VALUES ($1, 2, 'portal', 'delivered', 12, ${daysAgo(400)})`,
        [open.dispatch.id],
      );
      oldDraft = await insertReferral(ds, filer, { status: 'draft' });
      await ds.query(`UPDATE referrals SET updated_at = ${daysAgo(400)} WHERE id = $1`, [
        oldDraft.id,
      ]);
      newDraft = await insertReferral(ds, filer, { status: 'draft' });
      withdrawn = await insertReferral(ds, filer, { status: 'withdrawn' });
      await ds.query(
        `UPDATE referrals SET withdrawn_at = ${daysAgo(2000)}, updated_at = ${daysAgo(2000)} WHERE id = $1`,
        [withdrawn.id],
      );
      for (const [age, sent] of [
        [400, true],
        [400, false],
        [10, true],
      ] as const) {
        await ds.query(
          `INSERT INTO notifications (id, event_id, user_id, kind, reference, path, mode, created_at)
           VALUES ($1, $2, $3, 'case_assigned', 'CASE-1', '/cases/x', 'immediate', ${daysAgo(age)})`,
          [randomUUID(), randomUUID(), filer.user.id],
        );
        await ds.query(
          `INSERT INTO mail_deliveries (id, dedupe_key, user_id, to_address, subject, text_body,
             html_body, created_at, sent_at)
           VALUES ($1, $2, $3, 'a@b.example', 's', 't', 'h', ${daysAgo(age)}, ${sent ? 'now()' : 'NULL'})`,
          [randomUUID(), `k-${randomUUID()}`, filer.user.id],
        );
      }
      await ds.query(
        `INSERT INTO idempotency_records (user_id, scope, key, request_hash, response_status,
           response_body, created_at)
         VALUES ($1, 'referrals.create', 'k1', 'h', 201, '{}', ${daysAgo(40)}),
                ($1, 'referrals.create', 'k2', 'h', 201, '{}', now())`,
        [filer.user.id],
      );
      // Chain the old audit events and sign the head, as the worker does on its own.
      await worker.get(AuditSealer).sealPending();
      await worker.get(AuditCheckpointer).checkpoint(true);

      before = await snapshot();
      report = await purge.report();
    }, 60_000);

    it('should report per kind what would go, with the oldest dates, and change nothing', async () => {
      const byKind = Object.fromEntries(report.kinds.map((k) => [k.kind, k]));
      expect(byKind.closed_cases).toMatchObject({ count: 3, days: 1826 });
      expect(byKind.closed_cases.oldest!.getTime()).toBeLessThan(Date.now() - 2999 * 86_400_000);
      expect(byKind.drafts.count).toBe(1);
      expect(byKind.withdrawn_referrals.count).toBe(1);
      expect(byKind.webhook_deliveries.count).toBe(1);
      expect(byKind.notifications.count).toBe(2);
      expect(byKind.mail_deliveries.count).toBe(1);
      expect(byKind.idempotency_records.count).toBe(1);
      expect(byKind.audit_events).toMatchObject({ count: 5 });
      expect(byKind.audit_events.oldest!.toISOString()).toBe('2018-03-05T10:00:00.123Z');
      expect(report.auditSegments.map((s) => [s.month, s.firstSeq, s.lastSeq, s.count])).toEqual([
        ['2018-03', 1, 3, 3],
        ['2018-04', 4, 5, 2],
      ]);
      expect(await snapshot()).toEqual(before);
    });

    it('should give the platform administrator the same dry run through the API, audited', async () => {
      const admin = await signedInUser(ds, api.http, 'platform_admin');
      const res = await api.http
        .get('/api/v1/retention/report')
        .set(admin.session.auth)
        .expect(200);
      const body = res.body as {
        kinds: { kind: string; setting: string; count: number }[];
        auditSegments: { month: string }[];
        archives: unknown[];
      };
      expect(body.kinds.map((k) => [k.kind, k.count])).toEqual(
        report.kinds.map((k) => [k.kind, k.count]),
      );
      expect(body.kinds.find((k) => k.kind === 'closed_cases')?.setting).toBe(
        'RETENTION_CASE_DAYS',
      );
      expect(body.auditSegments.map((s) => s.month)).toEqual(['2018-03', '2018-04']);
      expect(body.archives).toEqual([]);
      const coordinator = await signedInUser(ds, api.http, 'coordinator');
      await api.http.get('/api/v1/retention/report').set(coordinator.session.auth).expect(403);
      const audited = await ds.query<{ actor_user_id: string }[]>(
        `SELECT actor_user_id FROM audit_events WHERE action = 'retention.report'`,
      );
      expect(audited.map((a) => a.actor_user_id)).toEqual([admin.user.id]);
      expect(await snapshot()).toEqual(before);
    });

    it('should purge exactly what the dry run counted, with two purges side by side', async () => {
      results = await Promise.all([purge.purge('cli'), purge.purge('cli')]);
      for (const k of report.kinds)
        expect([k.kind, sumRemoved(results, k.kind)]).toEqual([k.kind, k.count]);
      const again = await purge.purge('cli');
      expect(Object.values(again.removed).every((n) => n === 0)).toBe(true);
    });

    it('should remove an old closed case with everything that hangs off it', async () => {
      for (const fx of oldCases) {
        expect(await exists('cases', fx.caseRow.id)).toBe(false);
        expect(await exists('referrals', fx.referrals[0].id)).toBe(false);
        expect(await exists('dispatches', fx.dispatch.id)).toBe(false);
      }
      expect(await exists('cases', merged.id)).toBe(false);
      const ids = oldCases.map((fx) => fx.caseRow.id);
      for (const table of ['holds', 'case_notes', 'referral_match_keys', 'sla_clocks']) {
        const rows: unknown[] = await ds.query(
          `SELECT 1 FROM ${table} WHERE case_id = ANY($1::uuid[])`,
          [ids],
        );
        expect([table, rows.length]).toEqual([table, 0]);
      }
      const docs: unknown[] = await ds.query(
        `SELECT 1 FROM referral_attachments WHERE referral_id = ANY($1::uuid[])`,
        [oldCases.map((fx) => fx.referrals[0].id)],
      );
      expect(docs).toHaveLength(0);
      expect(await exists('referrals', oldDraft.id)).toBe(false);
      expect(await exists('referrals', withdrawn.id)).toBe(false);
    });

    it('should leave a case under an active hold, an open case and a recent one untouched', async () => {
      for (const fx of [held, open, recent]) {
        expect(await exists('cases', fx.caseRow.id)).toBe(true);
        expect(await exists('referrals', fx.referrals[0].id)).toBe(true);
        expect(await exists('dispatches', fx.dispatch.id)).toBe(true);
        const docs: unknown[] = await ds.query(
          `SELECT 1 FROM referral_attachments WHERE referral_id = $1`,
          [fx.referrals[0].id],
        );
        expect(docs).toHaveLength(1);
      }
      const attempts = await ds.query<{ dispatch_id: string }[]>(
        `SELECT dispatch_id FROM dispatch_delivery_attempts WHERE dispatch_id = ANY($1::uuid[])`,
        [[open.dispatch.id, recent.dispatch.id]],
      );
      // The open case keeps both attempts; the recent case keeps its new one only.
      expect(attempts.filter((a) => a.dispatch_id === open.dispatch.id)).toHaveLength(2);
      expect(attempts.filter((a) => a.dispatch_id === recent.dispatch.id)).toHaveLength(1);
      expect(await exists('referrals', newDraft.id)).toBe(true);
    });

    it('should audit every run with counts per kind and nothing personal', async () => {
      const events = await ds.query<{ details: Record<string, unknown>; outcome: string }[]>(
        `SELECT details, outcome FROM audit_events WHERE action = 'retention.purge' ORDER BY id`,
      );
      expect(events).toHaveLength(3);
      expect(events.every((e) => e.outcome === 'success')).toBe(true);
      const removed = (kind: RetentionKind) =>
        events.reduce((n, e) => n + (e.details.removed as Record<string, number>)[kind], 0);
      for (const k of report.kinds) expect([k.kind, removed(k.kind)]).toEqual([k.kind, k.count]);
      const text = JSON.stringify(events);
      for (const fx of oldCases) {
        expect(text).not.toContain(fx.referrals[0].reference);
        expect(text).not.toContain(fx.caseRow.reference);
        expect(text).not.toContain(fx.filer.user.email);
        expect(text).not.toContain(fx.filer.org.legalName);
      }
      expect(Object.keys(events[0].details).sort()).toEqual([
        'archives',
        'auditArchiving',
        'removed',
        'removedWith',
        'retentionDays',
        'trigger',
      ]);
    });

    it('should archive each expired month to a signed file before removing its events', async () => {
      const archives = await ds.query<
        { month: string; first_seq: string; last_seq: string; file_name: string; purged_at: Date }[]
      >(
        `SELECT month, first_seq, last_seq, file_name, purged_at FROM audit_archives ORDER BY first_seq`,
      );
      expect(archives.map((a) => [a.month, Number(a.first_seq), Number(a.last_seq)])).toEqual([
        ['2018-03', 1, 3],
        ['2018-04', 4, 5],
      ]);
      expect(archives.every((a) => a.purged_at !== null)).toBe(true);
      expect((await readdir(archiveDir)).sort()).toEqual(archives.map((a) => a.file_name).sort());
      const [old] = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_events WHERE chain_seq <= 5`,
      );
      expect(old.n).toBe(0);
      for (const a of archives) {
        const check = await verifyArchiveFile(join(archiveDir, a.file_name));
        expect(check).toMatchObject({
          valid: true,
          checked: Number(a.last_seq) - Number(a.first_seq) + 1,
        });
      }
    });

    it('should keep the live chain linked to the last archive', async () => {
      // Verification of the whole trail starts after the archived months once it
      // takes an anchor; here the rest of the chain is recomputed from that anchor.
      const [last] = await ds.query<{ last_seq: string; last_hash: string }[]>(
        `SELECT last_seq, last_hash FROM audit_archives ORDER BY last_seq DESC LIMIT 1`,
      );
      await worker.get(AuditSealer).sealPending();
      const rows = await ds.query<Record<string, unknown>[]>(
        `SELECT e.chain_seq::int AS seq, e.prev_hash AS "prevHash", e.hash, e.details,
                to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
                e.actor_user_id::text AS "actorUserId", e.actor_organization_id::text AS "actorOrganizationId",
                e.actor_role AS "actorRole", e.action, e.target_type AS "targetType",
                e.target_id AS "targetId", e.outcome, e.request_id AS "requestId", e.ip,
                e.details_digest AS "detailsDigest", e.chain_format AS "chainFormat"
           FROM audit_events e WHERE e.chain_seq IS NOT NULL ORDER BY e.chain_seq`,
      );
      const verifier = new ChainVerifier({ seq: Number(last.last_seq), hash: last.last_hash });
      for (const row of rows) verifier.feed(row as unknown as SealedChainEvent);
      expect(verifier.report()).toMatchObject({ valid: true, checked: rows.length });
      expect(rows.length).toBeGreaterThan(0);
    });

    it('should verify the trail from the last archive, full and incremental, with no anchor given', async () => {
      const [last] = await ds.query<{ last_seq: string; last_hash: string }[]>(
        `SELECT last_seq, last_hash FROM audit_archives WHERE purged_at IS NOT NULL
          ORDER BY last_seq DESC LIMIT 1`,
      );
      await worker.get(AuditSealer).sealPending();
      const sql = (text: string, params?: unknown[]) => ds.query(text, params ?? []);
      for (const mode of ['full', 'incremental'] as const) {
        const report = await verifyAuditTrail(sql, { mode });
        expect(report).toMatchObject({
          valid: true,
          start: { kind: 'anchor', seq: Number(last.last_seq), hash: last.last_hash },
        });
        expect(report.checked).toBeGreaterThan(0);
      }
    });

    it('should refuse to delete an audit event no archive covers', async () => {
      await expect(ds.query(`DELETE FROM audit_events WHERE chain_seq = 6`)).rejects.toThrow(
        /append-only/,
      );
    });

    it('should find a tampered archive: an edited event, a forged manifest', async () => {
      const [a] = await ds.query<{ file_name: string }[]>(
        `SELECT file_name FROM audit_archives ORDER BY first_seq LIMIT 1`,
      );
      const text = await readFile(join(archiveDir, a.file_name), 'utf8');
      const edited = join(archiveDir, 'edited.jsonl');
      await writeFile(edited, text.replace('"action":"referral.read"', '"action":"referral.list"'));
      expect(await verifyArchiveFile(edited)).toMatchObject({
        valid: false,
        reason: 'the event lines do not match the SHA-256 in the manifest',
      });
      const forged = join(archiveDir, 'forged.jsonl');
      await writeFile(forged, text.replace('"eventCount":3', '"eventCount":2'));
      expect(await verifyArchiveFile(forged)).toMatchObject({
        valid: false,
        reason: 'the signature over the manifest does not hold',
      });
      await rm(edited);
      await rm(forged);
    });

    it('should verify an archive from the command line and refuse a tampered one', async () => {
      const [a] = await ds.query<{ file_name: string }[]>(
        `SELECT file_name FROM audit_archives ORDER BY first_seq LIMIT 1`,
      );
      const file = join(archiveDir, a.file_name);
      const good = await run('dist/apps/cli/src/audit-archive-verify.js', [file], {});
      expect(good.stderr).toBe('');
      expect(good.code).toBe(0);
      expect(JSON.parse(good.stdout)).toMatchObject({
        valid: true,
        checked: 3,
        manifest: { month: '2018-03', firstSeq: 1, lastSeq: 3, eventCount: 3 },
      });
      const tampered = join(archiveDir, 'tampered.jsonl');
      const text = await readFile(file, 'utf8');
      await writeFile(tampered, text.split('\n').slice(0, -2).join('\n') + '\n');
      const bad = await run('dist/apps/cli/src/audit-archive-verify.js', [tampered], {});
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false });
      await rm(tampered);
    });

    it('should report from the command line what a purge would remove, changing nothing', async () => {
      const before = await snapshot();
      const env = { DATABASE_URL: scratch.url };
      for (const args of [['report'], ['purge', '--dry-run']]) {
        const out = await run('dist/apps/cli/src/retention.js', args, env);
        expect(out.stderr).toBe('');
        expect(out.code).toBe(0);
        const body = JSON.parse(out.stdout) as { dryRun: boolean; kinds: { count: number }[] };
        expect(body.dryRun).toBe(true);
        expect(body.kinds.every((k) => k.count === 0)).toBe(true);
      }
      expect(await snapshot()).toEqual(before);
      const refused = await run('dist/apps/cli/src/retention.js', ['purge'], {
        ...env,
        RETENTION_CASE_DAYS: '0',
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('RETENTION_CASE_DAYS');
    });
  });
});
