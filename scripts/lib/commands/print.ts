/**
 * `review-forms print`: the official review forms, ready to sign and file — a workbook per branch
 * (`单位-党小组-阶段-点评表（打印）.xlsx`), each accepted review on its own A4 page, the branch's
 * first, then its members' in roster order; with `--pdf` also a PDF each, made by LibreOffice.
 *
 * It prints what merge would accept: files are read by the same loader and rules (each judged
 * at its stage's reference date), only accepted rows are printed, a resubmitted branch prints
 * its latest file, and a branch file already inside a report given beside it is not printed
 * twice. Every row or file left out is named with the reason.
 */
import path from 'node:path';
import type { Problem } from '../../../addin/forms/problems';
import { type BranchRead, isAccepted, recordsDigestOf, trustedFinalizedAt } from '../../../addin/forms/read/branch-reader';
import type { FormRead } from '../../../addin/forms/read/sheet-reader';
import { type Roster, findStage, stageReferenceDate } from '../../../addin/forms/roster';
import { branchReportPart } from '../../../addin/report/model/branch-part';
import { type PrintBranch, printBranches, printSheets } from '../../../addin/report/model/print-forms';
import type { ReportMemberRow, ReportOrgRow } from '../../../addin/report/model/report-forms';
import type { ReportContent } from '../../../addin/report/model/report-reader';
import { buildPrintWorkbook } from '../../../addin/report/print-renderer';
import { UsageError } from '../errors';
import { collectInputs } from '../load/intake';
import { type LoadedFile, loadInputFile } from '../load/load-file';
import { notUsed, resolveResubmissions, submissionOf } from '../load/resubmissions';
import { reasonText } from '../reasons';
import { writeFileAtomic } from '../files/atomic-write';
import { ensureFolder } from '../files/output-folder';
import { InputPlaces, refuseFolderInInputs, refuseOutputOnInput } from '../files/output-guard';
import { workbookBytes } from '../workbook/exceljs-output';
import { convertToPdf, findSoffice, pdfPathOf } from '../workbook/libreoffice-pdf';
import { branchFileName } from './template';

export const PRINT_FILE_SUFFIX = '-点评表（打印）.xlsx';

export interface PrintOptions {
  /** Judge branch files against the school's roster (as merge does); else each file's own `_meta`. */
  roster?: Roster;
  /** The roster's file, when given: never overwritten. */
  rosterFile?: string;
  /** Also a PDF of each workbook. */
  pdf?: boolean;
  /** The LibreOffice program; looked for when undefined, none when null. */
  soffice?: string | null;
}

export interface PrintedWorkbook {
  unit: string;
  branch: string;
  stage: string;
  file: string;
  /** Forms (pages) in it: accepted reviews. */
  forms: number;
  pdf?: string;
}

/** A row or a whole file not printed, and why. */
export interface LeftOut {
  file: string;
  /** 党员点评 第 5 行（张三）; empty for the whole file. */
  where: string;
  reason: string;
}

export interface PrintResult {
  workbooks: PrintedWorkbook[];
  leftOut: LeftOut[];
  /** Branches and members with no accepted review yet: nothing of theirs to print. */
  unreviewed: { unit: string; branch: string; names: string[] }[];
  /** Asked for PDFs: whether they were made, and if not, why (Chinese). */
  pdf?: { written: number; problem?: string };
  /** 0: everything printed; 1: something left out, or the PDFs could not be made. */
  exitCode: 0 | 1;
}

interface Source {
  name: string;
  rows: { org: ReportOrgRow[]; member: ReportMemberRow[] };
  order: { school: string; branch: string }[];
  unreviewed: PrintResult['unreviewed'];
}

const errorsOf = (problems: readonly Problem[]) => problems.filter((p) => p.severity === 'error');
const describe = (problems: readonly Problem[]) => problems.map((p) => (p.cell ? `${p.cell} ${p.message}` : p.message)).join('；');

/** The org and member rows of a branch file not printed: each with its errors. */
function rowsLeftOut(file: string, read: BranchRead): LeftOut[] {
  const out: LeftOut[] = [];
  const list = <T>(form: FormRead<T> | undefined, nameKey: string) => {
    for (const row of form?.rows ?? []) {
      if (isAccepted(row)) continue;
      const values = (row.record ?? row.values ?? {}) as Record<string, unknown>;
      const name = typeof values[nameKey] === 'string' ? `（${values[nameKey] as string}）` : '';
      out.push({ file, where: `${form?.sheet} 第 ${row.row} 行${name}`, reason: describe(errorsOf(row.problems)) });
    }
  };
  list(read.forms.org, 'branch');
  list(read.forms.member, 'name');
  return out;
}

