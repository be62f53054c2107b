import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta, UuidParamPipe } from '@app/common';
import { Controller, Get, Param, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DOCUMENT_CONTENT } from '../../referrals/referral-attachments.controller';
import { DispatchEvidenceService } from './dispatch-evidence.service';
import { PackageProofResponse } from './dto/package-proof.dto';

const NOT_FOUND = { description: "No such dispatch, or not your agency's." };
const DOWNLOAD_NAME = '^attachment; filename="[A-Za-z0-9._ -]+"$';
const NO_STORE = { schema: { type: 'string' as const, enum: ['no-store'] } };

/** `sha-256=:<base64>:` (RFC 9530): the digest of exactly the bytes sent. */
function reprDigest(hex: string): string {
  return `sha-256=:${Buffer.from(hex, 'hex').toString('base64')}:`;
}

/**
 * The agency's evidence of a dispatch: the package file, its documents and its
 * proof (docs/webhooks.md, "The package as evidence"). Every download is audited.
 */
@ApiTags('dispatches')
@Controller('dispatches/:id')
export class DispatchEvidenceController {
  constructor(private readonly evidence: DispatchEvidenceService) {}

  @RequirePermission('dispatches.read')
  @Get('package')
  @ApiOperation({
    summary: 'Download the case package as recorded (canonical JSON, audited)',
    description:
      'The package exactly as approved, as its canonical JSON (RFC 8785: keys sorted, no white ' +
      "space), so the file's SHA-256 is the package digest recorded in the audit trail at approval " +
      '(also in `Repr-Digest`). Keep it with its proof (`GET /dispatches/:id/proof`). Audited as ' +
      '`dispatch.package_download`.',
  })
  @ApiProduces('application/json')
  @ApiOkResponse({
    description: 'The package file (`crh.case-package/v2`, or v1 for packages approved before).',
    headers: {
      'Content-Disposition': {
        description: 'Always `attachment; filename="<dispatch reference>.package.json"`.',
        schema: { type: 'string', maxLength: 120, pattern: DOWNLOAD_NAME },
      },
      'Repr-Digest': {
        description: 'RFC 9530: SHA-256 of the bytes sent, i.e. the package digest.',
        schema: { type: 'string', maxLength: 60, pattern: '^sha-256=:[A-Za-z0-9+/]+=*:$' },
      },
      'X-TLP': {
        description: 'The TLP 2.0 marking of the package, as it travels with every copy.',
        schema: { type: 'string', maxLength: 20 },
      },
      'Cache-Control': NO_STORE,
    },
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['schema', 'tlp', 'dispatch', 'case', 'agency', 'referrals'],
          description: 'The case package; see the `package` of `GET /dispatches/:id`.',
        },
      },
    },
  })
  @ApiNotFoundResponse(NOT_FOUND)
  async packageFile(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.evidence.packageFile(user, id, meta);
    void reply
      .header('content-type', 'application/json')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('repr-digest', reprDigest(file.digest))
      .header('x-tlp', file.tlp)
      .header('cache-control', 'no-store');
    return file.body;
  }

  @RequirePermission('dispatches.read')
  @Get('package.pdf')
  @ApiOperation({
    summary: 'Print the case package as a paginated PDF (audited)',
    description:
      'The package for reading and filing: plain words, every page marked with its TLP and PAP, ' +
      '"page x of y", who printed it and when (UTC), the package digest and the signed checkpoint ' +
      'that covers the dispatch (or that it is still pending). No image is ever drawn. Audited as ' +
      '`dispatch.package_print`.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF, offered as a file download.',
    headers: {
      'Content-Disposition': {
        description: 'Always `attachment; filename="<dispatch reference>.package.pdf"`.',
        schema: { type: 'string', maxLength: 120, pattern: DOWNLOAD_NAME },
      },
      'X-TLP': {
        description: 'The TLP 2.0 marking of the package.',
        schema: { type: 'string', maxLength: 20 },
      },
      'Cache-Control': NO_STORE,
    },
    content: {
      'application/pdf': { schema: { type: 'string', format: 'binary', maxLength: 200_000_000 } },
    },
  })
  @ApiNotFoundResponse(NOT_FOUND)
  async packagePdf(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.evidence.packagePdf(user, id, meta);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('x-tlp', file.tlp)
      .header('cache-control', 'no-store');
    return file.body;
  }

  @RequirePermission('dispatches.read')
  @Get('documents/:documentId')
  @ApiOperation({
    summary: 'Download a document the package lists (audited)',
    description:
      "One of the members' documents listed in the package (`referrals[].documents[]`), checked " +
      'against its recorded SHA-256 before it is sent (`Repr-Digest`). Only documents the package ' +
      'lists can be downloaded through the dispatch. Audited as `dispatch.document_download`.',
  })
  @ApiOkResponse({
    description: 'The document, offered as a file download, with the type recorded at upload.',
    content: DOCUMENT_CONTENT,
    headers: {
      'Content-Disposition': {
        description:
          'attachment, with the stored file name (characters other than letters, digits, `.`, `-`, `_` and space replaced by `_`).',
        schema: { type: 'string', maxLength: 300, pattern: DOWNLOAD_NAME },
      },
      'Repr-Digest': {
        description: 'RFC 9530: SHA-256 of the bytes sent, equal to the one the package lists.',
        schema: { type: 'string', maxLength: 60, pattern: '^sha-256=:[A-Za-z0-9+/]+=*:$' },
      },
      'Cache-Control': NO_STORE,
    },
  })
  @ApiNotFoundResponse({
    description: "No such dispatch or no such document in its package, or not your agency's.",
  })
  @ApiConflictResponse({
    description:
      '`document_integrity_failure`: the stored bytes no longer match the SHA-256 the package recorded.',
  })
  async document(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('documentId', UuidParamPipe) documentId: string,
    @ReqMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const document = await this.evidence.document(user, id, documentId, meta);
    void reply
      .header(
        'content-type',
        document.mediaType === 'application/pdf'
          ? 'application/pdf'
          : `${document.mediaType}; charset=utf-8`,
      )
      .header(
        'content-disposition',
        `attachment; filename="${document.filename.replace(/[^\w.\- ]/g, '_')}"`,
      )
      .header('repr-digest', reprDigest(document.sha256))
      .header('cache-control', 'no-store');
    return document.content;
  }

  @RequirePermission('dispatches.read')
  @Get('proof')
  @ApiOperation({
    summary: "The package's proof: its dispatch event, the chain path and the signed checkpoint",
    description:
      'What an agency verifies its package with, offline, with only the coalition’s public key ' +
      '(`npm run package:verify`, or the algorithm in docs/webhooks.md, "Verifying a package"). ' +
      'The events between the dispatch event and the checkpoint appear only as digests. Audited ' +
      'as `dispatch.proof_read`.',
  })
  @ApiOkResponse({ type: PackageProofResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({
    description:
      '`proof_pending` (with `Retry-After`): the checkpoint covering the dispatch is not signed yet ' +
      '(normally seconds after approval). `proof_unavailable`: a package approved before packages ' +
      'were digested.',
  })
  proof(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<PackageProofResponse> {
    return this.evidence.proof(user, id, meta) as Promise<PackageProofResponse>;
  }
}
