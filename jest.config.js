/**
 * Unit specs sit beside the code (*.spec.ts); e2e specs live in test/
 * (*.e2e-spec.ts) and run against the real app, PostgreSQL and Redis; browser
 * specs (test/browser/*.browser-spec.ts) drive the console in Chromium. The
 * global setup creates one throwaway database and Redis key prefix per run.
 */
const moduleNameMapper = {
  '^@app/(domain|persistence|auth|audit|queues|common)$': '<rootDir>/libs/$1/src',
  '^@app/(domain|persistence|auth|audit|queues|common)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
/**
 * Packages published only as ES modules. Node runs them from the built app
 * (require of an ES module), but jest's own module loader cannot: jest
 * compiles them to CommonJS like our sources.
 */
const ESM_ONLY_PACKAGES = ['openid-client', 'oauth4webapi', 'jose'];
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  [`^.+/node_modules/(${ESM_ONLY_PACKAGES.join('|')})/.+\\.js$`]: [
    'ts-jest',
    { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, isolatedModules: true },
  ],
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`];
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform,
  transformIgnorePatterns,
};

module.exports = {
  maxWorkers: 2,
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      slowTestThreshold: 20,
    },
    {
      // The web console in a real browser (Chromium via playwright-core; which
      // one: bench/lib/chromium.ts), against the built console served by the real API.
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      slowTestThreshold: 60,
    },
  ],
};
