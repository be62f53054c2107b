import {
  GENESIS_HASH,
  chainHash,
  digestOfDetails,
  loadSigningKey,
  signCheckpoint,
  verifyAuditTrail,
} from '@app/audit';
import {
  AuditChainRepository,
  HousekeepingRepository,
  IntakeRepository,
  MIGRATIONS,
  dataSourceOptions,
  txOverSqlClient,
} from '@app/persistence';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { createFiler } from '../support/case-fixtures';
import { TEST_AUDIT_SIGNING_KEY } from '../support/environment';
import { createScratchDatabase } from '../support/scratch-database';
import { keyedCase } from '../support/search-fixtures';

const migration = (prefix: string) => {
  const found = MIGRATIONS.find((m) => m.name.startsWith(prefix));
  if (!found) throw new Error(`The ${prefix} migration is not registered`);
  return new found();
};

/** `<table>_yYYYYmMM` of the month `offset` months from now (UTC). */
function monthName(table: string, offset: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return `${table}_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * The migration that partitions the audit trail and the match keys by month,
 * run on a database that already holds a chained, checkpointed trail and
 * match keys (made with the tables as they were): every row and the chain
 * survive, the partitions are there three months ahead, an event far in the
 * future lands in the default partition and still verifies, and the worker's
 * role (which owns nothing) can create partitions through the function.
 */
describe('Audit and match key partitions migration (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let su: Client;
  let ds: DataSource;
  const sql = async (text: string, params?: unknown[]) =>
    (await su.query<Record<string, unknown>>(text, params)).rows;
  const q = { query: sql } as unknown as QueryRunner;
  const tx = () => txOverSqlClient(sql);
  const chain = new AuditChainRepository();
  const key = loadSigningKey(TEST_AUDIT_SIGNING_KEY);
  const role = `crh_partitions_app_${randomBytes(4).toString('hex')}`;

  const addEvent = (occurredAt: string, n: number) =>
    sql(
      `INSERT INTO audit_events (occurred_at, action, outcome, details, details_digest)
       VALUES ($1, 'test.partition', 'success', $2::jsonb, $3)`,
      [occurredAt, JSON.stringify({ n }), digestOfDetails({ n })],
    );
  /** Chain whatever is unsealed, as the sealer does. */
  const seal = async () => {
    const head = await chain.head(tx());
    let prev = head?.hash ?? GENESIS_HASH;
    let seq = Number(head?.seq ?? 0);
    const links = {
      ids: [] as string[],
      seqs: [] as number[],
      prevs: [] as string[],
      hashes: [] as string[],
    };
    for (const row of await chain.unsealed(tx(), 1000)) {
      seq += 1;
      const hash = chainHash(prev, seq, row);
      links.ids.push(row.id);
      links.seqs.push(seq);
      links.prevs.push(prev);
      links.hashes.push(hash);
      prev = hash;
    }
    await chain.seal(tx(), links);
  };
  const signHead = async () => {
    const head = await chain.head(tx());
    if (!head) throw new Error('nothing chained');
    const signedAt = new Date().toISOString();
    await sql(
      `INSERT INTO audit_checkpoints (chain_seq, hash, signed_at, algorithm, signature,
                                      public_key_pem, public_key_fingerprint)
       VALUES ($1, $2, $3, 'Ed25519', $4, $5, $6)`,
      [
        head.seq,
        head.hash,
        signedAt,
        signCheckpoint({ seq: Number(head.seq), hash: head.hash, signedAt }, key),
        key.publicKeyPem,
        key.fingerprint,
      ],
    );
  };
  const partitionsOf = async (table: string) =>
    (
      await sql(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = $1::regclass ORDER BY 1`,
        [table],
      )
    ).map((r) => r.name as string);
  const kind = async (table: string) =>
    (await sql(`SELECT relkind::text AS k FROM pg_class WHERE oid = $1::regclass`, [table]))[0].k;
  const matchKeys = () =>
    sql(
      `SELECT referral_id::text, case_id::text, kind, value FROM referral_match_keys
        ORDER BY referral_id, kind, value`,
    );

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    su = new Client({ connectionString: scratch.url });
    await su.connect();
    // The tables as they were before the partitions.
    await migration('AuditVerifications').down(q);
    await migration('TimePartitions').down(q);
    ds = new DataSource(dataSourceOptions({ url: scratch.url, poolSize: 2 }));
    await ds.initialize();
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    await su?.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await su?.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    await su?.end();
    await scratch?.drop();
  });

  it('should move every event and match key into month partitions, keeping the chain and its checkpoints', async () => {
    // A trail over several months, chained and signed, and the match keys of two referrals.
    await addEvent('2025-03-14T10:00:00.123456Z', 1);
    await addEvent('2025-03-31T23:59:59.999999Z', 2);
    await addEvent('2025-11-01T00:00:00Z', 3);
    await seal();
    await signHead();
    await addEvent(new Date().toISOString(), 4);
    await seal();
    const filer = await createFiler(ds);
    const old = await keyedCase(ds, [filer], { legalName: 'Old Shop Ltd', domain: 'old.example' });
    const recent = await keyedCase(ds, [filer], { legalName: 'New Shop', domain: 'new.example' });
    await sql(`UPDATE referrals SET created_at = '2025-05-10T12:00:00Z' WHERE id = $1`, [
      old.referrals[0].id,
    ]);
    await su.query(`CREATE ROLE ${role} LOGIN`);
    await su.query(`GRANT SELECT, INSERT, UPDATE ON audit_events, referral_match_keys TO ${role}`);

    const before = await verifyAuditTrail(sql, { mode: 'full' });
    expect(before).toMatchObject({ valid: true, checked: 4, checkpoints: { valid: true } });
    const eventsBefore = await sql(`SELECT * FROM audit_events ORDER BY id`);
    const keysBefore = await matchKeys();
    expect(keysBefore.length).toBeGreaterThan(2);

    await migration('TimePartitions').up(q);
    await migration('AuditVerifications').up(q);

    expect(await kind('audit_events')).toBe('p');
    expect(await kind('referral_match_keys')).toBe('p');
    // Every month from the oldest row's to three months ahead, and the default.
    const auditParts = await partitionsOf('audit_events');
    for (const name of [
      'audit_events_y2025m03',
      'audit_events_y2025m04',
      'audit_events_y2025m11',
      monthName('audit_events', 0),
      monthName('audit_events', 3),
      'audit_events_default',
    ]) {
      expect(auditParts).toContain(name);
    }
    expect(auditParts).not.toContain(monthName('audit_events', 4));
    const keyParts = await partitionsOf('referral_match_keys');
    expect(keyParts).toContain('referral_match_keys_y2025m05');
    expect(keyParts).toContain(monthName('referral_match_keys', 3));
    expect(keyParts).toContain('referral_match_keys_default');

    // The same rows, each in its month (UTC: the last microsecond of March stays in March).
    expect(await sql(`SELECT * FROM audit_events ORDER BY id`)).toEqual(eventsBefore);
    const placed = await sql(
      `SELECT tableoid::regclass::text AS part FROM audit_events ORDER BY chain_seq`,
    );
    expect(placed.map((r) => r.part)).toEqual([
      'audit_events_y2025m03',
      'audit_events_y2025m03',
      'audit_events_y2025m11',
      monthName('audit_events', 0),
    ]);
    expect(await matchKeys()).toEqual(keysBefore);
    const oldKeys = await sql(
      `SELECT DISTINCT tableoid::regclass::text AS part, referral_created_at FROM referral_match_keys
        WHERE referral_id = $1`,
      [old.referrals[0].id],
    );
    expect(oldKeys).toEqual([
      {
        part: 'referral_match_keys_y2025m05',
        referral_created_at: new Date('2025-05-10T12:00:00Z'),
      },
    ]);

    const after = await verifyAuditTrail(sql, { mode: 'full' });
    expect(after).toMatchObject({
      valid: true,
      checked: 4,
      headHash: before.headHash,
      checkpoints: { checked: 1, valid: true },
    });

    // The privileges granted on the old tables hold on the new ones.
    const privileges = await sql(
      `SELECT has_table_privilege($1, 'audit_events', 'INSERT') AS ins,
              has_table_privilege($1, 'audit_events', 'DELETE') AS del,
              has_table_privilege($1, 'referral_match_keys', 'UPDATE') AS upd`,
      [role],
    );
    expect(privileges[0]).toEqual({ ins: true, del: false, upd: true });

    // A repeated intake adds no key twice: every key of a referral lies in one partition.
    const intake = new IntakeRepository();
    const keys = keysBefore
      .filter((k) => k.referral_id === recent.referrals[0].id)
      .map((k) => ({ kind: k.kind as never, value: k.value as string }));
    await intake.recordMatchKeys(tx(), recent.referrals[0].id, recent.caseRow.id, keys);
    await intake.recordMatchKeys(tx(), recent.referrals[0].id, recent.caseRow.id, keys);
    expect(await matchKeys()).toEqual(keysBefore);
  });

  it('should put an event of a month with no partition in the default one, where it still chains and verifies', async () => {
    await addEvent('2040-06-15T08:00:00Z', 5);
    await addEvent(new Date().toISOString(), 6);
    await seal();
    const far = await sql(
      `SELECT tableoid::regclass::text AS part, chain_seq::int AS seq FROM audit_events
        WHERE occurred_at >= '2040-01-01'`,
    );
    expect(far).toEqual([{ part: 'audit_events_default', seq: 5 }]);
    expect(await verifyAuditTrail(sql, { mode: 'full', remember: true })).toMatchObject({
      valid: true,
      checked: 6,
    });
    await signHead();
    const incremental = await verifyAuditTrail(sql, { mode: 'incremental', remember: true });
    expect(incremental).toMatchObject({
      valid: true,
      checked: 3,
      start: { kind: 'checkpoint', seq: 3 },
      checkpoints: { valid: true },
    });
    expect(await verifyAuditTrail(sql, { mode: 'incremental' })).toMatchObject({
      valid: true,
      checked: 0,
      start: { kind: 'checkpoint', seq: 6 },
    });

    // That month's partition is not made over the row in the default one: it is reported.
    const made = await sql(
      `SELECT create_month_partitions('audit_events', '2040-05-01', 3) AS name`,
    );
    expect(made.map((r) => r.name)).toEqual([
      'audit_events_y2040m05',
      '!audit_events_y2040m06',
      'audit_events_y2040m07',
    ]);
  });

  it('should let the worker keep the months ahead through the function, which serves the two tables only', async () => {
    const housekeeping = new HousekeepingRepository();
    expect(await housekeeping.createMonthPartitions(tx(), 'audit_events')).toEqual({
      created: [],
      blocked: [],
    });
    // The furthest month gone (as if the job had not run since): the next pass makes it again.
    await sql(`DROP TABLE ${monthName('audit_events', 3)}`);
    expect(await housekeeping.createMonthPartitions(tx(), 'audit_events')).toEqual({
      created: [monthName('audit_events', 3)],
      blocked: [],
    });
    await expect(su.query(`TRUNCATE ${monthName('audit_events', 3)}`)).rejects.toThrow(
      /append-only/,
    );
    // The application role owns nothing, yet the function creates a month as the owner.
    const url = new URL(scratch.url);
    url.username = role;
    url.password = '';
    const app = new Client({ connectionString: url.toString() });
    await app.connect();
    try {
      await expect(
        app.query(
          `CREATE TABLE audit_events_y2041m01 PARTITION OF audit_events
             FOR VALUES FROM ('2041-01-01') TO ('2041-02-01')`,
        ),
      ).rejects.toThrow(/must be owner|permission denied/);
      const { rows } = await app.query<{ name: string }>(
        `SELECT create_month_partitions('referral_match_keys', '2041-01-01', 1) AS name`,
      );
      expect(rows).toEqual([{ name: 'referral_match_keys_y2041m01' }]);
      await expect(
        app.query(`SELECT create_month_partitions('users', '2041-01-01', 1)`),
      ).rejects.toThrow(/serves audit_events and referral_match_keys only/);
    } finally {
      await app.end();
    }
  });

  it('should keep every audit partition append-only, the default one included', async () => {
    // Made by the migration, the default one, and one made later by the function.
    for (const part of ['audit_events_y2025m03', 'audit_events_default', 'audit_events_y2040m07']) {
      await expect(su.query(`TRUNCATE ${part}`)).rejects.toThrow(/append-only/);
    }
    for (const part of ['audit_events_y2025m03', 'audit_events_default']) {
      await expect(su.query(`DELETE FROM ${part}`)).rejects.toThrow(/append-only/);
    }
    await expect(su.query(`UPDATE audit_events_y2025m03 SET action = 'changed'`)).rejects.toThrow(
      /append-only/,
    );
    expect(await verifyAuditTrail(sql, { mode: 'full' })).toMatchObject({ valid: true });
  });

  it('should give the plain tables back on down, with the chain intact', async () => {
    await migration('AuditVerifications').down(q);
    await migration('TimePartitions').down(q);
    expect(await kind('audit_events')).toBe('r');
    expect(await kind('referral_match_keys')).toBe('r');
    expect(await verifyAuditTrail(sql, { mode: 'full' })).toMatchObject({
      valid: true,
      checked: 6,
    });
    await migration('TimePartitions').up(q);
    await migration('AuditVerifications').up(q);
    expect(await kind('audit_events')).toBe('p');
    expect(await verifyAuditTrail(sql, { mode: 'full' })).toMatchObject({
      valid: true,
      checked: 6,
    });
  });
});
