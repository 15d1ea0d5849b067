/** `review-forms template`: one branch workbook per branch of the roster, for one stage. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { instructionsLayout } from '../../../addin/forms/instructions-layout';
import { type LayoutContext, branchLayouts } from '../../../addin/forms/layout';
import { type BranchMeta, SCHEMA_VERSION, metaToRows } from '../../../addin/forms/meta';
import { type Roster, type RosterBranch, membersOf, rosterDigest } from '../../../addin/forms/roster';
import { safeFileNamePart } from '../../../addin/forms/text';
import { writeFileAtomic } from '../files/atomic-write';
import { MAX_NAME_BYTES, fitBytes } from '../files/file-name';
import { ensureFolder } from '../files/output-folder';
import { InputPlaces, refuseOutputOnInput } from '../files/output-guard';
import { workbookBytes } from '../workbook/exceljs-output';
import { renderFormSheet, renderInstructions, renderLists, renderMeta } from '../workbook/sheet-renderer';
import { stageNamed } from './stage';

export function branchMetaFor(roster: Roster, ctx: LayoutContext): BranchMeta {
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'branch',
    unit: roster.unit,
    reportTo: roster.reportTo,
    secretary: roster.secretary,
    branch: ctx.branch.name,
    branchLeader: ctx.branch.leader,
    liaison: ctx.branch.liaison,
    stage: ctx.stage.name,
    stageStart: ctx.stage.start,
    stageEnd: ctx.stage.end,
    planDue: ctx.stage.planDue,
    reportDue: ctx.stage.reportDue,
    rosterDigest: rosterDigest(roster),
    members: ctx.members.map((m) => ({ name: m.name, post: m.post, category: m.category })),
  };
}

export function layoutContext(roster: Roster, stageName: string, branch: RosterBranch): LayoutContext {
  const stage = stageNamed(roster, stageName);
  return { unit: roster.unit, secretary: roster.secretary || undefined, stage, branch, members: membersOf(roster, branch.name) };
}

export async function buildBranchWorkbook(roster: Roster, ctx: LayoutContext, meta: BranchMeta = branchMetaFor(roster, ctx)): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // Excel and WPS recompute 填写状态 and the progress on open; the cached values show the blank state.
  wb.calcProperties.fullCalcOnLoad = true;
  const layouts = branchLayouts(ctx);
  renderInstructions(wb, instructionsLayout(ctx, layouts));
  for (const layout of layouts) await renderFormSheet(wb, layout);
  renderLists(wb, ctx);
  renderMeta(wb, metaToRows(meta));
  wb.views = [{ activeTab: 1, x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, visibility: 'visible' }];
  return wb;
}

/** A name part cut to `maxBytes`, without the trailing dots and spaces Windows drops. */
function fitPart(part: string, maxBytes: number): string {
  const out = fitBytes(part, maxBytes).replace(/[\s.]+$/, '');
  return out === '' ? '_' : out;
}

export const BRANCH_FILE_SUFFIX = '-点评表.xlsx';

/** File name from unit, branch and stage, safe on Windows; it can never leave `outDir`. */
export function branchFileName(unit: string, branch: string, stage: string, suffix = BRANCH_FILE_SUFFIX): string {
  const unitPart = fitPart(safeFileNamePart(unit, 40), 60);
  const stagePart = fitPart(safeFileNamePart(stage, 20), 40);
  const room = MAX_NAME_BYTES - Buffer.byteLength(`${unitPart}--${stagePart}${suffix}`);
  return `${unitPart}-${fitPart(safeFileNamePart(branch, 60), room)}-${stagePart}${suffix}`;
}

export interface TemplateResult {
  /** Files written. */
  files: { branch: string; file: string; members: number }[];
  /** Files that existed and were kept (not overwritten without `force`). */
  kept: { branch: string; file: string }[];
}

export interface TemplateOptions {
  /** Overwrite existing files (never the roster, whatever the spelling of its path). */
  force?: boolean;
  rosterFile?: string;
}

/**
 * One workbook per branch into `outDir`. An existing file is kept unless `force` (it may be a
 * returned, filled form); every file is checked against the roster before any is written.
 */
export async function writeBranchTemplates(roster: Roster, stageName: string, outDir: string, options: TemplateOptions = {}): Promise<TemplateResult> {
  const root = path.resolve(outDir);
  const used = new Set<string>();
  const plan: { branch: RosterBranch; ctx: LayoutContext; file: string; exists: boolean }[] = [];
  for (const branch of roster.branches) {
    const ctx = layoutContext(roster, stageName, branch);
    let name = branchFileName(roster.unit, branch.name, ctx.stage.name);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = name.replace(/(-\d+)?-点评表\.xlsx$/, `-${n}-点评表.xlsx`);
    used.add(name.toLowerCase());
    const file = path.join(root, name);
    if (path.dirname(file) !== root) throw new Error(`unsafe file name ${name}`);
    const exists = await fs.lstat(file).then(
      () => true,
      () => false,
    );
    plan.push({ branch, ctx, file, exists });
  }
  const places = await InputPlaces.of({ roster: options.rosterFile });
  for (const p of plan) if (!p.exists || options.force) await refuseOutputOnInput(places, p.file);
  await ensureFolder(root, outDir);
  const result: TemplateResult = { files: [], kept: [] };
  for (const { branch, ctx, file, exists } of plan) {
    if (exists && !options.force) {
      result.kept.push({ branch: branch.name, file });
      continue;
    }
    const wb = await buildBranchWorkbook(roster, ctx);
    await writeFileAtomic(file, await workbookBytes(wb));
    result.files.push({ branch: branch.name, file, members: ctx.members.length });
  }
  return result;
}
