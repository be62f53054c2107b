import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { PageQueryDto, ReqMeta, type RequestMeta } from '@app/common';
import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditService } from './audit.service';
import {
  AuditCheckpointPageResponse,
  AuditEventPageResponse,
  AuditVerificationResponse,
  CheckpointRequestResponse,
  ExportAuditQueryDto,
  ListAuditEventsQueryDto,
} from './dto/audit.dto';

/** The tamper-evident audit trail, for auditors and platform admins (see docs/audit.md). */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @RequirePermission('audit.read')
  @Get('events')
  @ApiOperation({ summary: 'Audit events, newest first (by insertion id), with filters.' })
  @ApiOkResponse({ type: AuditEventPageResponse })
  events(@Query() query: ListAuditEventsQueryDto): Promise<AuditEventPageResponse> {
    return this.audit.events(query);
  }

  @RequirePermission('audit.read')
  @Get('verify')
  @ApiOperation({
    summary: 'Recompute the hash chain and check every checkpoint signature (audited).',
  })
  @ApiOkResponse({ type: AuditVerificationResponse })
  verify(
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AuditVerificationResponse> {
    return this.audit.verify(user, meta);
  }

  @RequirePermission('audit.read')
  @Get('checkpoints')
  @ApiOperation({ summary: 'Signed chain heads, newest first, each with its public key.' })
  @ApiOkResponse({ type: AuditCheckpointPageResponse })
  checkpoints(@Query() query: PageQueryDto): Promise<AuditCheckpointPageResponse> {
    return this.audit.checkpoints(query);
  }

  @RequirePermission('audit.read')
  @Post('checkpoints')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask the worker to sign the chain head now (appears within seconds).' })
  @ApiAcceptedResponse({ type: CheckpointRequestResponse })
  requestCheckpoint(
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CheckpointRequestResponse> {
    return this.audit.requestCheckpoint(user, meta);
  }

  @RequirePermission('audit.read')
  @Get('export')
  @ApiOperation({
    summary: 'Events in [from, to) as JSON Lines, one event per line with its chain fields.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'One AuditEvent JSON object per line (audited).' })
  async export(
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
    @Query() query: ExportAuditQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const stream = await this.audit.export(user, meta, query);
    await reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', 'attachment; filename="audit-events.jsonl"')
      .send(stream);
  }
}
