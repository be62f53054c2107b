import { IntakeBatcher } from './intake-batcher';

/** A batcher whose batches the test releases by hand, recording what ran. */
function setUp(failOn?: string) {
  const batches: string[][] = [];
  const singles: string[] = [];
  const gates: (() => void)[] = [];
  const batcher = new IntakeBatcher<string>(
    3,
    async (ids) => {
      batches.push(ids);
      await new Promise<void>((release) => gates.push(release));
      if (failOn && ids.includes(failOn)) throw new Error('batch failed');
      return new Map(ids.map((id) => [id, `batch:${id}`]));
    },
    async (id) => {
      singles.push(id);
      await new Promise<void>((release) => gates.push(release));
      if (id === failOn) throw new Error(`${id} failed`);
      return `single:${id}`;
    },
  );
  /** Release every batch or single run waiting so far, then let them settle. */
  const release = async () => {
    for (const g of gates.splice(0)) g();
    await new Promise((r) => setImmediate(r));
  };
  return { batcher, batches, singles, release };
}

describe('IntakeBatcher', () => {
  it('should run a job alone at a quiet moment, and gather the jobs arriving meanwhile into the next batch (at most its size)', async () => {
    const { batcher, batches, singles, release } = setUp();
    const first = batcher.submit('a');
    await new Promise((r) => setImmediate(r));
    const later = ['b', 'c', 'd', 'e'].map((id) => batcher.submit(id));
    expect(singles).toEqual(['a']);
    expect(batches).toEqual([]);

    await release();
    expect(await first).toBe('single:a');
    expect(batches).toEqual([['b', 'c', 'd']]);
    await release();
    await release();
    expect(await Promise.all(later)).toEqual(['batch:b', 'batch:c', 'batch:d', 'single:e']);
  });

  it('should run each job of a failed batch on its own, so only the one at fault fails', async () => {
    const { batcher, singles, release } = setUp('c');
    const first = batcher.submit('a');
    const rest = ['b', 'c', 'd'].map((id) => batcher.submit(id).catch((e: Error) => e.message));
    await release(); // a
    await first;
    await release(); // the batch b, c, d fails
    for (let i = 0; i < 3; i++) await release(); // b, c, d one by one
    expect(await Promise.all(rest)).toEqual(['single:b', 'c failed', 'single:d']);
    expect(singles).toEqual(['a', 'b', 'c', 'd']);
  });

  it('should keep a second job for a referral already in the batch for a later batch', async () => {
    const { batcher, batches, release } = setUp();
    const first = batcher.submit('a');
    const rest = ['b', 'b', 'c'].map((id) => batcher.submit(id));
    await release();
    await first;
    expect(batches).toEqual([['b', 'c']]);
    await release();
    await release();
    expect(await Promise.all(rest)).toEqual(['batch:b', 'single:b', 'batch:c']);
  });
});
