/**
 * Identity: rows about another branch's members, a `_meta` naming another branch, a file
 * edited after 定稿, one member twice, a report passed as a branch file, a workbook without
 * `_meta`. (Two files for one branch is merge's to decide: see scripts/lib/commands/merge.ts.)
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { type BadCase, type Fixture, STAGE, tempDir, viaExcelJs } from '../helpers/corpus';
import { columnOf, memberRow } from '../helpers/sheet-edit';

export function setMeta(wb: ExcelJS.Workbook, key: string, value: string): void {
  const ws = wb.getWorksheet('_meta') as ExcelJS.Worksheet;
  for (let r = 1; r <= ws.rowCount; r++) {
    if (ws.getCell(r, 1).value === key) {
      ws.getCell(r, 2).value = value;
      return;
    }
  }
  ws.addRow([key, value]);
}

/** Appends a copy of the member sheet's row of member `index` at the end, named `name`. */
export function appendMemberRow(fx: Fixture, index: number, name?: string) {
  return (wb: ExcelJS.Workbook): void => {
    const ws = wb.getWorksheet('党员点评') as ExcelJS.Worksheet;
    const src = memberRow(ws, fx.roster.members.filter((m) => m.branch === fx.roster.branches[1].name)[index].name);
    const values = (ws.getRow(src).values as ExcelJS.CellValue[]).slice(1);
    const row = ws.addRow(values);
    if (name) row.getCell(columnOf(ws, '姓名')).value = name;
  };
}

export const otherMember = (fx: Fixture) => fx.roster.members.find((m) => m.branch === fx.roster.branches[0].name)?.name as string;

export const IDENTITY: (BadCase & { roster?: boolean })[] = [
  {
    id: 'a row about another branch’s member (with the roster)',
    name: 'other-member.xlsx',
    make: (fx) => viaExcelJs(fx.good[1], appendMemberRow(fx, 0, otherMember(fx))),
    rule: 'memberOfOtherBranch',
    roster: true,
    says: /不属于本党小组/,
  },
  {
    id: 'a row about a member of another branch (without the roster: not in this file’s list)',
    name: 'other-member-2.xlsx',
    make: (fx) => viaExcelJs(fx.good[1], appendMemberRow(fx, 0, otherMember(fx))),
    rule: 'memberNotInRoster',
    says: /不在名单的党员中/,
  },
  {
    id: 'one member reviewed twice',
    name: 'twice.xlsx',
    make: (fx) => viaExcelJs(fx.good[1], appendMemberRow(fx, 1)),
    rule: 'duplicateReview',
    says: /已在第 \d+ 行点评过/,
  },
  {
    id: '_meta naming a branch that is not in the roster',
    name: 'meta-branch.xlsx',
    make: (fx) => viaExcelJs(fx.good[1], (wb) => setMeta(wb, 'branch', '不存在党小组')),
    rule: 'branchNotInRoster',
    roster: true,
    says: /不存在党小组.*不在名单中/,
  },
  {
    id: 'edited after 定稿 (digest no longer matches)',
    name: 'edited.xlsx',
    make: (fx) =>
      viaExcelJs(fx.good[1], (wb) => {
        setMeta(wb, 'finalizedAt', '2010-09-20T10:00:00+08:00');
        setMeta(wb, 'contentDigest', '0'.repeat(64));
      }),
    rule: 'editedAfterFinalize',
    says: /定稿后.*重新定稿/,
  },
  {
    id: 'a report passed where a branch file is expected',
    name: 'report.xlsx',
    make: async (fx) => {
      const { buildMergeModel } = await import('../../../scripts/lib/commands/merge');
      const { buildReportWorkbook } = await import('../../../addin/report/exceljs-renderer');
      const dir = await tempDir();
      await fs.writeFile(path.join(dir, 'b.xlsx'), fx.good[2]);
      const model = await buildMergeModel([dir], { roster: fx.roster, stage: STAGE });
      return Buffer.from(await buildReportWorkbook(model).xlsx.writeBuffer());
    },
    rule: 'notBranchWorkbook',
    says: /汇总表/,
    mergeSkips: true,
  },
  {
    id: 'a branch file whose _meta claims to be a report',
    name: 'fake-report.xlsx',
    make: (fx) => viaExcelJs(fx.good[1], (wb) => setMeta(wb, 'kind', 'report')),
    rule: 'metaInvalid',
    says: /_meta/,
  },
  {
    id: 'a workbook without _meta (made by hand)',
    name: 'no-meta.xlsx',
    make: (fx) => viaExcelJs(fx.good[1], (wb) => wb.removeWorksheet((wb.getWorksheet('_meta') as ExcelJS.Worksheet).id)),
    rule: 'metaMissing',
    says: /_meta.*下发的模板/,
  },
  {
    id: 'a _meta from a newer template version',
    name: 'version.xlsx',
    make: (fx) => viaExcelJs(fx.good[1], (wb) => setMeta(wb, 'schemaVersion', '99')),
    rule: 'schemaVersion',
  },
];
