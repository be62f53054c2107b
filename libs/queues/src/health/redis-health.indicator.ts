import { AppConfig, withTimeout } from '@app/common';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { createRedisClient } from '../redis-connection';

/** Redis answers PING within the deadline. One long-lived client, never queued offline. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly client: Redis;

  constructor(
    private readonly indicator: HealthIndicatorService,
    config: AppConfig,
  ) {
    this.client = createRedisClient(config.redisTarget(), 'client');
    this.client.on('error', () => undefined);
  }

  async pingCheck(key: string, timeoutMs = 1500) {
    const session = this.indicator.check(key);
    try {
      if (this.client.status === 'wait' || this.client.status === 'end') {
        await withTimeout(this.client.connect(), timeoutMs);
      }
      await withTimeout(this.client.ping(), timeoutMs);
      return session.up();
    } catch {
      return session.down({ message: 'Redis did not answer' });
    }
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
