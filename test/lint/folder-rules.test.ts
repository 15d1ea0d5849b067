/**
 * The folder rules live in eslint.config.mjs (imports point inward: README, Code map); this test
 * holds that they fire. Each case lints a line of code as if it were a file in the named folder,
 * and expects the rule to refuse it, beside a near miss that is allowed there.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/**
 * ESLint loads its config with import(), which jest's module sandbox refuses; so every snippet is
 * linted in one child process, through ESLint's own API and the project's config.
 */
const LINT_ALL = `
const { ESLint } = require('eslint');
const path = require('node:path');
const snippets = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: process.cwd() });
(async () => {
  const out = [];
  for (const { file, code } of snippets) {
    const [result] = await eslint.lintText(code, { filePath: path.join(process.cwd(), file) });
    out.push(result.messages.map((m) => m.ruleId || m.message));
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

function lintAll(snippets: readonly { file: string; code: string }[]): string[][] {
  return JSON.parse(execFileSync(process.execPath, ['-e', LINT_ALL], { cwd: root, input: JSON.stringify(snippets), encoding: 'utf8' })) as string[][];
}

const cases: { folder: string; file: string; refused: string; allowed: string; rule: string }[] = [
  {
    folder: 'forms: no Node',
    file: 'addin/forms/x.ts',
    refused: "import { readFile } from 'node:fs';\nvoid readFile;",
    allowed: "import { z } from 'zod';\nvoid z;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'forms: no exceljs',
    file: 'addin/forms/read/x.ts',
    refused: "import ExcelJS from 'exceljs';\nvoid ExcelJS;",
    allowed: "import { cleanText } from '../text';\nvoid cleanText;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'forms: no report',
    file: 'addin/forms/x.ts',
    refused: "import { totalRow } from '../report/model/summary';\nvoid totalRow;",
    allowed: "import { a1 } from './cell';\nvoid a1;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'forms: no Office',
    file: 'addin/forms/x.ts',
    refused: 'export const n = Excel.SheetVisibility;',
    allowed: 'export const n = 1;',
    rule: 'no-restricted-globals',
  },
  {
    folder: 'forms: zod and the hash library only',
    file: 'addin/forms/x.ts',
    refused: "import yauzl from 'yauzl';\nvoid yauzl;",
    allowed: "import { sha256 } from '@noble/hashes/sha2';\nvoid sha256;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'report model: no exceljs',
    file: 'addin/report/model/x.ts',
    refused: "import ExcelJS from 'exceljs';\nvoid ExcelJS;",
    allowed: "import { a1 } from '../../forms/cell';\nvoid a1;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'report model: no renderer',
    file: 'addin/report/model/x.ts',
    refused: "import { buildReportWorkbook } from '../exceljs-renderer';\nvoid buildReportWorkbook;",
    allowed: "import { totalRow } from './summary';\nvoid totalRow;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'excel: no DOM',
    file: 'addin/excel/x.ts',
    refused: 'export const t = document.title;',
    allowed: 'export const t = Excel.SheetVisibility;',
    rule: 'no-restricted-globals',
  },
  {
    folder: 'excel: no scripts',
    file: 'addin/excel/x.ts',
    refused: "import { LIMITS } from '../../scripts/lib/xlsx/limits';\nvoid LIMITS;",
    allowed: "import { a1 } from '../forms/cell';\nvoid a1;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'pane: no Node',
    file: 'addin/taskpane/x.ts',
    refused: "import path from 'node:path';\nvoid path;",
    allowed: "import { runExcel } from '../excel/run';\nvoid runExcel;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'scripts: no Office.js code',
    file: 'scripts/lib/commands/x.ts',
    refused: "import { runExcel } from '../../../addin/excel/run';\nvoid runExcel;",
    allowed: "import { a1 } from '../../../addin/forms/cell';\nvoid a1;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'files: no command',
    file: 'scripts/lib/files/x.ts',
    refused: "import { runCheck } from '../commands/check';\nvoid runCheck;",
    allowed: "import { UsageError } from '../errors';\nvoid UsageError;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'xlsx: no command',
    file: 'scripts/lib/xlsx/x.ts',
    refused: "import { runCheck } from '../commands/check';\nvoid runCheck;",
    allowed: "import { LIMITS } from './limits';\nvoid LIMITS;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'lib: only the bin exits',
    file: 'scripts/lib/load/x.ts',
    refused: 'process.exit(2);',
    allowed: "process.stderr.write('x');",
    rule: 'no-restricted-properties',
  },
  {
    folder: 'lib: only the bin sets the exit code',
    file: 'scripts/lib/commands/x.ts',
    refused: 'process.exitCode = 1;',
    allowed: 'export const code = 1;',
    rule: 'no-restricted-properties',
  },
  {
    folder: 'page: no server code',
    file: 'page/x.ts',
    refused: "import { startServer } from '../scripts/lib/serve/server';\nvoid startServer;",
    allowed: "import type { StateView } from '../scripts/lib/serve/api';\nexport type S = StateView;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'page: the API by its types only',
    file: 'page/x.ts',
    refused: "import * as api from '../scripts/lib/serve/api';\nvoid api;",
    allowed: "import type { StateView } from '../scripts/lib/serve/api';\nexport type S = StateView;",
    rule: 'no-restricted-imports',
  },
  {
    folder: 'page: no Node',
    file: 'page/x.ts',
    refused: "import { readFile } from 'node:fs';\nvoid readFile;",
    allowed: 'export const here = document.title;',
    rule: 'no-restricted-imports',
  },
];

const BIN = { file: 'scripts/bin/x.ts', code: 'process.exitCode = 1;\n' };
let results: string[][] = [];
beforeAll(() => {
  results = lintAll([
    ...cases.flatMap((c) => [
      { file: c.file, code: `${c.refused}\n` },
      { file: c.file, code: `${c.allowed}\n` },
    ]),
    BIN,
  ]);
});

describe.each(cases.map((c, i) => ({ ...c, i })))('$folder', ({ file, rule, i }) => {
  test(`${rule} refuses it in ${file}`, () => {
    expect(results[2 * i]).toContain(rule);
  });
  test('and allows the near miss', () => {
    expect(results[2 * i + 1]).not.toContain(rule);
  });
});

test('the bin may set the exit code', () => {
  expect(results[2 * cases.length]).not.toContain('no-restricted-properties');
});
