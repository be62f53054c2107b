import { describeRedisTarget, type RedisTarget } from '@app/common';
import { StartupError } from '@app/common/startup';
import type { RedisOptions as QueueRedisOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * What a connection is for. `worker`: BullMQ queues and workers (the outbox
 * relay, the processors, the queue inspector), which block on Redis and must
 * wait out an outage or a failover rather than fail (BullMQ requires
 * `maxRetriesPerRequest: null`). `client`: the rate limiter and health checks,
 * which must answer at once, so nothing is queued while disconnected.
 */
export type RedisPurpose = 'worker' | 'client';

/** Reconnect delay, also between rounds of asking the sentinels: up to 2 s. */
const backoff = (times: number): number => Math.min(times * 200, 2000);

/**
 * A primary demoted to replica (an old primary back after a failover, or a
 * connection made just before the switch) answers writes with READONLY:
 * reconnect, which asks the sentinels again, and resend the command, which
 * the replica did not run.
 */
export function reconnectOnReadOnly(error: Error): 2 | false {
  return error.message.startsWith('READONLY') ? 2 : false;
}

/**
 * The one description of a Redis connection: every ioredis client and BullMQ
 * connection in the processes is built from it, for a single server
 * (REDIS_URL) or a primary found through Sentinel (REDIS_SENTINELS), so each
 * follows a failover the same way.
 */
export function redisOptions(
  target: RedisTarget,
  purpose: RedisPurpose,
): RedisOptions & QueueRedisOptions {
  const common: RedisOptions & QueueRedisOptions = {
    connectTimeout: 3000,
    maxRetriesPerRequest: purpose === 'worker' ? null : 1,
    enableOfflineQueue: purpose === 'worker',
    lazyConnect: purpose === 'client',
    retryStrategy: backoff,
    reconnectOnError: reconnectOnReadOnly,
  };
  if (target.kind === 'sentinel') {
    return {
      ...common,
      sentinels: target.sentinels.map((s) => ({ host: s.host, port: s.port })),
      name: target.name,
      role: 'master',
      password: target.password,
      sentinelPassword: target.sentinelPassword,
      // Keep asking the sentinels while none answers (null would give up for good).
      sentinelRetryStrategy: backoff,
      sentinelCommandTimeout: 1000,
    };
  }
  const parsed = new URL(target.url);
  return {
    ...common,
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/** An ioredis client for `purpose`; `overrides` adjust the options (a command timeout). */
export function createRedisClient(
  target: RedisTarget,
  purpose: RedisPurpose,
  overrides: RedisOptions = {},
): Redis {
  return new Redis({ ...redisOptions(target, purpose), ...overrides });
}

/** Ping Redis once with a deadline; used at start-up. */
export async function pingRedis(target: RedisTarget, timeoutMs = 3000): Promise<void> {
  const client = createRedisClient(target, 'client', {
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    sentinelRetryStrategy: () => null,
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
export async function requireRedis(target: RedisTarget): Promise<void> {
  try {
    await pingRedis(target);
  } catch {
    throw new StartupError(
      target.kind === 'sentinel'
        ? `Redis is not reachable: no primary "${target.name}" could be reached through the ` +
            `sentinels ${describeRedisTarget(target).replace(/^.* sentinels /, '')}. Check ` +
            `REDIS_SENTINELS, REDIS_SENTINEL_NAME and the passwords, or that a failover has finished.`
        : `Redis is not reachable at ${target.url}. Start it (for example: redis-server --daemonize yes ` +
            `--bind 127.0.0.1 --port 6379) or set REDIS_URL to a running server.`,
    );
  }
}
