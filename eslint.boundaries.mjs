// @ts-check
// The import boundaries of docs/architecture.md ("Boundaries held by lint"), checked by
// `npm run lint` and so by `npm run check`.
//
// Each boundary is its own rule: typescript-eslint's no-restricted-imports registered under a
// name of ours. ESLint replaces a rule's options when a later block sets the same rule, so one
// shared no-restricted-imports could hold only one boundary per file; separate names add up,
// and a file can be exempted from exactly one boundary. Type-only imports count: a type from the
// wrong layer couples the layers as much as a value does. Exemptions live here, never in an
// inline eslint-disable comment (libs/common/src/architecture-boundaries.spec.ts checks that).
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';

const restrictedImports = tseslint.plugin.rules['no-restricted-imports'];

/** Node modules that reach the file system, network, processes or the host. */
const NODE_IO = [
  'fs',
  'http',
  'https',
  'http2',
  'child_process',
  'cluster',
  'dgram',
  'dns',
  'tls',
  'worker_threads',
  'readline',
  'os',
  'process',
  'v8',
  'vm',
  'inspector',
];
const nodeModule = (name) => [name, `${name}/*`, `node:${name}`, `node:${name}/*`];

const PURE = 'libs/domain is pure: no other lib, framework, storage or I/O.';
/** node:net and node:crypto offer pure functions next to I/O and randomness; only these pass. */
const pureNodeParts = (names) => [
  { name: 'node:net', allowImportNames: ['isIP', 'isIPv4', 'isIPv6'], message: PURE },
  { name: 'net', allowImportNames: ['isIP', 'isIPv4', 'isIPv6'], message: PURE },
  ...['node:crypto', 'crypto'].map((name) => ({ name, allowImportNames: names, message: PURE })),
];
const domainPure = (cryptoNames) => [
  'error',
  {
    paths: pureNodeParts(cryptoNames),
    patterns: [
      {
        group: [
          '@app/*',
          '@nestjs/*',
          'typeorm',
          'typeorm/*',
          'pg',
          '@electric-sql/*',
          'bullmq',
          'ioredis',
          'class-validator',
          'class-transformer',
          'reflect-metadata',
          'rxjs',
          'fastify',
          '@fastify/*',
          'pino',
          'pino-*',
          'nestjs-pino',
          'passport*',
          'argon2',
          ...NODE_IO.flatMap(nodeModule),
        ],
        message: PURE,
      },
      // A relative path into another lib or an app (e.g. '../../audit/src/x').
      { regex: '^(\\.\\./)+((apps|libs)/|[^./][^/]*/src(/|$))', message: PURE },
    ],
  },
];

/** Which other apps an app may not import: api and worker are separate entry points. */
const otherApps = (names, message) => [
  'error',
  { patterns: [{ regex: `^(\\.\\./)+(apps/)?(${names.join('|')})/src(/|$)`, message }] },
];

const TYPEORM = ['typeorm', 'typeorm/*', '@nestjs/typeorm'];

export const architectureBoundaries = [
  {
    plugins: {
      boundaries: {
        rules: {
          ...Object.fromEntries(
            [
              'domain-pure',
              'libs-not-apps',
              'apps-separate',
              'controllers-not-persistence',
              'persistence-not-auth',
              'typeorm-in-persistence',
            ].map((name) => [name, restrictedImports]),
          ),
          // Raw SQL is seen as a `.query(...)` call, the one way this code base runs it.
          'sql-in-persistence': builtinRules.get('no-restricted-syntax'),
        },
      },
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'boundaries/domain-pure': domainPure(['createHash', 'createHmac', 'timingSafeEqual']),
    },
  },
  {
    // Tests of the domain may draw random inputs; the code under test may not.
    files: ['libs/domain/**/*.spec.ts'],
    rules: {
      'boundaries/domain-pure': domainPure([
        'createHash',
        'createHmac',
        'timingSafeEqual',
        'randomBytes',
        'randomInt',
        'randomUUID',
      ]),
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'boundaries/libs-not-apps': [
        'error',
        { patterns: [{ group: ['**/apps/**'], message: 'Libraries never import apps.' }] },
      ],
    },
  },
  {
    // apps/standalone and apps/cli are the composition roots: they may start both.
    files: ['apps/api/**/*.ts'],
    rules: {
      'boundaries/apps-separate': otherApps(
        ['worker', 'standalone', 'cli', 'web'],
        'apps/api never imports another app; shared code belongs in a lib.',
      ),
    },
  },
  {
    files: ['apps/worker/**/*.ts'],
    rules: {
      'boundaries/apps-separate': otherApps(
        ['api', 'standalone', 'cli', 'web'],
        'apps/worker never imports another app; shared code belongs in a lib.',
      ),
    },
  },
  {
    files: ['apps/**/*.controller.ts'],
    rules: {
      'boundaries/controllers-not-persistence': [
        'error',
        {
          patterns: [
            {
              group: ['@app/persistence', '@app/persistence/*', ...TYPEORM],
              message: 'Controllers stay thin: persistence is reached through a service.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/persistence/**/*.ts'],
    rules: {
      'boundaries/persistence-not-auth': [
        'error',
        {
          patterns: [
            {
              group: ['@app/auth', '@app/auth/*'],
              message: 'libs/persistence never imports libs/auth.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/persistence/**'],
    rules: {
      'boundaries/typeorm-in-persistence': [
        'error',
        {
          patterns: [
            {
              group: TYPEORM,
              message: 'TypeORM lives only in libs/persistence: go through its repositories.',
            },
            {
              // The library's index is its surface; a deep path would reach the manager behind a Tx.
              group: ['@app/persistence/*'],
              message: 'Import @app/persistence, not a file inside it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/persistence/**', 'apps/web/**'],
    rules: {
      'boundaries/sql-in-persistence': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='query']",
          message: 'SQL lives only in libs/persistence: go through its repositories.',
        },
      ],
    },
  },
];
