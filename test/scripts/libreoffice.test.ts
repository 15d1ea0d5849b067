/**
 * A branch file re-saved by LibreOffice (`soffice --headless --convert-to xlsx`) reads the same:
 * the same records, the same problems at the same cells, nothing new; and a blank template
 * keeps what a secretary needs (hidden _meta, dropdowns, date bounds, protection); a school's
 * report opened and saved again still matches its content digest (the county takes it).
 * One soffice run for the whole file.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type BranchRead, allProblems, isBranchRead, readBranchWorkbook } from '../../addin/forms/read/branch-reader';
import { membersOf } from '../../addin/forms/roster';
import { readReportContent } from '../../addin/report/model/report-reader';
import { runCheck } from '../../scripts/lib/commands/check';
import { buildMergeModel } from '../../scripts/lib/commands/merge';
import { reportToXlsx } from '../../scripts/lib/workbook/report-writer';
import { sampleSchool } from '../../scripts/lib/demo/sample';
import { writeBranchTemplates } from '../../scripts/lib/commands/template';
import { openZip } from '../../scripts/lib/xlsx/zip-reader';
import { branchInput, fillFile, gridsOf, libreOfficeResave, tempDir } from '../helpers/workbooks';

const STAGE = '全面争创';
const AS_OF = '2010-09-30';
const school = sampleSchool(51, { branches: 3, membersPerBranch: 6 });
const { roster } = school;
let dir: string;
let originals: { clean: string; planted: string; blank: string };
let resaved: { clean: string; planted: string; blank: string; report: string };

beforeAll(async () => {
  dir = await tempDir('lo');
  const { files } = await writeBranchTemplates(roster, STAGE, path.join(dir, 'issued'));
  const clean = await fillFile(files[0].file, path.join(dir, 'in', 'clean.xlsx'), branchInput(school, files[0].branch, STAGE, 7));
  const planted = await fillFile(
    files[1].file,
    path.join(dir, 'in', 'planted.xlsx'),
    branchInput(school, files[1].branch, STAGE, 8, (input) => {
      input.member[0].date = '2010-07-15';
      input.member[1].achievements = undefined;
      input.member[2].date = '2010/9/12';
      input.member[3].reviewer = '外校领导';
      input.org[0].method = '集中点评';
      input.rectification.push({
        objectKind: '党员',
        object: input.member[4].name,
        issue: '记录不全。',
        measures: '建立台账。',
        owner: input.member[4].name,
        dueDate: '2010-10-31',
        status: '已整改',
      });
    }),
  );
  const blank = path.join(dir, 'in', 'blank.xlsx');
  await fs.copyFile(files[2].file, blank);
  originals = { clean, planted, blank };
  const report = path.join(dir, 'report.xlsx');
  await fs.writeFile(report, await reportToXlsx(await buildMergeModel([clean, planted], { roster, stage: STAGE })));
  const [c, p, b, r] = await libreOfficeResave([clean, planted, blank, report], path.join(dir, 'lo'));
  resaved = { clean: c, planted: p, blank: b, report: r };
}, 300_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function branchRead(file: string): Promise<BranchRead> {
  const read = readBranchWorkbook(await gridsOf(file), { roster, asOf: AS_OF });
  if (!isBranchRead(read)) throw new Error(`${file} is not read as a branch workbook`);
  return read;
}

function records(read: BranchRead) {
  const of = (rows?: { row: number; record: unknown }[]) => (rows ?? []).map((r) => [r.row, r.record]);
  return {
    org: of(read.forms.org?.rows),
    member: of(read.forms.member?.rows),
    rectification: of(read.forms.rectification?.rows),
    schedule: of(read.forms.schedule?.rows),
  };
}

async function problemsAt(file: string): Promise<string[]> {
  const result = await runCheck([file], { roster, asOf: AS_OF });
  return result.files[0].problems.map((p) => `${p.rule}@${p.sheet}!${p.cell}`).sort();
}

describe('a branch file re-saved by LibreOffice', () => {
  it("really is LibreOffice's file", async () => {
    const copy = await fs.readFile(resaved.clean);
    expect(copy.equals(await fs.readFile(originals.clean))).toBe(false);
    const zip = await openZip(copy);
    try {
      expect((await zip.read('docProps/app.xml')).toString('utf8')).toMatch(/<Application>LibreOffice/);
    } finally {
      zip.close();
    }
  });

  it('reads the same records, row for row', async () => {
    const before = records(await branchRead(originals.clean));
    const after = records(await branchRead(resaved.clean));
    expect(before.member).toHaveLength(membersOf(roster, roster.branches[0].name).length);
    expect(after).toEqual(before);
  });

  it('stays clean: no problem before, none after', async () => {
    expect(await problemsAt(originals.clean)).toEqual([]);
    expect(await problemsAt(resaved.clean)).toEqual([]);
  });

  it('reports the same planted problems at the same cells, and nothing new', async () => {
    const before = await problemsAt(originals.planted);
    expect(before).toEqual(
      [
        'dateOutsideStage@党员点评!G2',
        // 2010-07-15 is also weeks before the date planned for that member.
        'reviewFarFromPlan@党员点评!G2',
        'missingElement@党员点评!O3',
        'unexpectedMemberReviewer@党员点评!E5',
        'unusualMethod@党组织点评!G2',
        'doneWithoutDate@整改台账!H3',
      ].sort(),
    );
    expect(await problemsAt(resaved.planted)).toEqual(before);
    expect(records(await branchRead(resaved.planted))).toEqual(records(await branchRead(originals.planted)));
  });

  it('keeps a blank template usable: check finds it only 尚未填写, _meta hidden, pre-filled rows', async () => {
    expect(await problemsAt(resaved.blank)).toEqual(['notFilled@党组织点评!undefined']);
    const grids = await gridsOf(resaved.blank);
    // LibreOffice has no "very hidden": it saves such sheets as hidden. Still not shown, still read.
    expect(grids.filter((g) => g.name.startsWith('_')).map((g) => [g.name, g.state === 'visible' ? 'visible' : 'hidden'])).toEqual([
      ['_lists', 'hidden'],
      ['_meta', 'hidden'],
    ]);
    const read = await branchRead(resaved.blank);
    expect(read.forms.member?.untouchedRows.map((r) => r.values?.name)).toEqual(membersOf(roster, roster.branches[2].name).map((m) => m.name));
  });

  it('keeps the dropdowns, date bounds and sheet protection of a blank template', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(resaved.blank);
    const ws = wb.getWorksheet('党员点评');
    if (!ws) throw new Error('no 党员点评');
    const model = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(model.H2).toMatchObject({ type: 'list', showErrorMessage: true });
    expect(model.H2?.formulae?.[0]).toBe('"集中点评,现场点评,谈话点评"');
    expect(model.G2).toMatchObject({ type: 'date', operator: 'between' });
    const rect = wb.getWorksheet('整改台账');
    const objects = (rect as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model.B2;
    expect(objects?.type).toBe('list');
    expect(String(objects?.formulae?.[0])).toMatch(/_lists.*\$C\$2:\$C\$8/);
    // exceljs does not understand LibreOffice's sheet="true"; look at the XML itself.
    const zip = await openZip(await fs.readFile(resaved.blank));
    try {
      const xml = (await zip.read('xl/worksheets/sheet4.xml')).toString('utf8');
      expect(xml).toMatch(/<sheetProtection [^>]*sheet="(1|true)"/);
      expect(xml).not.toMatch(/<sheetProtection [^>]*(password|hashValue)=/);
    } finally {
      zip.close();
    }
  });

  it('can be annotated, and the annotated copy holds the same problems (check skips it as 标注副本 until edited)', async () => {
    const out = path.join(dir, 'annotated');
    const result = await runCheck([resaved.planted], { roster, asOf: AS_OF, annotateDir: out });
    const copy = path.join(out, 'planted.xlsx');
    expect(result.files[0].annotated).toBe(copy);
    const read = readBranchWorkbook(await gridsOf(copy), { roster, asOf: AS_OF });
    if (!isBranchRead(read)) throw new Error('the annotated copy is not a branch workbook');
    expect(
      allProblems(read)
        .map((p) => `${p.rule}@${p.sheet}!${p.cell}`)
        .sort(),
    ).toEqual(await problemsAt(originals.planted));
    expect((await runCheck([copy], { roster, asOf: AS_OF })).files[0]).toMatchObject({ status: 'skipped', reason: expect.stringContaining('标注副本') });
  });
});

describe('a report re-saved by LibreOffice', () => {
  it('still matches its content digest and its parts agree: the county takes it', async () => {
    const content = readReportContent(await gridsOf(resaved.report));
    if (!('meta' in content)) throw new Error('not read as a report');
    expect(content.problems).toEqual([]);
    expect(content.member.length).toBeGreaterThan(0);
  });
});
