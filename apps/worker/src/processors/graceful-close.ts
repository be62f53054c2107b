import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DispatchProcessor } from './dispatch.processor';
import { IntakeProcessor } from './intake.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { SlaProcessor } from './sla.processor';

/**
 * On shutdown, stop taking jobs and let the running ones finish BEFORE the
 * database pool and Redis connections close (they close in the later
 * onApplicationShutdown phase). Otherwise a job running at SIGTERM would fail
 * on a closed pool and spend one of its retries for nothing.
 */
@Injectable()
export class GracefulClose implements BeforeApplicationShutdown {
  private readonly logger = new Logger(GracefulClose.name);

  constructor(
    private readonly intake: IntakeProcessor,
    private readonly dispatch: DispatchProcessor,
    private readonly sla: SlaProcessor,
    private readonly maintenance: MaintenanceProcessor,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const hosts = [this.intake, this.dispatch, this.sla, this.maintenance];
    const started = Date.now();
    this.logger.log('Shutting down: finishing running jobs before connections close');
    await Promise.all(
      hosts.map(async (host) => {
        try {
          await host.worker.close();
        } catch (error) {
          this.logger.warn({ err: error }, 'A queue worker did not close cleanly');
        }
      }),
    );
    this.logger.log({ ms: Date.now() - started }, 'Queue workers closed');
  }
}
