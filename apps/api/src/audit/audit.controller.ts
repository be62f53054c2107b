import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { PageQueryDto, ReqMeta, type RequestMeta } from '@app/common';
import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditService } from './audit.service';
import { AuditActionListResponse, auditActionList } from './dto/audit-actions.dto';
import {
  AuditCheckpointPageResponse,
  AuditVerificationResponse,
  CheckpointRequestResponse,
  VerifyAuditQueryDto,
} from './dto/audit-chain.dto';
import {
  AuditEventPageResponse,
  AuditEventResponse,
  ExportAuditQueryDto,
  ListAuditEventsQueryDto,
} from './dto/audit.dto';

/** The media type of an export: JSON Lines (one JSON object per line). */
export const AUDIT_EXPORT_MEDIA_TYPE = 'application/x-ndjson';
const EXPORT_FILE_NAME = 'audit-events.jsonl';

/** The tamper-evident audit trail, for auditors and platform admins (see docs/audit.md). */
@ApiTags('audit')
@ApiExtraModels(AuditEventResponse)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @RequirePermission('audit.read')
  @Get('events')
  @ApiOperation({
    summary: 'List audit events',
    description:
      'Auditors and platform admins. Events newest first (by insertion id), a page at a time, ' +
      'filtered by target, actor, action and time; each names who acted as they are called now.',
  })
  @ApiOkResponse({ type: AuditEventPageResponse })
  @ApiBadRequestResponse({
    description: 'Invalid filters, `to` not later than `from`, or a cursor this API did not issue.',
  })
  events(@Query() query: ListAuditEventsQueryDto): Promise<AuditEventPageResponse> {
    return this.audit.events(query);
  }

  @RequirePermission('audit.read')
  @Get('actions')
  @ApiOperation({
    summary: 'List audit actions',
    description:
      'Auditors and platform admins. Every action the trail records, with a plain label: what ' +
      'the events filter offers instead of internal names.',
  })
  @ApiOkResponse({ type: AuditActionListResponse })
  actions(): AuditActionListResponse {
    return auditActionList();
  }

  @RequirePermission('audit.read')
  @Get('verify')
  @ApiOperation({
    summary: 'Verify the audit trail',
    description:
      'Auditors and platform admins. Recomputes the hash chain and checks the checkpoint ' +
      'signatures against it: by default only the events after the last checkpoint a ' +
      'verification reached (once its signature and the stored hash there still hold); with ' +
      '`mode=full`, the whole chain. The run and its verdict are themselves audited.',
  })
  @ApiBadRequestResponse({ description: 'A mode other than `full` or `incremental`.' })
  @ApiOkResponse({
    type: AuditVerificationResponse,
    description: 'The verdict; a broken chain is a 200 with `valid: false`, not an error.',
  })
  verify(
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
    @Query() query: VerifyAuditQueryDto,
  ): Promise<AuditVerificationResponse> {
    return this.audit.verify(user, meta, query.mode ?? 'incremental');
  }

  @RequirePermission('audit.checkpoints.read')
  @Get('checkpoints')
  @ApiOperation({
    summary: 'List signed checkpoints',
    description:
      'Auditors, platform admins and agency liaisons (who verify the packages they receive with ' +
      'them). Signed chain heads, newest first, a page at a time, each with the exact text signed ' +
      'and the public key that checks it; nothing about the events themselves.',
  })
  @ApiOkResponse({ type: AuditCheckpointPageResponse })
  checkpoints(@Query() query: PageQueryDto): Promise<AuditCheckpointPageResponse> {
    return this.audit.checkpoints(query);
  }

  @RequirePermission('audit.read')
  @Post('checkpoints')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Request a checkpoint',
    description:
      'Auditors and platform admins. Asks the worker to sign the chain head now; the signed ' +
      'checkpoint appears in the list within seconds. Audited.',
  })
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
    summary: 'Export audit events',
    description:
      'Auditors and platform admins. Every event in [from, to) in insertion order as JSON ' +
      'Lines, one event per line with its chain fields, streamed as a file download. The ' +
      'export is audited before the first line is sent.',
  })
  @ApiOkResponse({
    description:
      `JSON Lines (\`${AUDIT_EXPORT_MEDIA_TYPE}; charset=utf-8\`): one AuditEventResponse ` +
      'object per line, each ending with a line feed; empty when the range holds no event. ' +
      'The length grows with the range: it has no fixed bound.',
    headers: {
      'Content-Disposition': {
        description: `Always \`attachment; filename="${EXPORT_FILE_NAME}"\`.`,
        schema: { type: 'string', enum: [`attachment; filename="${EXPORT_FILE_NAME}"`] },
      },
      'Cache-Control': {
        description: 'Always `no-store`.',
        schema: { type: 'string', enum: ['no-store'] },
      },
    },
    content: {
      // No schema: the body is lines, not one JSON value; each line is the item schema.
      [AUDIT_EXPORT_MEDIA_TYPE]: {
        'x-json-lines-item': { $ref: getSchemaPath(AuditEventResponse) },
      } as Record<string, unknown>,
    },
  })
  @ApiBadRequestResponse({
    description: 'A missing or invalid `from` or `to`, or `to` not later than `from`.',
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many exports by this user within the hour (`rate_limited`); see Retry-After.',
  })
  async export(
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
    @Query() query: ExportAuditQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const stream = await this.audit.export(user, meta, query);
    await reply
      .header('content-type', `${AUDIT_EXPORT_MEDIA_TYPE}; charset=utf-8`)
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${EXPORT_FILE_NAME}"`)
      .send(stream);
  }
}
