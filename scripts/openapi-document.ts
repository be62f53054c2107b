/**
 * The API's OpenAPI document exactly as the API serves it at
 * /api/docs/openapi.json, built in Nest's preview mode: the modules and
 * controllers are read, nothing connects to PostgreSQL or Redis. Shared by
 * `npm run api-client` (the console's client types), `npm run lint:api` and
 * the build.
 *
 *   node dist/scripts/openapi-document.js [--out <file>]   (default dist/openapi.json)
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { buildPreviewDocument } from '../apps/api/src/openapi/preview-document';

export const DEFAULT_OPENAPI_OUT = 'dist/openapi.json';

export function generateOpenApiDocument(): Promise<OpenAPIObject> {
  return buildPreviewDocument();
}

/** Writes the document as JSON (what /api/docs/openapi.json answers) and returns its path. */
export async function writeOpenApiDocument(out = DEFAULT_OPENAPI_OUT): Promise<string> {
  const target = resolve(out);
  const document = await generateOpenApiDocument();
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
  return target;
}

if (require.main === module) {
  const at = process.argv.indexOf('--out');
  const out = at >= 0 ? process.argv[at + 1] : DEFAULT_OPENAPI_OUT;
  writeOpenApiDocument(out).then(
    (target) => console.log(`Wrote ${target}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
