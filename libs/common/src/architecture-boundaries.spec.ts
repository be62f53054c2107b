import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The import boundaries of docs/architecture.md, as eslint.config.mjs holds them: each boundary
 * rejects a snippet that crosses it and accepts its compliant neighbour. ESLint loads its ESM
 * config through a dynamic import, which jest's module sandbox refuses, so the snippets are
 * linted by a child Node process running the repository's own config.
 */
const ROOT = join(__dirname, '../../..');

type Case = { name: string; filePath: string; code: string; expected: string[] };

const cases: Case[] = [
  ...['@app/common', '@nestjs/common', 'ioredis', 'class-validator', 'node:fs'].map((source) => ({
    name: `domain imports ${source}`,
    filePath: 'libs/domain/src/referrals/sample.ts',
    code: `import { x } from '${source}';\nexport const y = x;\n`,
    expected: ['boundaries/domain-pure'],
  })),
  {
    name: 'domain imports typeorm',
    filePath: 'libs/domain/src/referrals/sample.ts',
    code: "import { DataSource } from 'typeorm';\nexport const y = DataSource;\n",
    expected: ['boundaries/domain-pure', 'boundaries/typeorm-in-persistence'],
  },
  {
    name: 'domain imports another lib by a relative path',
    filePath: 'libs/domain/src/referrals/sample.ts',
    code: "import { x } from '../../../audit/src/audit-writer';\nexport const y = x;\n",
    expected: ['boundaries/domain-pure', 'no-restricted-imports'],
  },
  {
    name: 'domain opens a socket',
    filePath: 'libs/domain/src/sample.ts',
    code: "import { connect } from 'node:net';\nexport const y = connect;\n",
    expected: ['boundaries/domain-pure'],
  },
  {
    name: 'domain draws randomness',
    filePath: 'libs/domain/src/sample.ts',
    code: "import { randomBytes } from 'node:crypto';\nexport const y = randomBytes;\n",
    expected: ['boundaries/domain-pure'],
  },
  {
    name: 'domain uses pure functions of node, its own files and libraries',
    filePath: 'libs/domain/src/referrals/sample.ts',
    code: [
      "import { createHmac, timingSafeEqual } from 'node:crypto';",
      "import { isIP } from 'node:net';",
      "import { domainToASCII } from 'node:url';",
      "import creditCardType from 'credit-card-type';",
      "import { luhn } from '../card-numbers';",
      'export const y = [createHmac, timingSafeEqual, isIP, domainToASCII, creditCardType, luhn];',
      '',
    ].join('\n'),
    expected: [],
  },
  {
    name: 'a domain test draws random inputs',
    filePath: 'libs/domain/src/sample.spec.ts',
    code: "import { randomBytes } from 'node:crypto';\nexport const y = randomBytes;\n",
    expected: [],
  },
  {
    name: 'a lib imports an app',
    filePath: 'libs/audit/src/sample.ts',
    code: "import { x } from '../../../apps/api/src/api-app';\nexport const y = x;\n",
    expected: ['boundaries/libs-not-apps'],
  },
  {
    name: 'a lib imports libs',
    filePath: 'libs/audit/src/sample.ts',
    code: "import { x } from '@app/domain';\nimport { z } from '@app/common';\nexport const y = [x, z];\n",
    expected: [],
  },
  {
    name: 'api imports worker',
    filePath: 'apps/api/src/cases/sample.ts',
    code: "import { x } from '../../../worker/src/worker.module';\nexport const y = x;\n",
    expected: ['boundaries/apps-separate'],
  },
  {
    name: 'worker imports api',
    filePath: 'apps/worker/src/processors/sample.ts',
    code: "import { x } from '../../../api/src/cases/cases.service';\nexport const y = x;\n",
    expected: ['boundaries/apps-separate'],
  },
  {
    name: 'the standalone start hosts both api and worker',
    filePath: 'apps/standalone/src/sample.ts',
    code: "import { a } from '../../api/src/api-app';\nimport { w } from '../../worker/src/worker-app';\nexport const y = [a, w];\n",
    expected: [],
  },
  {
    name: 'a controller imports persistence',
    filePath: 'apps/api/src/cases/sample.controller.ts',
    code: "import type { CaseEntity } from '@app/persistence';\nexport type Y = CaseEntity;\n",
    expected: ['boundaries/controllers-not-persistence'],
  },
  {
    name: 'a controller imports its service and the domain',
    filePath: 'apps/api/src/cases/sample.controller.ts',
    code: "import { CasesService } from './cases.service';\nimport { x } from '@app/domain';\nexport const y = [CasesService, x];\n",
    expected: [],
  },
  {
    name: 'persistence imports auth',
    filePath: 'libs/persistence/src/sample.ts',
    code: "import { x } from '@app/auth';\nexport const y = x;\n",
    expected: ['boundaries/persistence-not-auth'],
  },
  {
    name: 'persistence imports TypeORM and the domain',
    filePath: 'libs/persistence/src/sample.ts',
    code: "import type { EntityManager } from 'typeorm';\nimport { x } from '@app/domain';\nexport type Y = [EntityManager, typeof x];\n",
    expected: [],
  },
  ...[
    'apps/api/src/cases/sample.service.ts',
    'apps/worker/src/processors/sample.processor.ts',
    'libs/queues/src/sample.ts',
  ].map((filePath) => ({
    name: `${filePath} imports TypeORM`,
    filePath,
    code: "import type { EntityManager } from 'typeorm';\nexport type Y = EntityManager;\n",
    expected: ['boundaries/typeorm-in-persistence'],
  })),
  {
    name: 'a new file re-exports TypeORM',
    filePath: 'libs/audit/src/sample.ts',
    code: "export { DataSource } from 'typeorm';\n",
    expected: ['boundaries/typeorm-in-persistence'],
  },
  {
    name: 'a new service runs SQL',
    filePath: 'apps/api/src/cases/sample.service.ts',
    code: "export const count = (db: { query(sql: string): unknown }) => db.query('SELECT 1');\n",
    expected: ['boundaries/sql-in-persistence'],
  },
  {
    name: 'persistence runs SQL',
    filePath: 'libs/persistence/src/sample.ts',
    code: "export const count = (db: { query(sql: string): unknown }) => db.query('SELECT 1');\n",
    expected: [],
  },
  {
    name: 'a service reaches into libs/persistence past its index',
    filePath: 'apps/api/src/cases/cases.service.ts',
    code: "import { managerOf } from '@app/persistence/unit-of-work/tx';\nexport const m = managerOf;\n",
    expected: ['boundaries/typeorm-in-persistence'],
  },
  {
    name: 'a service imports the persistence library by its index',
    filePath: 'apps/api/src/cases/cases.service.ts',
    code: "import { UnitOfWork } from '@app/persistence';\nexport const u = UnitOfWork;\n",
    expected: [],
  },
];

