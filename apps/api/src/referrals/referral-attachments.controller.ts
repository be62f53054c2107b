import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiQuery,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReferralAttachmentsService, type AttachmentView } from './referral-attachments.service';

class AttachmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty({
    enum: ['application/pdf', 'text/csv', 'text/plain'],
    description: 'Decided by the content, not the name.',
  })
  mediaType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex.' }) sha256!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

@ApiTags('referrals')
@Controller('referrals/:id/attachments')
export class ReferralAttachmentsController {
  constructor(private readonly attachments: ReferralAttachmentsService) {}

  @RequirePermission('referrals.write')
  @Post()
  @ApiConsumes('application/octet-stream')
  @ApiBody({
    schema: { type: 'string', format: 'binary' },
    description: 'The document itself, as the raw body.',
  })
  @ApiQuery({ name: 'filename', required: true })
  @ApiCreatedResponse({ type: AttachmentResponse })
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
  @ApiOkResponse({ type: [AttachmentResponse] })
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<AttachmentView[]> {
    return this.attachments.list(user, id);
  }

  @RequirePermission('referrals.read')
  @Get(':attachmentId')
  @ApiOkResponse({ description: 'The document, with its detected type. Reading it is audited.' })
  @ApiNotFoundResponse()
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
