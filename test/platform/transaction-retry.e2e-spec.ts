import { UnitOfWork, dataSourceOptions, inTransaction, isUniqueViolation } from '@app/persistence';
import { afterCommit } from '@app/persistence/unit-of-work/after-commit';
import { insertBatched } from '@app/persistence/unit-of-work/batched-writes';
import { Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { createScratchDatabase } from '../support/scratch-database';
import { txOf } from '../support/tx';

/** A promise with its resolve function, to hold one transaction until another gets somewhere. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Fail the transaction with `sqlstate`, as PostgreSQL itself would report it. */
const raise = (m: EntityManager, sqlstate: string) =>
  m.query(`DO $$ BEGIN RAISE EXCEPTION 'lost' USING ERRCODE = '${sqlstate}'; END $$`);

/**
 * A deadlock or serialization failure runs the whole unit of work again in a
 * new transaction; nothing of the lost attempt (held writes, after-commit
 * tasks) survives it. Against PostgreSQL, with a genuine deadlock.
 */
describe('Transaction retry on deadlock and serialization failure (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let ds: DataSource;
  let uow: UnitOfWork;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    ds = new DataSource(dataSourceOptions({ url: scratch.url, poolSize: 4 }));
    await ds.initialize();
    uow = new UnitOfWork(ds);
    await ds.query('CREATE TABLE retry_rows (id int PRIMARY KEY, n int NOT NULL)');
    await ds.query('CREATE TABLE retry_journal (side text NOT NULL, attempt int NOT NULL)');
  }, 60_000);
  afterAll(async () => {
    await ds?.destroy();
    await scratch?.drop();
  });
  beforeEach(async () => {
    await ds.query('TRUNCATE retry_rows, retry_journal');
    await ds.query('INSERT INTO retry_rows (id, n) VALUES (1, 0), (2, 0)');
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('runs the loser of a deadlock again; both commit, each write and task once', async () => {
    const locked = { a: signal(), b: signal() };
    const attempts = { a: 0, b: 0 };
    const tasks: string[] = [];
    // A locks row 1 then row 2, B row 2 then row 1: each takes its first row,
    // waits until the other has taken its own, then asks for the other's.
    const side = (name: 'a' | 'b', first: number, second: number) =>
      uow.run(async (tx) => {
        const m = tx as unknown as EntityManager;
        attempts[name] += 1;
        const attempt = attempts[name];
        await m.query(`SET LOCAL deadlock_timeout = '100ms'`);
        await insertBatched(m, { into: 'retry_journal (side, attempt)', values: [name, attempt] });
        await afterCommit(tx, () => Promise.resolve(void tasks.push(`${name}${attempt}`)));
        await m.query('UPDATE retry_rows SET n = n + 1 WHERE id = $1', [first]);
        locked[name].resolve();
        await locked[name === 'a' ? 'b' : 'a'].promise;
        await m.query('UPDATE retry_rows SET n = n + 1 WHERE id = $1', [second]);
        return attempt;
      });

    const [a, b] = await Promise.all([side('a', 1, 2), side('b', 2, 1)]);

    // PostgreSQL picks the loser: exactly one side ran twice.
    expect([a, b].sort()).toEqual([1, 2]);
    expect(attempts).toEqual({ a, b });
    const loser = a === 2 ? 'a' : 'b';
    const winner = loser === 'a' ? 'b' : 'a';
    // Only committed attempts ran their task, once each; the lost one's never did.
    expect(tasks.sort()).toEqual([`${winner}1`, `${loser}2`].sort());
    // The lost attempt's batched row rolled back; each side's committed one is there once.
    const journal = await ds.query('SELECT side, attempt FROM retry_journal ORDER BY side');
    expect(journal).toEqual(
      [
        { side: winner, attempt: 1 },
        { side: loser, attempt: 2 },
      ].sort((x, y) => x.side.localeCompare(y.side)),
    );
    const rows = await ds.query('SELECT id, n FROM retry_rows ORDER BY id');
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
    // One warning, with the SQLSTATE and attempt only.
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toEqual({ sqlState: '40P01', attempt: 1, attempts: 3 });
    expect(JSON.stringify(warn.mock.calls)).not.toMatch(/UPDATE|retry_rows/);
  });

  it.each(['40P01', '40001'])(
    'gives up after three attempts with the original error (%s)',
    async (sqlstate) => {
      let attempts = 0;
      let tasks = 0;
      const raised: unknown[] = [];
      const failing = inTransaction(ds, async (m) => {
        attempts += 1;
        await insertBatched(m, { into: 'retry_journal (side, attempt)', values: ['x', attempts] });
        await afterCommit(txOf(m), () => Promise.resolve(void (tasks += 1)));
        await raise(m, sqlstate).catch((e: unknown) => {
          raised.push(e);
          throw e;
        });
      });

      const error = await failing.then(
        () => undefined,
        (e: unknown) => e as { name: string; code: string; driverError: { code: string } },
      );
      // The last attempt's error itself, not a wrapper.
      expect(raised).toHaveLength(3);
      expect(error).toBe(raised[2]);
      expect(error?.name).toBe('QueryFailedError');
      expect(error?.code).toBe(sqlstate);
      expect(error?.driverError.code).toBe(sqlstate);
      expect(attempts).toBe(3);
      expect(tasks).toBe(0);
      const journal: unknown[] = await ds.query('SELECT * FROM retry_journal');
      expect(journal).toEqual([]);
      expect(warn.mock.calls.map((c: unknown[]) => c[0])).toEqual([
        { sqlState: sqlstate, attempt: 1, attempts: 3 },
        { sqlState: sqlstate, attempt: 2, attempts: 3 },
      ]);
    },
  );

  it('commits the attempt after a serialization failure', async () => {
    let attempts = 0;
    const result = await uow.run(async (tx) => {
      const m = tx as unknown as EntityManager;
      attempts += 1;
      await insertBatched(m, { into: 'retry_journal (side, attempt)', values: ['s', attempts] });
      if (attempts === 1) await raise(m, '40001');
      return attempts;
    });
    expect(result).toBe(2);
    expect(await ds.query('SELECT side, attempt FROM retry_journal')).toEqual([
      { side: 's', attempt: 2 },
    ]);
  });

  it('runs work that fails otherwise once (a unique violation)', async () => {
    let attempts = 0;
    const error = await uow
      .run(async (tx) => {
        attempts += 1;
        await (tx as unknown as EntityManager).query('INSERT INTO retry_rows VALUES (1, 0)');
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(error)).toBe(true);
    expect(attempts).toBe(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('runs work that throws its own error once, even one with the code of a deadlock', async () => {
    let attempts = 0;
    const thrown = Object.assign(new Error('refused'), { code: '40P01' });
    await expect(
      uow.run(() => {
        attempts += 1;
        return Promise.reject(thrown);
      }),
    ).rejects.toBe(thrown);
    expect(attempts).toBe(1);
  });

  it('runs a replica read transaction again after a serialization failure', async () => {
    let attempts = 0;
    const n = await uow.replicaRead(
      async (tx) => {
        const m = tx as unknown as EntityManager;
        attempts += 1;
        if (attempts === 1) await raise(m, '40001');
        const [row] = await m.query('SELECT n FROM retry_rows WHERE id = 1');
        return row.n as number;
      },
      { transaction: true },
    );
    expect(n).toBe(0);
    expect(attempts).toBe(2);
    expect(warn.mock.calls[0][0]).toEqual({ sqlState: '40001', attempt: 1, attempts: 3 });
  });
});
