import { AppConfigModule, buildLoggerParams, redisTargetOf, type Environment } from '@app/common';
import { AuditModule } from '@app/audit';
import { PersistenceModule } from '@app/persistence';
import { ALL_QUEUES, HealthProbeModule, QueuesModule, redisOptions } from '@app/queues';
import { BullModule } from '@nestjs/bullmq';
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { MaintenanceScheduler } from './maintenance.scheduler';
import { OutboxRelay } from './outbox-relay';
import { Reconciler } from './reconciler';
import { GracefulClose } from './processors/graceful-close';
import { IntakeProcessor } from './processors/intake.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { DispatchProcessor } from './processors/dispatch.processor';
import { SlaProcessor } from './processors/sla.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { MailSender } from './notifications/mail-sender';
import { NotificationResolver } from './notifications/notification-resolver';
import { WorkerMetrics } from './metrics/worker-metrics';
import { AuditSealer } from './audit/audit-sealer';
import { AuditCheckpointer } from './audit/audit-checkpointer';
import { RetentionPurge } from './retention/retention-purge';

/**
 * The worker: the outbox relay and one processor per queue. No HTTP besides
 * its health and metrics endpoints (see health-server.ts).
 */
export class WorkerModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(env),
        LoggerModule.forRoot(buildLoggerParams({ level: env.LOG_LEVEL, service: 'worker' })),
        PersistenceModule,
        AuditModule,
        QueuesModule,
        HealthProbeModule,
        BullModule.forRoot({
          connection: redisOptions(redisTargetOf(env), 'worker'),
          prefix: env.QUEUE_PREFIX,
          // BullMQ's production guidance: retry with backoff, keep failures for
          // inspection, trim completed jobs.
          defaultJobOptions: {
            attempts: 8,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: { age: 24 * 3600, count: 10_000 },
            removeOnFail: false,
          },
        }),
        BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
      ],
      providers: [
        WorkerMetrics,
        OutboxRelay,
        MaintenanceProcessor,
        IntakeProcessor,
        DispatchProcessor,
        SlaProcessor,
        NotificationsProcessor,
        NotificationResolver,
        MailSender,
        MaintenanceScheduler,
        Reconciler,
        AuditSealer,
        AuditCheckpointer,
        RetentionPurge,
        GracefulClose,
      ],
    };
  }
}
