// Lint and folder rules (imports point inward: README, Code map). `npm run lint` runs eslint and
// prettier --check; `npm test` runs it first.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'zlib',
  'stream',
  'util',
  'url',
  'http',
  'https',
  'net',
  'vm',
  'v8',
  'buffer',
  'string_decoder',
];
const node = { group: NODE_BUILTINS, message: 'Node built-ins belong in scripts/ (this folder runs in the browser too).' };
const exceljs = {
  group: ['exceljs', 'exceljs/*'],
  message: 'exceljs belongs in the renderers (addin/report/exceljs-renderer.ts, scripts/lib/workbook), not here.',
};
const scripts = { group: ['**/scripts/**'], message: 'The add-in never imports scripts/.' };
const office = { group: ['**/excel/*', '**/taskpane/*'], message: 'Office.js and pane code stay in addin/excel and addin/taskpane.' };
const pureOnly = { regex: '^(?!\\.|zod$|@noble/hashes/)', message: 'The pure core imports only zod, @noble/hashes and itself.' };
const renderer = { regex: 'exceljs-renderer$', message: 'The pure model never renders.' };
const officeGlobals = ['Excel', 'Office', 'OfficeExtension'].map((name) => ({ name, message: 'Office.js is used only in addin/excel and addin/taskpane.' }));
const domGlobals = ['document', 'window', 'HTMLElement', 'navigator'].map((name) => ({
  name,
  message: 'addin/excel has no DOM: the pane (addin/taskpane) owns the page.',
}));

function restrict(...patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  { ignores: ['build/', 'dist/', 'coverage/', 'node_modules/', 'test-artifacts/', 'demo-output/', 'bench/.cache/', 'addin/manifest-schemas/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
      // The text normalizers and XML escapes match control characters on purpose.
      'no-control-regex': 'off',
      // Chinese text and its tests hold full-width spaces (U+3000) in strings and comments on purpose.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipComments: true, skipRegExps: true, skipTemplates: true }],
    },
  },
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // What a form is, and the report model: pure (zod and the hash library only).
  {
    files: ['addin/forms/**/*.ts'],
    rules: {
      ...restrict(pureOnly, node, exceljs, scripts, office, {
        group: ['**/report/**'],
        message: 'The forms do not know the report; the report model imports the forms.',
      }),
      'no-restricted-globals': ['error', ...officeGlobals],
    },
  },
  {
    files: ['addin/report/model/**/*.ts'],
    rules: { ...restrict(pureOnly, node, exceljs, scripts, office, renderer), 'no-restricted-globals': ['error', ...officeGlobals] },
  },
  { files: ['addin/report/*.ts'], rules: { ...restrict(node, scripts, office), 'no-restricted-globals': ['error', ...officeGlobals] } },
  // Office.js without DOM; the pane owns the page.
  {
    files: ['addin/excel/**/*.ts'],
    rules: {
      ...restrict(node, exceljs, scripts, { group: ['**/taskpane/*'], message: 'addin/excel does not know the pane.' }, renderer),
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  { files: ['addin/taskpane/**/*.ts'], languageOptions: { globals: { ...globals.browser } }, rules: restrict(node, scripts) },
  // Node: never the add-in's Office.js or pane code.
  { files: ['scripts/**/*.ts', 'bench/**/*.ts'], rules: restrict(office) },
  // The office's page (served by `review-forms serve`): DOM only; it knows the server by the JSON
  // types of scripts/lib/serve/api.ts, never its code.
  {
    files: ['page/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            node,
            exceljs,
            office,
            { regex: 'scripts/(?!lib/serve/api$)', message: 'The page talks to the server over HTTP; it imports only the API types.' },
            { regex: 'scripts/lib/serve/api$', allowTypeImports: true, message: 'Only types from the API (import type).' },
          ],
        },
      ],
    },
  },
  // The xlsx layer knows zips and XML, not commands.
  {
    files: ['scripts/lib/xlsx/**/*.ts'],
    rules: restrict(office, {
      group: ['**/commands/*', '**/load/*', '**/workbook/*', '**/demo/*'],
      message: 'scripts/lib/xlsx imports no command, loader or workbook writer.',
    }),
  },
  // Where outputs go and how they are written: a leaf every command calls, knowing no command.
  {
    files: ['scripts/lib/files/**/*.ts'],
    rules: restrict(office, {
      group: ['**/commands/*', '**/load/*', '**/workbook/*', '**/xlsx/*', '**/demo/*'],
      message: 'scripts/lib/files knows paths and writes, not commands, loaders, workbooks or xlsx.',
    }),
  },
  // Only the bin sets the exit code: library code throws typed errors (scripts/lib/errors.ts).
  {
    files: ['scripts/lib/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only scripts/bin exits; throw a ReviewFormsError.' },
        { object: 'process', property: 'exitCode', message: 'Only scripts/bin sets the exit code; return it or throw.' },
      ],
    },
  },
  prettier,
);