/** A report's rows with errors on its review sheets, one entry per row. */
function reportRowsLeftOut(file: string, report: ReportContent): LeftOut[] {
  const byRow = new Map<string, Problem[]>();
  for (const p of errorsOf(report.problems)) {
    if (p.sheet !== '党组织点评' && p.sheet !== '党员点评') continue;
    const key = `${p.sheet} 第 ${/\d+$/.exec(p.cell ?? '')?.[0] ?? '?'} 行`;
    byRow.set(key, [...(byRow.get(key) ?? []), p]);
  }
  return [...byRow].map(([where, problems]) => ({ file, where, reason: describe(problems) }));
}

function fromBranch(f: LoadedFile & { read: BranchRead }, name: string): Source {
  const { meta, context, forms } = f.read;
  const part = branchReportPart({
    school: meta.unit,
    branch: meta.branch,
    members: context.members,
    forms,
    file: name,
    referenceDate: f.asOf ?? stageReferenceDate(context.stage),
  });
  const names = part.uncovered.map((u) => u.name);
  return {
    name,
    rows: { org: part.org, member: part.member },
    order: [{ school: meta.unit, branch: meta.branch }],
    unreviewed: names.length > 0 ? [{ unit: meta.unit, branch: meta.branch, names }] : [],
  };
}

function fromReport(report: ReportContent, name: string): Source {
  const school = (r: { school?: string }) => r.school || report.meta.unit;
  const unreviewed = new Map<string, PrintResult['unreviewed'][number]>();
  for (const u of report.uncovered) {
    const key = JSON.stringify([u.school, u.branch]);
    const entry = unreviewed.get(key) ?? { unit: u.school, branch: u.branch, names: [] };
    entry.names.push(u.name);
    unreviewed.set(key, entry);
  }
  return {
    name,
    rows: { org: report.org.map((r) => ({ ...r, school: school(r) })), member: report.member.map((r) => ({ ...r, school: school(r) })) },
    order: report.summary.map((s) => ({ school: s.school || report.meta.unit, branch: s.branch })),
    unreviewed: [...unreviewed.values()],
  };
}

/**
 * Reads the inputs as merge does and decides what is printed. The output folder is checked first:
 * inside an input folder the printed copies would mix with the files sent in (and be read next time).
 */
async function gather(
  paths: readonly string[],
  outDir: string,
  options: PrintOptions,
): Promise<{ sources: Source[]; leftOut: LeftOut[]; places: InputPlaces }> {
  const { roster } = options;
  const inputs = await collectInputs(paths);
  const places = await InputPlaces.of({ args: paths, files: inputs, roster: options.rosterFile });
  await refuseFolderInInputs(places, outDir);
  const leftOut: LeftOut[] = [];
  const loaded: LoadedFile[] = [];
  for (const input of inputs) {
    if (input.kind === 'skipped') continue;
    loaded.push(
      await loadInputFile(input, {
        roster,
        asOf: '9999-12-31',
        // Judged at its stage's reference date (上报截止, else the end), as merge judges it.
        asOfForStage: (stage, own) => stageReferenceDate((roster && findStage(roster, stage)) || own),
      }),
    );
  }
  const sources: Source[] = [];
  const included = new Map<string, string>();
  for (const f of loaded) {
    if (f.kind !== 'report' || !f.report) continue;
    sources.push(fromReport(f.report, f.input.name));
    leftOut.push(...reportRowsLeftOut(f.input.name, f.report));
    for (const h of f.report.inputHashes) included.set(h, f.input.name);
  }
  const candidates = new Map<string, { name: string; loaded: LoadedFile & { read: BranchRead; branch: { meta: BranchRead['meta'] } }; content: string }[]>();
  for (const f of loaded) {
    const file = f.input.name;
    if (f.kind === 'report') continue;
    if (!f.read) {
      leftOut.push({ file, where: '', reason: describe(f.problems) || f.input.reason || '' });
    } else if (f.sha256 && included.has(f.sha256)) {
      leftOut.push({ file, where: '', reason: reasonText('included-in-report', { file: included.get(f.sha256) ?? '' }) });
    } else if (!f.read.usable) {
      leftOut.push({ file, where: '', reason: describe(errorsOf(f.read.problems)) });
    } else {
      const key = JSON.stringify([f.read.meta.unit, f.read.meta.branch, f.read.meta.stage]);
      const list = candidates.get(key) ?? [];
      list.push({
        name: file,
        loaded: {
          ...f,
          read: f.read,
          branch: { meta: { ...f.read.meta, finalizedAt: trustedFinalizedAt(f.read) } },
        },
        content: recordsDigestOf(f.read.forms),
      });
      candidates.set(key, list);
    }
  }
  for (const list of candidates.values()) {
    const resolution = resolveResubmissions(list, submissionOf);
    for (const { item, reason } of notUsed(resolution, list[0].loaded.read.meta.branch)) leftOut.push({ file: item.name, where: '', reason });
    const { winner } = resolution;
    if (!winner) continue;
    sources.push(fromBranch(winner.loaded, winner.name));
    leftOut.push(...rowsLeftOut(winner.name, winner.loaded.read));
  }
  sources.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  leftOut.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { sources, leftOut, places };
}

