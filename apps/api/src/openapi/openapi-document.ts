import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * The API's OpenAPI document, built from the controllers and DTOs. The API
 * serves it at /api/docs/openapi.json, and the web console's typed client is
 * generated from it (npm run api-client), so the two cannot drift apart.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Coalition Referral Hub API')
      .setDescription(
        'Case referrals of the financial coalition against child sexual exploitation. ' +
          'Errors are RFC 9457 problem details (application/problem+json). ' +
          'A record that does not exist and one the caller may not see both answer 404.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addSecurityRequirements('bearer')
      .build(),
  );
}
