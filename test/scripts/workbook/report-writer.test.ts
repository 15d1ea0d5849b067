/**
 * The Node report writer (scripts/lib/workbook/report-writer.ts) renders the same sheet data as the
 * exceljs renderer (addin/report): both outputs, loaded back with exceljs, have the same sheets,
 * layout, cells and styles. Its output is the same bytes for the same model, and hostile text
 * comes back through our reader as it went in.
 */
import { cellAt } from '../../../addin/forms/cell';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { ReportModel } from '../../../addin/report/model/report-model';
import { FONT_NAME } from '../../../addin/report/model/sheet-layout';
import { reportToBytes } from '../../helpers/exceljs-report';
import { branchInput, fillFile, tempDir } from '../../helpers/workbooks';
import { sampleSchool } from '../../../scripts/lib/demo/sample';
import { buildMergeModel } from '../../../scripts/lib/commands/merge';
import { escapeCellText, reportToXlsx } from '../../../scripts/lib/workbook/report-writer';
import { ZipWriter } from '../../../scripts/lib/xlsx/zip-writer';
import { writeBranchTemplates } from '../../../scripts/lib/commands/template';
import { readXlsx } from '../../../scripts/lib/xlsx/xlsx-reader';

const STAGE = '全面争创';
let dir: string;
let model: ReportModel;

beforeAll(async () => {
  dir = await tempDir('report-xlsx');
  const school = sampleSchool(7, { branches: 3, membersPerBranch: 5 });
  const templates = await writeBranchTemplates(school.roster, STAGE, path.join(dir, 'issued'));
  // Two of three branches filled: 未覆盖 has rows, and 汇总 a branch under 100%.
  for (const [i, t] of templates.files.slice(0, 2).entries()) {
    const input = branchInput(school, t.branch, STAGE, 30 + i, (x) => {
      if (i === 1) x.member[0].date = '2010-10-08'; // a rejected row: 问题清单 has one
    });
    await fillFile(t.file, path.join(dir, 'in', `b${i}.xlsx`), input);
  }
  model = await buildMergeModel([path.join(dir, 'in')], { roster: school.roster, stage: STAGE });
}, 120_000);

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

function styleOf(s: Partial<ExcelJS.Style>) {
  const fill = s.fill?.type === 'pattern' && s.fill.pattern === 'solid' ? s.fill.fgColor?.argb : undefined;
  const side = (b: Partial<ExcelJS.Border> | undefined) => (b?.style ? `${b.style} ${b.color?.argb}` : undefined);
  return {
    numFmt: s.numFmt && s.numFmt !== 'General' ? s.numFmt : undefined,
    bold: !!s.font?.bold,
    font: [s.font?.name, s.font?.size],
    fill,
    wrapText: !!s.alignment?.wrapText,
    vertical: s.alignment?.vertical,
    horizontal: s.alignment?.horizontal,
    border: [side(s.border?.top), side(s.border?.left), side(s.border?.bottom), side(s.border?.right)],
  };
}

function sheetShape(ws: ExcelJS.Worksheet) {
  const cells: Record<string, unknown> = {};
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      cells[cell.address] = { value: cell.value, style: styleOf(cell.style) };
    }),
  );
  const p: Partial<ExcelJS.PageSetup> = ws.pageSetup ?? {};
  const boldRows: number[] = [];
  ws.eachRow((row, r) => row.font?.bold && boldRows.push(r));
  const heights: Record<number, number | undefined> = {};
  ws.eachRow((row, r) => (heights[r] = row.height));
  return {
    name: ws.name,
    state: ws.state,
    widths: (ws.columns ?? []).map((c) => c.width),
    columnStyles: (ws.columns ?? []).map((c) => styleOf(c.style ?? {})),
    views: (ws.views ?? []).map((v) => ({
      state: v.state,
      ySplit: (v as ExcelJS.WorksheetViewFrozen).ySplit,
      topLeftCell: (v as ExcelJS.WorksheetViewFrozen).topLeftCell,
    })),
    autoFilter: ws.autoFilter,
    // A hidden sheet is never printed: exceljs writes its defaults there, we write none.
    pageSetup:
      ws.state !== 'visible'
        ? undefined
        : {
            paperSize: p.paperSize,
            orientation: p.orientation,
            fitToPage: p.fitToPage,
            fitToWidth: p.fitToWidth,
            fitToHeight: p.fitToHeight,
            scale: p.fitToPage ? undefined : p.scale,
            printTitlesRow: p.printTitlesRow,
            printTitlesColumn: p.printTitlesColumn,
            margins: p.margins,
          },
    headerFooter: { oddHeader: ws.headerFooter?.oddHeader, oddFooter: ws.headerFooter?.oddFooter },
    headerHeight: ws.getRow(1).height,
    heights,
    boldRows,
    cells,
  };
}

