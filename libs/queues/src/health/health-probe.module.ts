import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database-health.indicator';
import { HealthProbe } from './health-probe';
import { RedisHealthIndicator } from './redis-health.indicator';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  providers: [HealthProbe, DatabaseHealthIndicator, RedisHealthIndicator],
  exports: [HealthProbe],
})
export class HealthProbeModule {}
