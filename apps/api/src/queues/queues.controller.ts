import { RequirePermission } from '@app/auth';
import { RecordNotFound, UuidParamPipe } from '@app/common';
import { QueueInspector, type QueueStatus } from '@app/queues';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

/**
 * The state of the job queues: how much is waiting, and the jobs that failed
 * for good (dead letters) — which referral they were about and why — so that
 * coordinators see what the system could not do.
 */
@ApiTags('queues')
@Controller('queues')
export class QueuesController {
  constructor(private readonly inspector: QueueInspector) {}

  @RequirePermission('queues.read')
  @Get()
  @ApiOkResponse({ description: 'Per queue: counts by state and the latest failed jobs.' })
  status(): Promise<QueueStatus[]> {
    return this.inspector.status();
  }

  @RequirePermission('queues.manage')
  @Post(':queue/failed/:jobId/retry')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'The failed job is back in line; its processor is idempotent.',
  })
  @ApiNotFoundResponse()
  async retry(
    @Param('queue') queue: string,
    @Param('jobId', UuidParamPipe) jobId: string,
  ): Promise<void> {
    if (!this.inspector.has(queue) || !(await this.inspector.retry(queue, jobId))) {
      throw new RecordNotFound('failed job');
    }
  }
}