const LINT_SNIPPETS = `
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({
  overrideConfig: [tseslint.configs.disableTypeChecked],
  ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/') || ruleId === 'no-restricted-imports',
});
const found = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  found.push(result.messages.map((m) => m.ruleId ?? m.message));
}
process.stdout.write(JSON.stringify({ found }));
`;

let found: string[][];

beforeAll(() => {
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', LINT_SNIPPETS, JSON.stringify(cases)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  ({ found } = JSON.parse(output) as { found: string[][] });
}, 60_000);

describe('architecture boundaries', () => {
  it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    expect([...found[i]].sort()).toEqual([...cases[i].expected].sort());
  });

  it('lets no source file switch a boundary off inline', () => {
    // A blanket eslint-disable, or one naming a boundary rule, would bypass the config above.
    const bypass =
      /(\/\/|\/\*)\s*eslint-disable(-next-line|-line)?(\s*(\*\/|--|$)|[^\n]*(boundaries\/|no-restricted-imports))|\/\*\s*eslint\s[^\n]*boundaries\//m;
    const offenders = ['apps', 'libs', 'test', 'bench', 'scripts'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.(ts|tsx|mts|mjs)$/.test(file) && !file.includes('node_modules'))
        .map((file) => join(dir, file))
        .filter((file) => bypass.test(readFileSync(join(ROOT, file), 'utf8'))),
    );
    expect(offenders).toEqual([]);
  });
});
