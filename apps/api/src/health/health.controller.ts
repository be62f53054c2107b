import { Public } from '@app/auth';
import { HealthProbe, type HealthReport } from '@app/queues';
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

/** Seconds a load balancer should wait before probing again after a 503. */
const RETRY_AFTER_SECONDS = 5;

class HealthUpResponse {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ enum: ['up'], description: 'PostgreSQL answered a ping.' }) db!: 'up';
  @ApiProperty({ enum: ['up'], description: 'Redis answered a ping.' }) redis!: 'up';
}

class HealthDownResponse {
  @ApiProperty({ enum: ['error'] }) status!: 'error';
  @ApiProperty({ enum: ['up', 'down'], description: 'Whether PostgreSQL answered a ping.' })
  db!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'], description: 'Whether Redis answered a ping.' })
  redis!: 'up' | 'down';
}

const NO_STORE = {
  'Cache-Control': {
    description: 'Always `no-store`.',
    schema: { type: 'string', enum: ['no-store'] },
  },
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly probe: HealthProbe) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Check the service',
    description:
      'Public, for load balancers and monitors: pings PostgreSQL and Redis. Answers 200 when ' +
      'both answer and 503 with the same report when either does not; neither answer is cached.',
  })
  @ApiOkResponse({
    type: HealthUpResponse,
    description: 'PostgreSQL and Redis both answer.',
    headers: NO_STORE,
  })
  @ApiServiceUnavailableResponse({
    type: HealthDownResponse,
    description:
      'PostgreSQL or Redis does not answer. The body is this report as application/json, ' +
      'not a problem document; probe again after Retry-After.',
    headers: {
      ...NO_STORE,
      'Retry-After': {
        description: `Seconds before probing again: always ${RETRY_AFTER_SECONDS}.`,
        schema: {
          type: 'integer',
          format: 'int32',
          minimum: RETRY_AFTER_SECONDS,
          maximum: RETRY_AFTER_SECONDS,
        },
      },
    },
  })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.probe.check();
    void reply.header('cache-control', 'no-store');
    if (report.status !== 'ok') {
      void reply
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .header('retry-after', String(RETRY_AFTER_SECONDS));
    }
    return report;
  }
}
