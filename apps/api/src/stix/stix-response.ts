import { identifierPattern, STIX_MEDIA_TYPE, STIX_OBJECT_SCHEMAS } from '@app/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { StixExport } from './stix-export.service';

/** A reference-based attachment name: `DSP-2026-000007.stix.json`. */
const FILENAME_PATTERN = '^attachment; filename="[A-Za-z0-9._-]+\\.stix\\.json"$';

/** The 200 of a STIX export, as the OpenAPI document describes it. */
export function ApiStixBundleResponse(what: string): MethodDecorator {
  return applyDecorators(
    ApiProduces(STIX_MEDIA_TYPE),
    ApiOkResponse({
      description:
        `${what} as a STIX 2.1 bundle (\`${STIX_MEDIA_TYPE}\`), offered as a file download. ` +
        'Every object carries the official TLP 2.0 marking definition of the package (included in ' +
        'the bundle); the bundle has passed validation against the STIX 2.1 schemas before it is sent. ' +
        'The same package always gives the same bytes.',
      headers: {
        'Content-Disposition': {
          description: 'Always `attachment; filename="<reference>.stix.json"`.',
          schema: { type: 'string', maxLength: 120, pattern: FILENAME_PATTERN },
        },
        'Cache-Control': {
          description: 'Always `no-store`.',
          schema: { type: 'string', enum: ['no-store'] },
        },
      },
      content: {
        [STIX_MEDIA_TYPE]: {
          schema: {
            type: 'object',
            description:
              'A STIX 2.1 bundle (OASIS STIX Version 2.1, §8): identity, infrastructure, ' +
              'indicator, observed-data, report, relationship, the cyber-observable objects and ' +
              'the TLP 2.0 marking-definition. See docs/webhooks.md, "STIX 2.1 export".',
            required: ['type', 'id', 'objects'],
            additionalProperties: false,
            properties: {
              type: { type: 'string', enum: ['bundle'] },
              id: { type: 'string', maxLength: 44, pattern: identifierPattern('bundle') },
              objects: {
                type: 'array',
                minItems: 1,
                maxItems: 100000,
                items: {
                  type: 'object',
                  required: ['type', 'id'],
                  properties: {
                    type: { type: 'string', enum: Object.keys(STIX_OBJECT_SCHEMAS) },
                    id: { type: 'string', maxLength: 300, pattern: identifierPattern() },
                  },
                },
              },
            },
          },
        },
      },
    }),
  );
}

/**
 * Headers of a STIX download; the body is the bundle's bytes as built (a
 * Buffer, so the media type goes out exactly as written: Fastify adds a
 * charset to a string body's type and re-quotes its parameters).
 */
export function stixDownload(reply: FastifyReply, exported: StixExport): Buffer {
  void reply
    .header('content-type', STIX_MEDIA_TYPE)
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${exported.filename}"`);
  return Buffer.from(exported.body, 'utf8');
}
