import { AuditEventEntity } from '@app/persistence';
import { Client } from 'pg';
import { login, signedInUser, type Session } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';

/**
 * READ_DATABASE_URL: lists and search read from the replica, everything else
 * from the primary. The "replica" here is a copy of the primary taken once
 * (a replica that stopped replaying), reached through a connection whose
 * every transaction is READ ONLY: a record filed afterwards exists only on
 * the primary, so where each read went shows in what it finds, and a write
 * sent to the replica fails the request.
 */
describe('Read replica (e2e)', () => {
  let primary: { url: string; drop(): Promise<void> };
  let replicaName: string;
  let api: TestApi;
  let filer: Session;
  let coordinator: Session;
  let before: { id: string; reference: string };

  const admin = async <T>(work: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    primary = await createScratchDatabase();
    // What the replica will hold: a member who filed one referral.
    const seeding = await startTestApi({ DATABASE_URL: primary.url });
    let filerEmail: string;
    let coordinatorEmail: string;
    try {
      const member = await signedInUser(seeding.dataSource, seeding.http, 'member_reporter');
      const staff = await signedInUser(seeding.dataSource, seeding.http, 'coordinator');
      filerEmail = member.user.email;
      coordinatorEmail = staff.user.email;
      const filed = await seeding.http
        .post(`${V1}/referrals`)
        .set(member.session.auth)
        .send(referralBody())
        .expect(201);
      before = { id: filed.body.id as string, reference: filed.body.reference as string };
    } finally {
      await seeding.close();
    }
    const primaryName = new URL(primary.url).pathname.slice(1);
    replicaName = `${primaryName}_replica`;
    await admin((c) => c.query(`CREATE DATABASE ${replicaName} TEMPLATE ${primaryName}`));
    const replicaUrl = new URL(primary.url);
    replicaUrl.pathname = `/${replicaName}`;
    replicaUrl.searchParams.set('options', '-c default_transaction_read_only=on');

    api = await startTestApi({
      DATABASE_URL: primary.url,
      READ_DATABASE_URL: replicaUrl.toString(),
    });
    filer = await login(api.http, filerEmail);
    coordinator = await login(api.http, coordinatorEmail);
  });

  afterAll(async () => {
    await api?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${replicaName} WITH (FORCE)`));
    await primary?.drop();
  });

  const fileReferral = async () => {
    const res = await api.http
      .post(`${V1}/referrals`)
      .set(filer.auth)
      .send(referralBody())
      .expect(201);
    return { id: res.body.id as string, reference: res.body.reference as string };
  };

  it('should reach a replica that refuses writes (the premise of what follows)', async () => {
    const runner = api.dataSource.createQueryRunner('slave');
    try {
      const [row] = await runner.query(
        `SELECT current_database() AS db, current_setting('default_transaction_read_only') AS ro`,
      );
      expect(row).toEqual({ db: replicaName, ro: 'on' });
    } finally {
      await runner.release();
    }
  });

  it('should write to the primary: a referral is filed (a write on the replica would fail)', async () => {
    const filed = await fileReferral();
    const [row] = await api.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM referrals WHERE id = $1',
      [filed.id],
    );
    expect(row.n).toBe(1);
  });

  it('should read one record from the primary, so it is there right after its creation', async () => {
    const filed = await fileReferral();
    const res = await api.http.get(`${V1}/referrals/${filed.id}`).set(filer.auth).expect(200);
    expect(res.body.id).toBe(filed.id);
  });

  it('should list referrals from the replica: what it holds, not what it has not replayed', async () => {
    const after = await fileReferral();
    const res = await api.http.get(`${V1}/referrals`).set(filer.auth).expect(200);
    const ids = (res.body.items as { id: string }[]).map((r) => r.id);
    expect(ids).toContain(before.id);
    expect(ids).not.toContain(after.id);
  });

  it('should search on the replica and audit the search on the primary', async () => {
    const after = await fileReferral();
    const search = async (q: string) => {
      const res = await api.http.get(`${V1}/search`).query({ q }).set(filer.auth).expect(200);
      return (res.body.groups as { items: { id: string }[] }[]).flatMap((g) =>
        g.items.map((i) => i.id),
      );
    };
    expect(await search(before.reference)).toContain(before.id);
    expect(await search(after.reference)).not.toContain(after.id);
    const audited = await api.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where(`e.action = 'search.query'`)
      .andWhere(`e.details->>'query' IN (:...q)`, { q: [before.reference, after.reference] })
      .getCount();
    expect(audited).toBe(2);
  });

  it('should serve the cases inbox and the dispatch list from the read-only replica', async () => {
    await api.http.get(`${V1}/cases`).set(coordinator.auth).expect(200);
    await api.http.get(`${V1}/dispatches`).set(coordinator.auth).expect(200);
  });
});
