import { AppConfig } from '@app/common';
import { createRedisClient } from '@app/queues';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RATE_LIMIT_RULES, type RateLimitRule } from './rate-limit-rules';

/** One rule's verdict on one request. */
export interface RateLimitVerdict {
  rule: RateLimitRule;
  limit: number;
  allowed: boolean;
  remaining: number;
  /** Until the window resets. */
  msBeforeNext: number;
  /** The first refusal of this window for this subject (so it is audited once). */
  firstRefusal: boolean;
}

const WARNING_INTERVAL_MS = 30_000;
const CONNECT_WAIT_MS = 1000;

/**
 * Fixed-window counters in Redis (rate-limiter-flexible; one atomic script per
 * check), shared by every API process, under `<QUEUE_PREFIX>:rl:<rule>:`.
 *
 * Fails open: if Redis cannot answer, the request is let through and a warning
 * is logged (at most every 30 seconds). A Redis outage must not take the API
 * down, and passwords stay protected by the per-account lockout kept in
 * PostgreSQL, which does not depend on Redis.
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimits');
  private readonly client: Redis;
  private readonly limiters = new Map<string, { limiter: RateLimiterRedis; limit: number }>();
  private lastWarningAt = 0;

  constructor(config: AppConfig) {
    // A slow Redis must not hold requests up: give up quickly and fail open.
    this.client = createRedisClient(config.redisTarget(), 'client', { commandTimeout: 1000 });
    this.client.on('error', (error: Error) => this.warn(error));
    const prefix = `${config.get('QUEUE_PREFIX')}:rl`;
    for (const rule of RATE_LIMIT_RULES) {
      const limit = config.get(rule.limit);
      this.limiters.set(rule.name, {
        limit,
        limiter: new RateLimiterRedis({
          storeClient: this.client,
          keyPrefix: `${prefix}:${rule.name}`,
          points: limit,
          duration: rule.windowSeconds,
          // Not connected: answer at once (and fail open) rather than queue.
          rejectIfRedisNotReady: true,
        }),
      });
    }
  }

  /** Connects, waiting a moment at most: a missing Redis must not hold the start up. */
  async onModuleInit(): Promise<void> {
    const connected = this.client.connect().then(
      () => undefined,
      // ioredis keeps reconnecting; until then limits fail open.
      (error: Error) => this.warn(error),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      connected,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, CONNECT_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }

  /** Count one request of `subject` against the rule; undefined when the limiter cannot tell. */
  async consume(rule: RateLimitRule, subject: string): Promise<RateLimitVerdict | undefined> {
    const entry = this.limiters.get(rule.name);
    if (!entry) return undefined;
    try {
      const res = await entry.limiter.consume(subject);
      return this.verdict(rule, entry.limit, res, true);
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return this.verdict(rule, entry.limit, outcome, false);
      this.warn(outcome as Error);
      return undefined;
    }
  }

  private verdict(
    rule: RateLimitRule,
    limit: number,
    res: RateLimiterRes,
    allowed: boolean,
  ): RateLimitVerdict {
    return {
      rule,
      limit,
      allowed,
      remaining: Math.max(0, res.remainingPoints),
      msBeforeNext: Math.max(0, res.msBeforeNext),
      firstRefusal: !allowed && res.consumedPoints === limit + 1,
    };
  }

  private warn(error: Error | undefined): void {
    const now = Date.now();
    if (now - this.lastWarningAt < WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.logger.warn(
      { err: error?.message ?? String(error) },
      'Rate limits are not enforced: Redis did not answer (requests are let through)',
    );
  }
}