/** Writes the printed forms of `paths` into `outDir` (and their PDFs with `pdf`). */
export async function printForms(paths: readonly string[], outDir: string, options: PrintOptions = {}): Promise<PrintResult> {
  const { sources, leftOut, places } = await gather(paths, outDir, options);
  // Sources in file-name order, each's branches in its own (roster) order; with a roster, its branches first, in its order.
  const rank = new Map(options.roster?.branches.map((b, i) => [JSON.stringify([options.roster?.unit, b.name]), i]));
  const place = (b: PrintBranch) => rank.get(JSON.stringify([b.unit, b.branch])) ?? rank.size;
  const branches: PrintBranch[] = sources.flatMap((s) => printBranches(s.rows, s.order)).sort((a, b) => place(a) - place(b));
  const unreviewed = sources.flatMap((s) => s.unreviewed);
  if (!branches.some((b) => b.org.length + b.member.length > 0)) {
    const why = leftOut.map((l) => `\n  ${l.file}${l.where ? ` ${l.where}` : ''}：${l.reason}`).join('');
    throw new UsageError('nothing-to-print', { paths: paths.join('、'), details: why });
  }
  const root = path.resolve(outDir);
  await ensureFolder(root, outDir);
  const used = new Set<string>();
  const workbooks: PrintedWorkbook[] = [];
  for (const b of branches) {
    const sheets = printSheets(b);
    if (sheets.length === 0) continue;
    let name = branchFileName(b.unit, b.branch, b.stage, PRINT_FILE_SUFFIX);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = branchFileName(b.unit, b.branch, b.stage, `-${n}${PRINT_FILE_SUFFIX}`);
    used.add(name.toLowerCase());
    const file = path.join(root, name);
    if (path.dirname(file) !== root) throw new Error(`unsafe file name ${name}`);
    await refuseOutputOnInput(places, file);
    if (options.pdf) await refuseOutputOnInput(places, pdfPathOf(file));
    await writeFileAtomic(file, await workbookBytes(buildPrintWorkbook(sheets)));
    workbooks.push({ unit: b.unit, branch: b.branch, stage: b.stage, file, forms: sheets.length });
  }
  let pdf: PrintResult['pdf'];
  if (options.pdf) {
    const soffice = options.soffice === undefined ? await findSoffice() : (options.soffice ?? undefined);
    if (!soffice) pdf = { written: 0, problem: reasonText('no-soffice') };
    else {
      try {
        const written = await convertToPdf(
          soffice,
          workbooks.map((w) => w.file),
          root,
        );
        for (const w of workbooks) w.pdf = written.find((p) => p === pdfPathOf(w.file));
        pdf = { written: written.length };
      } catch (err) {
        pdf = { written: workbooks.filter((w) => w.pdf).length, problem: reasonText('pdf-failed', { detail: (err as Error).message }) };
      }
    }
  }
  const exitCode = leftOut.length > 0 || pdf?.problem ? 1 : 0;
  return { workbooks, leftOut, unreviewed, pdf, exitCode };
}

/** What the command prints (Chinese). */
export function formatPrintResult(r: PrintResult): string {
  const pages = r.workbooks.reduce((n, w) => n + w.forms, 0);
  const lines = [`已生成 ${r.workbooks.length} 个党小组的打印版点评表，共 ${pages} 张（每条点评一页，A4 纵向）：`];
  for (const w of r.workbooks) lines.push(`  ${w.branch}（${w.stage}）：${w.forms} 张 → ${w.file}${w.pdf ? `\n    PDF → ${w.pdf}` : ''}`);
  if (r.leftOut.length > 0) {
    lines.push(`未打印 ${r.leftOut.length} 项（有错误的行不打印；改正后重新运行）：`);
    for (const l of r.leftOut) lines.push(`  ${l.file}${l.where ? ` ${l.where}` : ''}：${l.reason}`);
  }
  if (r.unreviewed.length > 0) {
    lines.push('尚未点评（没有可打印的点评表）：');
    for (const u of r.unreviewed) lines.push(`  ${u.branch}：${u.names.join('、')}`);
  }
  if (r.pdf) lines.push(r.pdf.problem ?? `已生成 ${r.pdf.written} 个 PDF（与工作簿同名，在同一文件夹）。`);
  return lines.join('\n');
}
