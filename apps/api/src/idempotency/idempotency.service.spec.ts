import { ConflictProblem, ValidationProblem } from '@app/common';
import { InMemoryIdempotencyRepository, InMemoryUnitOfWork } from '@app/persistence';
import { IdempotencyService } from './idempotency.service';

describe('IdempotencyService', () => {
  const alice = { userId: '00000000-0000-4000-8000-00000000000a' };
  const bob = { userId: '00000000-0000-4000-8000-00000000000b' };
  let records: InMemoryIdempotencyRepository;
  let uow: InMemoryUnitOfWork;
  let service: IdempotencyService;
  let runs: number;

  beforeEach(() => {
    records = new InMemoryIdempotencyRepository();
    uow = new InMemoryUnitOfWork();
    service = new IdempotencyService(records);
    runs = 0;
  });

  /** One call of the command `referral.create` with `body`, as a request would make it. */
  function call(caller: { userId: string }, key: string | undefined, body: unknown) {
    return uow.run((tx) =>
      service.run(tx, caller, 'referral.create', key, body, () => {
        runs += 1;
        return Promise.resolve({ status: 201, body: { id: `referral-${runs}` } });
      }),
    );
  }

  it('should do the work every time when no key is sent, storing nothing', async () => {
    await call(alice, undefined, { a: 1 });
    const second = await call(alice, undefined, { a: 1 });
    expect(runs).toBe(2);
    expect(second).toEqual({ status: 201, body: { id: 'referral-2' }, replayed: false });
    expect(records.rows.size).toBe(0);
  });

  it('should replay the stored answer for a retry with the same key and body, without redoing the work', async () => {
    const first = await call(alice, 'key-1', { a: 1, b: [2] });
    const retry = await call(alice, 'key-1', { b: [2], a: 1 });
    expect(runs).toBe(1);
    expect(first).toEqual({ status: 201, body: { id: 'referral-1' }, replayed: false });
    expect(retry).toEqual({ status: 201, body: { id: 'referral-1' }, replayed: true });
  });

  it('should refuse the same key with a different body (409 idempotency_key_reused), doing nothing', async () => {
    await call(alice, 'key-1', { a: 1 });
    const reuse = call(alice, 'key-1', { a: 2 });
    await expect(reuse).rejects.toBeInstanceOf(ConflictProblem);
    await expect(call(alice, 'key-1', { a: 2 })).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
    expect(runs).toBe(1);
    expect(uow.rollbacks).toBe(2);
  });

  it("should keep each caller's keys apart", async () => {
    await call(alice, 'shared-key', { a: 1 });
    const other = await call(bob, 'shared-key', { a: 2 });
    expect(other.replayed).toBe(false);
    expect(runs).toBe(2);
  });

  it('should refuse a malformed key before any work or record', async () => {
    await expect(call(alice, 'not a key!', { a: 1 })).rejects.toBeInstanceOf(ValidationProblem);
    await expect(call(alice, 'k'.repeat(129), { a: 1 })).rejects.toMatchObject({
      fieldErrors: [{ field: 'Idempotency-Key' }],
    });
    expect(runs).toBe(0);
    expect(records.rows.size).toBe(0);
  });
});
