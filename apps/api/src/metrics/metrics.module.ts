import { QueueInspector } from '@app/queues';
import { Module } from '@nestjs/common';
import { OperationsMetrics } from './operations-metrics';

/** The Prometheus registry of the API process; GET /metrics is mounted by mount-metrics.ts. */
@Module({
  // Its own inspector: connections opened on the first scrape, closed with the app.
  providers: [OperationsMetrics, QueueInspector],
  exports: [OperationsMetrics],
})
export class MetricsModule {}