describe('report-xlsx writer', () => {
  it('writes what the exceljs renderer writes: sheets, layout, cells, styles, conditional formats, views', async () => {
    const [theirs, ours] = [await load(await reportToBytes(model)), await load(await reportToXlsx(model))];
    expect(ours.worksheets.map((w) => w.name)).toEqual(theirs.worksheets.map((w) => w.name));
    for (const ws of theirs.worksheets) {
      const mine = ours.getWorksheet(ws.name);
      if (!mine) throw new Error(`missing ${ws.name}`);
      expect(sheetShape(mine)).toEqual(sheetShape(ws));
    }
    const summary = (wb: ExcelJS.Workbook) =>
      (wb.getWorksheet('汇总') as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
    expect(summary(ours)).toEqual(summary(theirs));
    expect(summary(ours).flatMap((c) => c.rules.map((r) => r.type))).toEqual(['dataBar', 'expression', 'expression', 'expression', 'cellIs']);
    expect(ours.views).toEqual(theirs.views);
    // Not vacuous: the model has every kind of cell.
    const shape = sheetShape(ours.getWorksheet('汇总') as ExcelJS.Worksheet);
    expect(shape.boldRows).toEqual([model.summary.length + 2]);
    expect(
      Object.values(sheetShape(ours.getWorksheet('党员点评') as ExcelJS.Worksheet).cells).some((c) => (c as { value: unknown }).value instanceof Date),
    ).toBe(true);
    expect(ours.getWorksheet('_meta')?.state).toBe('veryHidden');
    // Wrapped comments get rows tall enough for them; every written cell names the one CJK font.
    const members = sheetShape(ours.getWorksheet('党员点评') as ExcelJS.Worksheet);
    expect(Object.values(members.heights).filter((h) => (h ?? 0) > 15).length).toBeGreaterThan(0);
    for (const ws of ours.worksheets.filter((w) => w.state === 'visible')) {
      const fonts = new Set(Object.values(sheetShape(ws).cells).map((c) => String((c as { style: { font: unknown[] } }).style.font[0])));
      expect([ws.name, [...fonts]]).toEqual([ws.name, [FONT_NAME]]);
    }
  });

  it('gives the same bytes for the same model', async () => {
    const [a, b] = [await reportToXlsx(model), await reportToXlsx(model)];
    expect(a.equals(b)).toBe(true);
    const zip = await JSZip.loadAsync(a);
    expect(Object.values(zip.files).every((f) => f.date.getUTCFullYear() <= 1980)).toBe(true);
    expect(await zip.file('docProps/core.xml')?.async('string')).not.toContain(String(new Date().getUTCFullYear()));
  });

  it('keeps hostile text: control characters, markup, emoji, a 32,767-character cell, spaces, newlines', async () => {
    const hostile = [
      'a\u0001b\u0008c\u000Bd\u001Fe',
      '<&>"\' </t></is>',
      '家😀👨‍👩‍👧',
      'x'.repeat(32_767),
      '  leading and trailing  ',
      'line 1\nline 2\r\nline 3\rend',
      '\ttab',
      '_x0041_ stays literal',
      'lone \uD800 surrogate',
      ' ',
    ];
    const m: ReportModel = { ...model, problems: hostile.map((message, i) => ({ file: `f${i}`, sheet: 's', cell: 'A1', severity: '提示', message })) };
    const { grids } = await readXlsx(await reportToXlsx(m), 'report.xlsx');
    const problems = grids.find((g) => g.name === '问题清单');
    expect(problems?.rows.slice(1).map((r) => cellAt(r, 4))).toEqual(hostile);
    // exceljs reads it too (it does not undo the _xHHHH_ escapes, but it must not fail).
    await load(await reportToXlsx(m));
  });

  it('escapes cell text as Excel does', () => {
    expect(escapeCellText('a&b<c>')).toBe('a&amp;b&lt;c&gt;');
    expect(escapeCellText('\u0000\r')).toBe('_x0000__x000D_');
    expect(escapeCellText('_x00AB_')).toBe('_x005F_x00AB_');
    expect(escapeCellText('😀')).toBe('😀');
    expect(escapeCellText('\uDC00x')).toBe('_xDC00_x');
  });
});

describe('report-xlsx writer, read by openpyxl', () => {
  // A strict reader: exceljs maps some invalid values back to what was meant (vertical="middle").
  it('loads without a warning and keeps the styles', async () => {
    const file = path.join(dir, 'ours.xlsx');
    await fs.writeFile(file, await reportToXlsx(model));
    const script = [
      'import json, sys, openpyxl',
      'wb = openpyxl.load_workbook(sys.argv[1])',
      "ws = wb['汇总']",
      'h = ws.cell(1, 6)',
      'print(json.dumps([ws.sheet_state, h.alignment.vertical, h.alignment.horizontal, h.font.b, h.fill.fgColor.rgb, h.border.top.style,',
      '  h.number_format, ws.freeze_panes, ws.auto_filter.ref, ws.page_setup.paperSize, ws.page_setup.fitToHeight, ws.print_title_rows,',
      "  ws.oddHeader.center.text, len(ws.conditional_formatting), wb['_meta'].sheet_state, wb.active.title]))",
    ].join('\n');
    const out = JSON.parse(execFileSync('/usr/bin/python3', ['-W', 'error', '-c', script, file], { encoding: 'utf8' }));
    expect(out).toEqual([
      'visible',
      'center',
      'center',
      true,
      'FFDDEBF7',
      'thin',
      '0.0%',
      'A2',
      'A1:U1',
      9,
      0,
      '$1:$1',
      expect.stringContaining('领导点评情况汇总'),
      3,
      'veryHidden',
      '汇总',
    ]);
  });
});

describe('zip writer', () => {
  it('writes entries (empty, one segment, many segments) that another reader unpacks', async () => {
    const zip = new ZipWriter();
    await zip.add('empty.txt', '');
    await zip.add('one.txt', 'hello 你好');
    const big = zip.entry('dir/big.txt');
    const parts: string[] = [];
    for (let i = 0; i < 40; i++) {
      const part = `${i} ${'点评'.repeat(i * 500)} ${'abc'.repeat(i * 300)}\n`;
      parts.push(part);
      await big.write(Buffer.from(part, 'utf8'));
    }
    await big.end();
    const unpacked = await JSZip.loadAsync(zip.finish(), { checkCRC32: true });
    expect(await unpacked.file('empty.txt')?.async('string')).toBe('');
    expect(await unpacked.file('one.txt')?.async('string')).toBe('hello 你好');
    expect(await unpacked.file('dir/big.txt')?.async('string')).toBe(parts.join(''));
  });
});
