/**
 * The task pane: one handler per button, each one Excel.run (through addin/excel), with a
 * progress message while it runs and every failure shown in Chinese in the status bar.
 */
import { checkWorkbook, selectProblem } from '../excel/check';
import { computeCoverage } from '../excel/coverage';
import { AddinError } from '../excel/errors';
import { finalizeOpenWorkbook, reopenWorkbook } from '../excel/finalize';
import { insertForms } from '../excel/insert-forms';
import { runExcel } from '../excel/run';
import { readSelection, readSetup, saveSetup } from '../excel/setup';
import { membersTextOf, metaFromSetup } from '../excel/setup-model';
import { todayIso } from '../forms/dates';
import type { BranchMeta } from '../forms/meta';
import type { Problem } from '../forms/problems';
import { CoverageView } from './coverage-view';
import { PRINT_NEEDS_WEBVIEW2, SUMMARY_NEEDS_WEBVIEW2, canRunModernScripts } from './capabilities';
import { byId } from './dom';
import { ProblemsView } from './problems-view';
import { SetupView } from './setup-view';
import { StatusBar } from './status';

export class TaskPane {
  private meta: BranchMeta | null = null;
  private busy = false;
  private readonly status = new StatusBar();
  private readonly setup = new SetupView();
  private readonly problems = new ProblemsView((p) => void this.select(p));
  private readonly coverage = new CoverageView();
  private readonly contextLine = byId('context-line', HTMLParagraphElement);
  private readonly buttons = {
    insert: byId('btn-insert', HTMLButtonElement),
    check: byId('btn-check', HTMLButtonElement),
    coverage: byId('btn-coverage', HTMLButtonElement),
    summary: byId('btn-summary', HTMLButtonElement),
    print: byId('btn-print', HTMLButtonElement),
    finalize: byId('btn-finalize', HTMLButtonElement),
  };

