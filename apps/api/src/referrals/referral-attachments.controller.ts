import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import {
  ATTACHMENT_MAX_BYTES_CEILING,
  ReqMeta,
  UuidParamPipe,
  type RequestMeta,
} from '@app/common';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiQuery,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  MAX_ATTACHMENT_FILENAME_LENGTH,
  ReferralAttachmentsService,
  type AttachmentView,
} from './referral-attachments.service';

const DOCUMENT_TYPES = ['application/pdf', 'text/csv', 'text/plain'] as const;

class AttachmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ minLength: 1, maxLength: MAX_ATTACHMENT_FILENAME_LENGTH }) filename!: string;
  @ApiProperty({ enum: DOCUMENT_TYPES, description: 'Decided by the content, not the name.' })
  mediaType!: string;
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: ATTACHMENT_MAX_BYTES_CEILING,
    description: 'Size of the document in bytes.',
  })
  sizeBytes!: number;
  @ApiProperty({
    description: 'SHA-256 of the content, hex.',
    minLength: 64,
    maxLength: 64,
    pattern: '^[0-9a-f]{64}$',
  })
  sha256!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/**
 * A document's bytes: at most the deployment's ATTACHMENT_MAX_BYTES (10 MiB
 * unless configured), which no deployment may set above the ceiling stated here.
 */
const DOCUMENT_BYTES = {
  type: 'string',
  format: 'binary',
  maxLength: ATTACHMENT_MAX_BYTES_CEILING,
  description:
    'At most ATTACHMENT_MAX_BYTES bytes (10 MiB unless the deployment sets it, never over 100 MiB); larger answers 413.',
} as const;

/** The document as it is answered: its bytes, with the type decided from them (text in UTF-8, `charset=utf-8`). */
export const DOCUMENT_CONTENT = Object.fromEntries(
  DOCUMENT_TYPES.map((type) => [type, { schema: DOCUMENT_BYTES }]),
);

@ApiTags('referrals')
@Controller('referrals/:id/attachments')
export class ReferralAttachmentsController {
  constructor(private readonly attachments: ReferralAttachmentsService) {}

  @RequirePermission('referrals.write')
  @Post()
  @ApiOperation({
    summary: 'Add a document to a referral',
    description:
      'The filer (or a member admin of its organization) adds a transaction export or correspondence: ' +
      'a text-only PDF, a CSV or plain text, sent as the raw body; its type is decided from the bytes. ' +
      'Only while the referral is a draft, submitted, in review or awaiting information. Audited as ' +
      'referral.attachment_add (never the content).',
  })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: DOCUMENT_BYTES, description: 'The document itself, as the raw body.' })
  @ApiQuery({
    name: 'filename',
    required: true,
    description: `The document's name: 1 to ${MAX_ATTACHMENT_FILENAME_LENGTH} characters (trimmed), no slashes or control characters (otherwise 400 naming filename).`,
    schema: { type: 'string', minLength: 1, maxLength: MAX_ATTACHMENT_FILENAME_LENGTH },
  })
  @ApiCreatedResponse({ type: AttachmentResponse })
  @ApiBadRequestResponse({
    description:
      'A missing or bad filename, or a document holding a full card number (field body); code validation_failed.',
  })
  @ApiConflictResponse({
    description:
      'The referral is decided or withdrawn: documents can no longer be added (code referral_attachment_not_allowed).',
  })
  @ApiUnsupportedMediaTypeResponse({
    description:
      'Not a text-only PDF, a CSV or a plain-text document: images (also inside a PDF or written as text), video and archives are always refused, as are PDFs with anything around them, embedded files, JavaScript or forms, or that cannot be read in full; nothing is stored.',
  })
  add(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query('filename') filename: string | undefined,
    @Body() content: Buffer,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AttachmentView> {
    return this.attachments.add(user, id, filename, content, meta);
  }

  @RequirePermission('referrals.read')
  @Get()
  @ApiOperation({
    summary: 'List the documents of a referral',
    description:
      'Anyone who may read the referral sees its documents’ names, types, sizes and hashes, oldest first; ' +
      'not their content.',
  })
  @ApiOkResponse({
    type: [AttachmentResponse],
    description:
      'Every document of the referral, oldest first. Not paged and not capped: a referral has no limit on its documents.',
  })
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<AttachmentView[]> {
    return this.attachments.list(user, id);
  }

  @RequirePermission('referrals.read')
  @Get(':attachmentId')
  @ApiOperation({
    summary: 'Download a document',
    description:
      'Anyone who may read the referral downloads one of its documents, as an attachment with its ' +
      'detected type, never cached. Audited as referral.attachment_read.',
  })
  @ApiOkResponse({
    description: 'The document, with its detected type. Reading it is audited.',
    content: DOCUMENT_CONTENT,
    headers: {
      'Content-Disposition': {
        description:
          'attachment, with the stored file name (characters other than letters, digits, `.`, `-`, `_` and space replaced by `_`).',
        schema: { type: 'string', maxLength: MAX_ATTACHMENT_FILENAME_LENGTH + 32 },
      },
      'Cache-Control': { schema: { type: 'string', enum: ['no-store'] } },
    },
  })
  @ApiNotFoundResponse({ description: 'No such referral or document, or not yours.' })
  @ApiConflictResponse({
    description:
      '`document_integrity_failure`: the stored bytes no longer match the SHA-256 recorded for the document (or are gone); nothing is sent.',
  })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('attachmentId', UuidParamPipe) attachmentId: string,
    @ReqMeta() meta: RequestMeta,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { view, content } = await this.attachments.download(user, id, attachmentId, meta);
    await reply
      .header(
        'content-type',
        view.mediaType === 'application/pdf'
          ? 'application/pdf'
          : `${view.mediaType}; charset=utf-8`,
      )
      .header(
        'content-disposition',
        `attachment; filename="${view.filename.replace(/[^\w.\- ]/g, '_')}"`,
      )
      .header('cache-control', 'no-store')
      .send(content);
  }
}
