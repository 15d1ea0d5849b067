/**
 * Privacy is a property of the model, proven by canaries: a unique string in every field a
 * stranger must not read (test/helpers/canaries.ts) reaches the internal report and no part of
 * the public version — sheets, shared strings, comments, docProps, defined names: every file in
 * its zip. Regression: 公开版 printed a ledger row's 备注 about a person word for word.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { cellAt } from '../../../addin/forms/cell';
import { denseLine } from '../../helpers/grids';
import { type FormId, type Subject, isPublicFor } from '../../../addin/forms/form';
import { PUBLISHED_FORMS, WITHHELD, publicColumns } from '../../../addin/report/model/public-version';
import { mergeToFile } from '../../../scripts/lib/commands/merge';
import { publishReport } from '../../../scripts/lib/commands/publish';
import { UsageError } from '../../../scripts/lib/errors';
import { readXlsx } from '../../../scripts/lib/xlsx/xlsx-reader';
import { type CanaryFixture, canariesIn, canaryFixture, fieldsToHide } from '../../helpers/canaries';
import { unzipEntries } from '../../helpers/zip';
import { viaExcelJs } from '../../robustness/helpers/corpus';

jest.setTimeout(120_000);

let fx: CanaryFixture;
let report: string;
let published: string;

beforeAll(async () => {
  fx = await canaryFixture();
  report = path.join(fx.dir, '汇总.xlsx');
  published = path.join(fx.dir, '公开版.xlsx');
  await mergeToFile([fx.inbox], report, { roster: fx.roster, stage: '全面争创' });
  await publishReport(report, published);
});

afterAll(() => fs.rm(fx.dir, { recursive: true, force: true }));

const ROWS: [FormId, Subject][] = [
  ['org', 'organization'],
  ['member', 'person'],
  ['rectification', 'organization'],
  ['rectification', 'person'],
  ['schedule', 'organization'],
  ['schedule', 'person'],
];

describe('the README says what the model publishes', () => {
  it('its 公开版 table is the model’s visibility, row by row', async () => {
    const readme = await fs.readFile(path.join(__dirname, '../../../README.md'), 'utf8');
    const label: Record<Subject, string> = { organization: '党组织', person: '党员' };
    for (const form of PUBLISHED_FORMS) {
      const shown = publicColumns(form);
      const subjects: Subject[] = typeof form.subject === 'string' ? [form.subject] : ['organization', 'person'];
      for (const subject of subjects) {
        const cells = [
          form.sheetName,
          label[subject],
          shown.filter((c) => isPublicFor(c, subject)).map((c) => c.meta.label),
          shown.filter((c) => !isPublicFor(c, subject)).map((c) => c.meta.label),
          form.columns.filter((c) => !shown.includes(c)).map((c) => c.meta.label),
        ].map((cell) => (Array.isArray(cell) ? cell.join(', ') || '—' : cell));
        expect(readme).toContain(`| ${cells.join(' | ')} |`);
      }
    }
  });
});

describe('the public version holds no canary', () => {
  it('a canary sits in every field a stranger must not read, of every kind of row', () => {
    const missing = ROWS.flatMap(([id, subject]) => fieldsToHide(id, subject).map((c) => `${id}.${c.key}/${subject}`)).filter((w) => !fx.covered.has(w));
    expect(missing).toEqual([]);
    // The ledger's 备注 on a row about a person: the field that leaked. 备注 is the office's own
    // note and 来源文件 a file name, on rows about an organization too.
    for (const where of ['rectification.note/person', 'rectification.issue/person', 'rectification.object/person', 'rectification.owner/person'])
      expect(fx.covered).toContain(where);
    for (const where of ['org.note/organization', 'org.sourceFile/organization', 'rectification.note/organization']) expect(fx.covered).toContain(where);
  });

  it('every canary reaches the internal report (the rows were merged, not rejected)', async () => {
    const found = canariesIn(await unzipEntries(await fs.readFile(report)), fx.canaries.keys());
    expect([...fx.canaries].filter(([c]) => !found.has(c)).map(([, where]) => where)).toEqual([]);
  });

  it('no canary is in any part of the public version', async () => {
    const parts = await unzipEntries(await fs.readFile(published));
    expect([...parts.keys()]).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/sharedStrings.xml', 'docProps/core.xml', 'docProps/app.xml']));
    const found = canariesIn(parts, fx.canaries.keys());
    expect([...found].map(([c, inParts]) => `${fx.canaries.get(c)} in ${inParts.join(', ')}`)).toEqual([]);
  });

  it('publishes what the model allows: the organization review, the ledger with a person’s row withheld, no member review', async () => {
    const grids = (await readXlsx(await fs.readFile(published), '公开版.xlsx')).grids;
    expect(grids.map((g) => g.name)).toEqual(['说明', '汇总', ...PUBLISHED_FORMS.map((f) => f.sheetName)]);
    for (const form of PUBLISHED_FORMS) {
      const grid = grids.find((g) => g.name === form.sheetName);
      expect(denseLine(grid?.rows[0] ?? { r: 1, cols: [], values: [] })).toEqual(publicColumns(form).map((c) => c.meta.label));
    }
    const ledger = grids.find((g) => g.name === '整改台账');
    const labels = denseLine(ledger?.rows[0] ?? { r: 1, cols: [], values: [] });
    const at = (label: string) => labels.indexOf(label);
    const rows = ledger?.rows.slice(1) ?? [];
    expect(rows.map((r) => cellAt(r, at('对象类型')))).toEqual(['党组织', '党员']);
    const person = rows[1];
    for (const label of ['整改对象', '问题', '整改措施', '责任人']) expect(cellAt(person, at(label))).toBe(WITHHELD);
    expect(cellAt(person, at('状态'))).toBe('整改中');
    expect(labels).not.toContain('备注');
    expect(labels).not.toContain('来源文件');
    expect(cellAt(rows[0], at('整改对象'))).toBe(fx.roster.branches[0].name);
    const org = grids.find((g) => g.name === '党组织点评');
    expect(org?.rows).toHaveLength(2);
  });
});

describe('publish trusts only a report as merge made it', () => {
  it('a ledger row about a 党员 relabelled 党组织 after merge: refused with the reason, no public version written', async () => {
    const relabelled = await viaExcelJs(await fs.readFile(report), (wb) => {
      const ledger = wb.getWorksheet('整改台账') as ExcelJS.Worksheet;
      const kind = (ledger.getRow(1).values as unknown[]).indexOf('对象类型');
      ledger.eachRow((row, n) => {
        if (n > 1 && row.getCell(kind).value === '党员') row.getCell(kind).value = '党组织';
      });
    });
    const edited = path.join(fx.dir, '汇总-改过.xlsx');
    await fs.writeFile(edited, relabelled);
    const out = path.join(fx.dir, '公开版-改过.xlsx');
    const refused = await publishReport(edited, out).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as UsageError).reason).toBe('report-untrusted-publish');
    expect((refused as UsageError).message).toMatch(/^汇总表 .*汇总-改过\.xlsx 不能据以生成公开版：_meta 汇总表生成后内容又被修改/);
    await expect(fs.stat(out)).rejects.toThrow();
  });
});
