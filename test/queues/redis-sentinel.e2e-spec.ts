import type { RedisTarget } from '@app/common';
import { createRedisClient, redisOptions, requireRedis } from '@app/queues';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const redisUrl = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const NAME = 'crh-test-primary';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * REDIS_SENTINELS end to end: a real sentinel (redis-server --sentinel)
 * watching the test Redis as its primary. Connections built by the one
 * factory find the primary through it; a wrong primary name stops the start.
 */
describe('Redis through Sentinel (e2e)', () => {
  let dir: string;
  let sentinel: ChildProcess;
  let target: Extract<RedisTarget, { kind: 'sentinel' }>;
  const prefix = `${process.env.TEST_QUEUE_PREFIX ?? 'crh-test'}-sentinel`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crh-sentinel-'));
    const port = await freePort();
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${NAME} ${redisUrl.hostname} ${redisUrl.port || 6379} 1`,
        '',
      ].join('\n'),
    );
    sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    target = { kind: 'sentinel', sentinels: [{ host: '127.0.0.1', port }], name: NAME };
    const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => 100 });
    probe.on('error', () => undefined);
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        if (probe.status === 'wait') await probe.connect();
        const addr = await probe.call('SENTINEL', 'get-master-addr-by-name', NAME);
        if (Array.isArray(addr)) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('the sentinel did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    probe.disconnect();
  });

  afterAll(async () => {
    const direct = new Redis(redisUrl.toString());
    const keys = await direct.keys(`${prefix}*`);
    if (keys.length) await direct.del(...keys);
    direct.disconnect();
    sentinel?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('should write to the primary the sentinel names', async () => {
    const client = createRedisClient(target, 'client');
    const direct = new Redis(redisUrl.toString());
    try {
      await client.connect();
      await client.set(`${prefix}:probe`, 'through-sentinel');
      expect(await direct.get(`${prefix}:probe`)).toBe('through-sentinel');
    } finally {
      client.disconnect();
      direct.disconnect();
    }
  });

  it('should give BullMQ a connection that reaches the primary through the sentinel', async () => {
    const queue = new Queue('sentinel-check', {
      connection: redisOptions(target, 'worker'),
      prefix,
    });
    try {
      await queue.add('probe', { n: 1 }, { jobId: 'probe-1' });
      expect((await queue.getJob('probe-1'))?.data).toEqual({ n: 1 });
    } finally {
      await queue.close();
    }
  });

  it('should refuse to start, naming the settings, when the sentinels know no such primary', async () => {
    await expect(requireRedis({ ...target, name: 'no-such-primary' })).rejects.toThrow(
      /no primary "no-such-primary" could be reached through the sentinels 127\.0\.0\.1:\d+\. Check REDIS_SENTINELS, REDIS_SENTINEL_NAME/,
    );
  });
});
