import compress from '@fastify/compress';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RouteOptions } from 'fastify';

/**
 * Answers smaller than this are sent as they are: below about a kilobyte the
 * bytes saved are fewer than one packet, and compressing still costs a zlib
 * call on both ends.
 */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * Routes whose answers are never compressed.
 *
 * BREACH: when a compressed answer carries a secret next to text an attacker
 * can influence (a name, an e-mail address, a search echoed back), the
 * compressed length leaks the secret byte by byte to someone who can watch
 * the sizes and make the victim repeat the request. So nothing that carries
 * a session secret is compressed: the whole /auth tree (access and refresh
 * tokens on login and refresh, the second factor's secret on enrolment, the
 * recovery codes) and the creation of an API key (the key, shown once).
 * These answers are small anyway. (Browsers do not send this API's bearer
 * tokens by themselves, as they would cookies, which already makes forcing a
 * victim's requests hard; this is the second line.) A test checks that every operation whose
 * answer has a secret-named property (accessToken, refreshToken, secret,
 * otpauthUri, recoveryCodes, key) is in this list.
 *
 * Documents: an attachment is sent as stored, byte for byte with its length
 * (a PDF is compressed already; evidence is not re-encoded on the way).
 */
const UNCOMPRESSED: ReadonlyArray<{ method: string; url: RegExp }> = [
  { method: '*', url: /^\/api\/v1\/auth(\/|$)/ },
  { method: 'POST', url: /^\/api\/v1\/organizations\/:id\/api-keys$/ },
  { method: 'GET', url: /^\/api\/v1\/referrals\/:id\/attachments\/:attachmentId$/ },
];

/** Whether answers of this route (`POST`, `/api/v1/auth/login`) are never compressed. */
export function isUncompressedRoute(method: string, url: string): boolean {
  return UNCOMPRESSED.some(
    (rule) => (rule.method === '*' || rule.method === method.toUpperCase()) && rule.url.test(url),
  );
}

/** JSON (NDJSON, STIX bundles) answers and the console's text files; media types zlib cannot shrink are left alone. */
const COMPRESSIBLE =
  /^(application\/(json|problem\+json|x-ndjson|stix\+json)|text\/(html|css|javascript))(;|$)/;

/**
 * Compress answers with brotli or gzip, as the client's Accept-Encoding asks
 * (br preferred when both are accepted; `identity` or nothing gets the plain
 * answer), and say `Vary: Accept-Encoding` on what was compressed. Register
 * before the routes (Nest's, and the console's static files, which are
 * precompressed at build and not compressed again here).
 */
export async function registerCompression(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Runs before the plugin's own onRoute hook, which honours `compress: false`.
  fastify.addHook('onRoute', (route: RouteOptions & { compress?: unknown }) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.some((method) => isUncompressedRoute(method, route.url))) route.compress = false;
  });
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    customTypes: COMPRESSIBLE,
    // A request body is never compressed: a small compressed body could expand
    // far past the body limit, and no client of this API needs to send one.
    globalDecompression: false,
  });
}
