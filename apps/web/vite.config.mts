import { defineConfig, type Plugin } from 'vite';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Write .br and .gz beside every script, stylesheet and page of the build, once,
 * at the highest levels; the API serves them (@fastify/static preCompressed) to
 * browsers that accept them, so nothing is compressed per request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'crh-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const files = await readdir(outDir, { recursive: true });
      for (const file of files.filter((f) => /\.(js|css|html|svg)$/.test(f))) {
        const path = join(outDir, file);
        const body = await readFile(path);
        await writeFile(
          `${path}.br`,
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        await writeFile(`${path}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

/**
 * The console is built into dist/web, which the API serves at /. In
 * development (`npm run web:dev`) Vite serves it on :5173 and forwards /api
 * to the API on :3000.
 */
export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompress()],
  // The vocabulary shared with the API (libs/domain/src/vocabulary: pure, no Node).
  resolve: {
    alias: {
      '@crh/vocabulary': fileURLToPath(
        new URL('../../libs/domain/src/vocabulary/index.ts', import.meta.url),
      ),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // .vite/manifest.json: which source module each chunk is and what it imports;
    // the browser tests read it to tell whose code a page loaded (not served: a dot folder).
    manifest: true,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // React libraries mark modules "use client" for server rendering; a plain bundle ignores it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
