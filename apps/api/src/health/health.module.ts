import { HealthProbeModule } from '@app/queues';
import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** GET /health: the probe of PostgreSQL and Redis that load balancers call. */
@Module({
  imports: [HealthProbeModule],
  controllers: [HealthController],
})
export class HealthModule {}
