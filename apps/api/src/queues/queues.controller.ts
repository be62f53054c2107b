import { RequirePermission } from '@app/auth';
import { RecordNotFound, UuidParamPipe } from '@app/common';
import { ALL_QUEUES, QueueInspector } from '@app/queues';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { QueueStatusResponse, toQueueStatusResponse } from './dto/queue-status.dto';

/**
 * The state of the job queues: how much is waiting, and the jobs that failed
 * for good (dead letters) — which referral they were about and why — so that
 * coordinators see what the system could not do.
 */
@ApiTags('queues')
@ApiExtraModels(QueueStatusResponse)
@Controller('queues')
export class QueuesController {
  constructor(private readonly inspector: QueueInspector) {}

  @RequirePermission('queues.read')
  @Get()
  @ApiOperation({
    summary: 'Show the job queues and their dead letters',
    description:
      'Coordinators and platform admins: per queue, how many jobs wait, run, are delayed, failed or completed, and the latest jobs that failed for good, with the referral they concerned (its id only) and why. 503 when Redis cannot be reached in time.',
  })
  @ApiOkResponse({
    description: 'Every queue, once.',
    schema: {
      type: 'array',
      items: { $ref: getSchemaPath(QueueStatusResponse) },
      maxItems: ALL_QUEUES.length,
    },
  })
  async status(): Promise<QueueStatusResponse[]> {
    return (await this.inspector.status()).map(toQueueStatusResponse);
  }

  @RequirePermission('queues.manage')
  @Post(':queue/failed/:jobId/retry')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Put a dead letter back in line',
    description:
      'Platform admins: run a job that failed for good once more. Its processor is idempotent, so a job that had partly done its work does not do it twice.',
  })
  @ApiParam({ name: 'queue', enum: ALL_QUEUES, description: 'The queue; any other name is a 404.' })
  @ApiParam({
    name: 'jobId',
    format: 'uuid',
    description: "The failed job's id (the outbox row it came from); not a UUID: 400.",
  })
  @ApiNoContentResponse({
    description: 'The failed job is back in line; its processor is idempotent.',
  })
  @ApiNotFoundResponse({ description: 'No such queue, or no failed job with this id in it.' })
  async retry(
    @Param('queue') queue: string,
    @Param('jobId', UuidParamPipe) jobId: string,
  ): Promise<void> {
    if (!this.inspector.has(queue) || !(await this.inspector.retry(queue, jobId))) {
      throw new RecordNotFound('failed job');
    }
  }
}
