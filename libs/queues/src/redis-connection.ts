import { StartupError } from '@app/common/startup';
import type { RedisOptions as QueueRedisOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Connection options for BullMQ and health checks. BullMQ workers need
 * `maxRetriesPerRequest: null` (they block on Redis); producers and checks get
 * a short timeout instead so a missing Redis is reported, not waited on.
 */
export function redisOptions(
  url: string,
  purpose: 'worker' | 'client',
): RedisOptions & QueueRedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    connectTimeout: 3000,
    maxRetriesPerRequest: purpose === 'worker' ? null : 1,
    enableOfflineQueue: purpose === 'worker',
    lazyConnect: purpose === 'client',
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
}

/** Ping Redis once with a deadline; used at start-up and by health checks. */
export async function pingRedis(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis({
    ...redisOptions(url, 'client'),
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

/** Refuse to start, within seconds and in one line, when Redis is not there. */
export async function requireRedis(url: string): Promise<void> {
  try {
    await pingRedis(url);
  } catch {
    throw new StartupError(
      `Redis is not reachable at ${url}. Start it (for example: redis-server --daemonize yes ` +
        `--bind 127.0.0.1 --port 6379) or set REDIS_URL to a running server.`,
    );
  }
}
