/**
 * 插入点评表: adds the three form sheets exactly as `template` makes them, or repairs the
 * validation and protection of sheets that are already there. Data already typed is never
 * written over. Three syncs: the sheet list, the state of the existing sheets, the writes.
 */
import { headerKey } from '../forms/read/sheet-reader';
import { STATUS_LABEL } from '../forms/guidance';
import { instructionsLayout } from '../forms/instructions-layout';
import { type SheetLayout, INSTRUCTIONS_SHEET, branchLayouts, filterRange } from '../forms/layout';
import { type BranchMeta, META_SHEET, metaFromGrid } from '../forms/meta';
import { layoutContextOf, queueInstructions, queueLists, queueMeta } from './branch-sheets';
import { AddinError } from './errors';
import { type SheetEntry, findEntry, gridFromRange, loadSheetList } from './read-grids';
import { supportsExcelApi } from './run';
import {
  queueColumns,
  queueFreeze,
  queueHeader,
  queueLocking,
  queueNewFormSheet,
  queuePage,
  queuePrefill,
  queueMarks,
  queueProtect,
  queueStatus,
  queueValidations,
  type WriteOptions,
} from './write-layout';

export interface InsertResult {
  added: string[];
  repaired: string[];
  skipped: { sheet: string; reason: string }[];
  /** What this Excel could not write, and what to do instead (Chinese). */
  unavailable: string[];
}

interface Probe {
  layout: SheetLayout;
  entry: SheetEntry;
  header: Excel.Range;
  used: Excel.Range;
}

/** What is in the 填写状态 header cell: nothing yet, the column, or something of the secretary's (left alone). */
type StatusCell = 'absent' | 'present' | 'taken';
type Plan = { kind: 'fresh' } | { kind: 'repair'; hasData: boolean; dataRows: number; status: StatusCell } | { kind: 'skip'; reason: string };

function planFor(probe: Probe): Plan {
  const { layout } = probe;
  const found = (probe.header.values[0] ?? []).map((v) => headerKey(String(v ?? '')));
  const lastUsedRow = probe.used.isNullObject ? 0 : probe.used.rowIndex + probe.used.rowCount;
  const hasData = lastUsedRow > layout.headerRow;
  if (found.every((h) => h === '')) {
    return hasData ? { kind: 'skip', reason: `第 ${layout.headerRow} 行没有表头，但表中已有内容，未作修改。` } : { kind: 'fresh' };
  }
  const wrong = layout.columns.findIndex((c, i) => found[i] !== headerKey(c.header));
  if (wrong >= 0) {
    const c = layout.columns[wrong];
    return { kind: 'skip', reason: `表头与模板不同（${c.letter} 列应为“${c.header}”），为免弄乱已填内容，未作修改。` };
  }
  const statusHeader = layout.status ? (found[layout.columns.length] ?? '') : 'none';
  const status: StatusCell = statusHeader === '' ? 'absent' : statusHeader === headerKey(STATUS_LABEL) ? 'present' : 'taken';
  return { kind: 'repair', hasData, dataRows: Math.max(0, lastUsedRow - layout.headerRow), status };
}

/** What the layout asks for that this Excel cannot write (see docs/addin.md for the versions). */
export function unavailableFeatures(opts: WriteOptions): string[] {
  const out: string[] = [];
  if (!opts.api18)
    out.push(
      '此版本的 Excel（ExcelApi 1.7，如 Excel 2019 批量许可版）不能写入下拉列表和填写提示：插入的表没有下拉列表。请尽量使用办公室下发的点评表（已带下拉列表），填好后用“检查”核对。',
    );
  else if (!opts.api19) out.push('此版本的 Excel 不能设置筛选按钮和打印格式（A4 横向、每页重复表头），其余内容与下发的点评表相同。');
  return out;
}

export async function insertForms(context: Excel.RequestContext, meta: BranchMeta): Promise<InsertResult> {
  const opts = { api18: supportsExcelApi('1.8'), api19: supportsExcelApi('1.9') };
  const layouts = branchLayouts(layoutContextOf(meta));

  const entries = await loadSheetList(context);
  const probes: Probe[] = [];
  for (const layout of layouts) {
    const entry = findEntry(entries, layout.name);
    if (!entry) continue;
    const header = entry.sheet.getRange(filterRange(layout));
    header.load('values');
    const used = entry.sheet.getUsedRangeOrNullObject(true);
    used.load('rowIndex,rowCount');
    entry.sheet.protection.load('protected');
    probes.push({ layout, entry, header, used });
  }
  const metaEntry = findEntry(entries, META_SHEET);
  const metaUsed = metaEntry?.sheet.getUsedRangeOrNullObject(true);
  metaUsed?.load('values,rowIndex,columnIndex');
  await context.sync();

  if (metaUsed && !metaUsed.isNullObject) {
    const stored = metaFromGrid(gridFromRange(META_SHEET, 'veryHidden', metaUsed.rowIndex, metaUsed.columnIndex, metaUsed.values, [], []));
    if (stored.finalizedAt) throw new AddinError('finalized', '本工作簿已定稿，不能再插入或修改点评表。如需修改，请先点“取消定稿”。');
  }

  const result: InsertResult = { added: [], repaired: [], skipped: [], unavailable: unavailableFeatures(opts) };
  queueMeta(context, entries, meta);
  queueLists(context, entries, meta);
  if (!findEntry(entries, INSTRUCTIONS_SHEET)) queueInstructions(context, instructionsLayout(layoutContextOf(meta), layouts), opts);
  let firstAdded: Excel.Worksheet | undefined;
  for (const layout of layouts) {
    const probe = probes.find((p) => p.layout === layout);
    if (!probe) {
      const sheet = queueNewFormSheet(context, layout, opts);
      firstAdded ??= sheet;
      result.added.push(layout.name);
      continue;
    }
    const plan = planFor(probe);
    if (plan.kind === 'skip') {
      result.skipped.push({ sheet: layout.name, reason: plan.reason });
      continue;
    }
    const { sheet } = probe.entry;
    const wasProtected = sheet.protection.protected;
    if (wasProtected) sheet.protection.unprotect();
    if (plan.kind === 'fresh') {
      queueColumns(sheet, layout);
      queueHeader(sheet, layout);
      queuePrefill(sheet, layout);
      queueStatus(sheet, layout);
      queueMarks(sheet, layout);
      queuePage(sheet, layout, opts);
    } else {
      // 填写状态 is restored where it is (formulas only: its marks are there); added where the column is free.
      if (plan.status !== 'taken') queueStatus(sheet, layout);
      if (plan.status === 'absent') queueMarks(sheet, layout);
      // A sheet that was never protected may not have the template's unlocked columns: set the
      // locking first, or protecting it would lock every cell the secretary has to fill.
      if (!wasProtected) queueLocking(sheet, layout, plan.hasData ? plan.dataRows : layout.prefill.length);
      if (!plan.hasData) queuePrefill(sheet, layout);
    }
    if (opts.api18) queueValidations(sheet, layout);
    queueFreeze(sheet, layout);
    queueProtect(sheet, layout);
    result.repaired.push(layout.name);
  }
  firstAdded?.activate();
  await context.sync();
  return result;
}
