// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { architectureBoundaries } from './eslint.boundaries.mjs';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      'apps/web/src/api/schema.d.ts',
      'jest.config.js',
      'eslint.config.mjs',
      'eslint.boundaries.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Libraries are reached through their @app/* alias, never by walking out of a folder.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../libs/*', '../../../libs/*', '**/libs/*/src/*'],
              message: 'Import libraries through @app/<lib>.',
            },
            {
              // From one lib into another: '../../domain/src/x'.
              regex: '^(\\.\\./)+(domain|persistence|auth|audit|queues|common)/src(/|$)',
              message: 'Import libraries through @app/<lib>.',
            },
          ],
        },
      ],
    },
  },
  ...architectureBoundaries,
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The web console: React's rules of hooks, and no Node or server code in the bundle.
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/*', '@nestjs/*', 'node:*', 'typeorm'],
              message: 'The console talks to the API only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/vite.config.mts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Plain-JavaScript modules run by Node outside TypeScript (the PDF inspector's worker, the
    // build, the Spectral ruleset, the test OpenID provider).
    files: ['apps/**/*.mjs', 'scripts/**/*.mjs', 'test/**/*.mjs', '.spectral.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { Buffer: 'readonly', process: 'readonly', console: 'readonly' },
    },
  },
);
