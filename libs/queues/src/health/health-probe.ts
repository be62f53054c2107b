import { Injectable } from '@nestjs/common';
import { HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database-health.indicator';
import { RedisHealthIndicator } from './redis-health.indicator';

export interface HealthReport {
  status: 'ok' | 'error';
  db: 'up' | 'down';
  redis: 'up' | 'down';
}

/** The dependencies a process needs: its database and Redis. */
@Injectable()
export class HealthProbe {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  async check(): Promise<HealthReport> {
    const result = await this.health
      .check([() => this.db.pingCheck('db', 1500), () => this.redis.pingCheck('redis')])
      .catch((error: { response?: unknown }) => error.response);
    const details =
      (result as { details?: Record<string, { status: string }> } | undefined)?.details ?? {};
    const db = details.db?.status === 'up' ? 'up' : 'down';
    const redis = details.redis?.status === 'up' ? 'up' : 'down';
    return { status: db === 'up' && redis === 'up' ? 'ok' : 'error', db, redis };
  }
}