  /** Wires the buttons and reads the setup of the open workbook. */
  async start(): Promise<void> {
    this.setup.toggle.addEventListener('click', () => this.setup.open(!this.setup.isOpen));
    this.setup.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.saveSetup();
    });
    this.setup.fromSelection.addEventListener('click', () => void this.membersFromSelection());
    this.buttons.insert.addEventListener('click', () => void this.insert());
    this.buttons.check.addEventListener('click', () => void this.check());
    this.buttons.coverage.addEventListener('click', () => void this.showCoverage());
    this.buttons.summary.addEventListener('click', () => void this.summary());
    this.buttons.print.addEventListener('click', () => void this.print());
    this.buttons.finalize.addEventListener('click', () => void this.finalizeOrReopen());
    await this.action('读取设置', async () => {
      const read = await runExcel('读取设置', (ctx) => readSetup(ctx));
      this.setMeta(read.meta);
      if (read.problem) return this.status.show('warning', `${read.problem}\n可以在“设置”中重新填写。`);
      if (!read.meta) {
        this.setup.open(true);
        return this.status.show('info', '本工作簿还没有设置。请先在“设置”中填写单位、党小组、阶段和党员名单。');
      }
      this.status.show('info', read.meta.finalizedAt ? `本工作簿已于 ${read.meta.finalizedAt} 定稿。` : '已读取本工作簿的设置，可以插入点评表或检查。');
    });
  }

  /** `refillSetup`: false keeps what is being typed in an open 设置 form (after a check, say). */
  private setMeta(meta: BranchMeta | null, refillSetup = true): void {
    this.meta = meta;
    this.contextLine.textContent = meta
      ? `${meta.unit} · ${meta.branch} · ${meta.stage}（${meta.stageStart} 至 ${meta.stageEnd}）· 党员 ${meta.members.length} 人`
      : '尚未设置';
    this.buttons.finalize.textContent = meta?.finalizedAt ? '取消定稿' : '定稿';
    if (refillSetup || !this.setup.isOpen) this.setup.fill(meta, !!meta?.finalizedAt);
  }

  private requireMeta(): BranchMeta {
    if (this.meta) return this.meta;
    this.setup.open(true);
    throw new AddinError('noSetup', '请先在“设置”中填写并保存单位、党小组、阶段和党员名单。');
  }

  /** Runs one user action: buttons disabled, progress shown, any failure shown in Chinese. */
  private async action(label: string, body: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const all = [...Object.values(this.buttons), this.setup.fromSelection];
    for (const b of all) b.disabled = true;
    document.body.setAttribute('aria-busy', 'true');
    this.status.show('busy', `正在${label}…`);
    try {
      await body();
    } catch (err) {
      this.status.error(err);
    } finally {
      for (const b of all) b.disabled = false;
      document.body.removeAttribute('aria-busy');
      this.busy = false;
    }
  }

  private saveSetup(): Promise<void> {
    return this.action('保存设置', async () => {
      const built = metaFromSetup(this.setup.values(), this.meta);
      if ('errors' in built) {
        this.setup.showErrors(built.errors);
        return this.status.show('error', '设置中有内容需要补充或改正，请看标红的说明。');
      }
      await runExcel('保存设置', (ctx) => saveSetup(ctx, built.meta));
      const before = this.meta;
      this.setMeta(built.meta);
      const changed = before !== null && JSON.stringify(before.members) !== JSON.stringify(built.meta.members);
      const hint = changed ? '\n党员名单有变动：请点“插入点评表”更新下拉列表；已填写的表不会自动增删党员的行，请手工补上新党员。' : '';
      this.status.show(changed ? 'warning' : 'success', `设置已保存：${built.meta.branch}，党员 ${built.meta.members.length} 人。${hint}`);
    });
  }

  private membersFromSelection(): Promise<void> {
    return this.action('读取选中区域', async () => {
      const rows = await runExcel('读取选中区域', (ctx) => readSelection(ctx));
      const text = membersTextOf(rows);
      if (!text) throw new AddinError('noSelection', '选中区域里没有姓名。请选中党员名单（姓名、职务/岗位、岗位类别三列）后再点。');
      this.setup.setMembers(text);
      this.status.show('success', `已读取 ${text.split('\n').length} 名党员，请核对后点“保存设置”。`);
    });
  }

  private insert(): Promise<void> {
    return this.action('插入点评表', async () => {
      const meta = this.requireMeta();
      const r = await runExcel('插入点评表', (ctx) => insertForms(ctx, meta));
      const lines = [
        r.added.length ? `已插入：${r.added.join('、')}` : '',
        r.repaired.length ? `已修复${r.unavailable.length ? '锁定和保护' : '下拉列表和填写提示'}：${r.repaired.join('、')}` : '',
        ...r.skipped.map((s) => `未修改「${s.sheet}」：${s.reason}`),
        ...r.unavailable,
      ].filter(Boolean);
      this.status.show(r.skipped.length || r.unavailable.length ? 'warning' : 'success', lines.join('\n') || '点评表都已存在。');
    });
  }

  private check(): Promise<void> {
    return this.action('检查', async () => {
      const r = await runExcel('检查', (ctx) => checkWorkbook(ctx, todayIso()));
      if (r.meta) this.setMeta(r.meta, false);
      this.problems.render(r.problems);
      const note = r.notMarked ? `\n${r.notMarked}` : '';
      if (r.errors > 0)
        this.status.show('error', `发现 ${r.errors} 个错误、${r.warnings} 个提示${r.notMarked ? '' : '，已在表中标出'}。改正后请再检查。${note}`);
      else if (r.warnings > 0) this.status.show('warning', `没有错误；有 ${r.warnings} 个提示，请确认。${note}`);
      else this.status.show('success', '检查通过，没有发现问题。');
    });
  }

  private select(p: Problem): Promise<void> {
    return this.action('定位', async () => {
      const outcome = await runExcel('定位单元格', (ctx) => selectProblem(ctx, p));
      if (outcome === 'selected') return this.status.show('info', `已定位到「${p.sheet}」${p.cell ?? ''}。`);
      if (outcome === 'hidden') return this.status.show('info', '这是整个工作簿的问题，没有对应的单元格。');
      this.status.show('warning', `找不到工作表「${p.sheet ?? ''}」，可能已改名或删除。`);
    });
  }

  private showCoverage(): Promise<void> {
    return this.action('统计覆盖情况', async () => {
      const c = await runExcel('统计覆盖情况', (ctx) => computeCoverage(ctx, todayIso()));
      this.coverage.render(c);
      this.status.show('success', `已点评党员 ${c.summary.membersReviewed} / ${c.summary.membersExpected}（截至 ${c.asOf}，与办公室汇总表的口径相同）。`);
    });
  }

  private summary(): Promise<void> {
    return this.action('生成汇总', async () => {
      // exceljs ships ES2018: ask the engine before loading it, and say what to do where it cannot.
      if (!canRunModernScripts()) throw new AddinError('unsupported', SUMMARY_NEEDS_WEBVIEW2);
      // exceljs and the report writer load only when asked for (a separate chunk of ~1 MB).
      const { generateSummary } = await import(/* webpackChunkName: "report" */ './summary-export');
      const message = await generateSummary(todayIso());
      this.status.show('success', message);
    });
  }

  private print(): Promise<void> {
    return this.action('打印点评表', async () => {
      // exceljs ships ES2018, as for 生成汇总; it and the print layout load only when asked for (the report chunk).
      if (!canRunModernScripts()) throw new AddinError('unsupported', PRINT_NEEDS_WEBVIEW2);
      const { printReviewForms } = await import(/* webpackChunkName: "report" */ './print-export');
      const message = await printReviewForms(todayIso());
      this.status.show(message.includes('没有打印') ? 'warning' : 'success', message);
    });
  }

  private finalizeOrReopen(): Promise<void> {
    if (this.meta?.finalizedAt) {
      return this.action('取消定稿', async () => {
        const meta = await runExcel('取消定稿', (ctx) => reopenWorkbook(ctx, todayIso()));
        this.setMeta(meta);
        this.status.show('success', '已取消定稿，各表可以继续修改。修改后请重新检查并定稿。');
      });
    }
    return this.action('定稿', async () => {
      const r = await runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, todayIso(), new Date()));
      if (!r.ok) {
        this.problems.render(r.problems);
        return this.status.show('error', `还有 ${r.errors} 个错误，不能定稿。请改正后再定稿（点击下面的问题可定位）。`);
      }
      if (this.meta) this.setMeta({ ...this.meta, finalizedAt: r.finalizedAt, contentDigest: r.contentDigest });
      this.status.show('success', `已定稿（${r.finalizedAt}），各表已锁定。请保存工作簿后发送给办公室。`);
    });
  }
}
