/**
 * The office's page: one screen for the round (名单 → 下发 → 收回与检查 → 汇总 → 县教育局). It holds
 * no rule and no state of its own: every action asks the server (review-forms serve), which works
 * on the files of the working folder, and the page draws the state it answers with.
 */
import type {
  BureauView,
  ErrorBody,
  IssuedView,
  RemoveResult,
  ReportView,
  ReturnedFileView,
  ReturnsView,
  RosterUploadResult,
  RosterView,
  StateView,
  UploadResult,
} from '../scripts/lib/serve/api';
import { CHART_COLORS, summaryChart } from './chart';
import { byId, h, percent, table } from './dom';
import { acceptFiles } from './pick-files';

const token = new URLSearchParams(location.search).get('token') ?? '';

function url(route: string, params: Record<string, string> = {}): string {
  return `${route}?${new URLSearchParams({ ...params, token }).toString()}`;
}

const status = byId('status', HTMLDivElement);
/** What the actions of this run of the queue said (each stays until the queue is empty). */
let said: { text: string; isError: boolean }[] = [];
function say(text: string, isError = false, now?: string): void {
  const lines = [...said, ...(now ? [{ text: now, isError: false }] : [])].filter((l) => l.text);
  status.replaceChildren(...lines.map((l) => h('p', { class: l.isError ? 'sev-错误' : '' }, l.text)), ...(text ? [h('p', {}, text)] : []));
  status.classList.toggle('error', isError);
}

async function call<T>(route: string, init: RequestInit = {}, params: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url(route, params), init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = { error: text };
  }
  if (!response.ok) throw new Error((body as ErrorBody).error || `请求失败（${response.status}）`);
  return body as T;
}

const post = (body: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function formOf(files: readonly File[]): RequestInit {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  return { method: 'POST', body: form };
}

let state: StateView | undefined;

interface Action {
  doing: string;
  work: () => Promise<StateView>;
  done: (s: StateView) => string;
}
/** Actions asked for while another runs: done in turn, never dropped (files picked or dropped meanwhile). */
const waiting: Action[] = [];
let current: Action | undefined;
const REFRESHING = '正在读取工作目录';

function sayProgress(): void {
  const queued = waiting.map((a) => a.doing).join('；');
  say('', false, `${current?.doing ?? ''}……${queued ? `（已排队，将在当前操作完成后依次进行：${queued}）` : ''}`);
}

/**
 * Runs one action, or queues it behind the one running: buttons wait, the status says what
 * happens and what waits, the answer is drawn.
 */
async function act(doing: string, work: () => Promise<StateView>, done: (s: StateView) => string): Promise<void> {
  // Every action answers with the whole state: a refresh behind one adds nothing.
  if (current && doing === REFRESHING) return;
  waiting.push({ doing, work, done });
  if (current) return sayProgress();
  said = [];
  notesOfRun.clear();
  disableAll();
  for (current = waiting.shift(); current; current = waiting.shift()) {
    sayProgress();
    try {
      const answer = await current.work();
      render(answer);
      said.push({ text: current.done(answer), isError: false });
    } catch (err) {
      said.push({ text: (err as Error).message, isError: true });
    }
  }
  for (const b of Array.from(document.querySelectorAll('button'))) b.disabled = false;
  if (state) enable(state);
  say(
    '',
    said.some((l) => l.isError),
  );
}

/** Every button waits while the queue runs (a render in between draws new ones, e.g. 移除). */
function disableAll(): void {
  for (const b of Array.from(document.querySelectorAll('button'))) b.disabled = true;
}

/** The uploads of this run of the queue, by where their notes go: each one's notes stay until the queue is empty. */
const notesOfRun = new Map<HTMLElement, UploadResult[]>();

function uploadNotes(target: HTMLElement, upload: UploadResult): void {
  const uploads = [...(notesOfRun.get(target) ?? []), upload];
  notesOfRun.set(target, uploads);
  const stored = uploads.reduce((n, u) => n + u.stored.length, 0);
  target.replaceChildren(
    ...uploads.flatMap((u) => u.refused.map((r) => h('p', { class: 'sev-错误' }, `未保存 ${r.file}：${r.reason}`))),
    ...uploads.flatMap((u) => [...u.replaced, ...u.numbered].map((r) => h('p', { class: 'sev-提示' }, r.note))),
    ...(stored > 0 ? [h('p', { class: 'muted' }, `已保存 ${stored} 个文件。`)] : []),
  );
}

/** The stage chosen now (when a queued action runs, not when it was asked for). */
function chosenStage(): string {
  const stage = state?.stage;
  if (!stage) throw new Error('请先在第 1 步上传名单并选择阶段。');
  return stage;
}

function problemTable(problems: RosterUploadResult['problems'], id: string): HTMLTableElement {
  const rows = problems.map((p) =>
    h('tr', {}, h('td', {}, p.sheet), h('td', {}, p.cell), h('td', { class: `sev-${p.severity}` }, p.severity), h('td', {}, p.message)),
  );
  return table(['工作表', '单元格', '类别', '问题'], rows, { id });
}

// ── 1 名单 ──────────────────────────────────────────────────────────────────────────────────
function renderRoster(r: RosterView, chosen: string | undefined): void {
  const out = byId('roster-result', HTMLDivElement);
  const parts: (HTMLElement | null)[] = [];
  if (!r.present) parts.push(h('p', { class: 'muted' }, '还没有上传名单。'));
  if (r.readError) parts.push(h('p', { class: 'sev-错误' }, r.readError));
  if (r.unit) parts.push(h('p', {}, `名单：${r.unit}，${r.branches} 个党小组，${r.members} 名党员，${r.stages.length} 个阶段。`));
  if (r.problems.length > 0) {
    const errors = r.problems.filter((p) => p.severity === '错误').length;
    parts.push(h('p', { class: errors > 0 ? 'sev-错误' : 'sev-提示' }, errors > 0 ? `名单有 ${errors} 个错误，请改正后重新上传：` : '名单有以下提示：'));
    parts.push(problemTable(r.problems, 'roster-problems'));
  }
  out.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));

  const select = byId('stage-select', HTMLSelectElement);
  byId('stage-row', HTMLParagraphElement).hidden = r.stages.length === 0;
  select.replaceChildren(
    h('option', { value: '' }, '（请选择阶段）'),
    ...r.stages.map((s) => h('option', { value: s.name, ...(s.name === chosen ? { selected: '' } : {}) }, s.name)),
  );
  select.value = chosen ?? '';
  const stage = r.stages.find((s) => s.name === chosen);
  byId('stage-window', HTMLSpanElement).textContent = stage
    ? `${stage.start} 至 ${stage.end}${stage.planDue ? `，安排报送截止 ${stage.planDue}` : ''}${stage.reportDue ? `，上报截止 ${stage.reportDue}` : ''}`
    : '';
}

// ── 2 下发 ──────────────────────────────────────────────────────────────────────────────────
function renderIssued(issued: IssuedView | undefined, stage: string | undefined): void {
  const zip = byId('issued-zip', HTMLAnchorElement);
  const files = issued?.files ?? [];
  zip.hidden = !stage || files.length === 0;
  if (stage) zip.href = url('api/issued.zip', { stage });
  const rows = files.map((f) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: url('api/issued', { stage: stage ?? '', name: f.name }), download: f.name }, f.name)),
      h('td', { class: 'num' }, `${Math.ceil(f.bytes / 1024)} KB`),
    ),
  );
  byId('issued-list', HTMLDivElement).replaceChildren(
    ...(files.length > 0
      ? [h('p', { class: 'muted' }, `已生成 ${files.length} 个点评表，保存在 ${issued?.folder ?? ''}`), table(['文件', '大小'], rows, { id: 'issued-table' })]
      : []),
  );
}

// ── 3 收回与检查 ─────────────────────────────────────────────────────────────────────────────
/** 移除: the file moves to 已移除 beside the folder (never deleted); the page says where. */
function removeFile(file: string, route: string, params: Record<string, string>): void {
  let note = '';
  void act(
    `正在移除 ${file}`,
    async () => {
      const answer = await call<{ removed: RemoveResult; state: StateView }>(route, post({ ...params, file }));
      note = answer.removed.note;
      return answer.state;
    },
    () => note,
  );
}

/** A file table's rows; `who` is the 党小组 (step 3) or the 学校 (step 5), `remove` what 移除 does. */
function fileRows(files: readonly ReturnedFileView[], who: (f: ReturnedFileView) => string, remove: (file: string) => void): HTMLTableRowElement[] {
  return files.map((f) => {
    const details = f.groups.map((g) =>
      h(
        'details',
        { class: 'problems', ...(f.errors > 0 ? { open: '' } : {}) },
        h('summary', {}, `${g.sheet || '整个文件'}（${g.problems.length} 个问题）`),
        h(
          'ul',
          {},
          ...g.problems.map((p) => h('li', {}, h('span', { class: `sev-${p.severity}` }, p.severity), ` ${p.cell ? `${p.cell}：` : ''}${p.message}`)),
        ),
      ),
    );
    const button = h('button', { type: 'button', class: 'small remove', title: '移到“已移除”文件夹（不会删除）' }, '移除');
    button.addEventListener('click', () => remove(f.file));
    return h(
      'tr',
      { 'data-file': f.file, 'data-status': f.status },
      h('td', {}, f.file),
      h('td', {}, who(f)),
      h('td', { class: `status-${f.status}` }, f.status),
      h('td', { class: 'num' }, `${f.errors} / ${f.warnings}`),
      h('td', {}, f.reason ? h('p', {}, f.reason) : null, f.advice ? h('p', { class: 'advice' }, f.advice) : null, ...details),
      h('td', {}, button),
    );
  });
}

function renderReturns(returns: ReturnsView | undefined, stage: string | undefined): void {
  const list = byId('returned-list', HTMLDivElement);
  const coverageList = byId('coverage-list', HTMLDivElement);
  const zip = byId('annotated-zip', HTMLAnchorElement);
  zip.hidden = !stage || !returns || returns.annotated === 0;
  if (stage) zip.href = url('api/annotated.zip', { stage });
  if (!returns || returns.files.length === 0) {
    list.replaceChildren(returns?.error ? h('p', { class: 'sev-错误' }, returns.error) : h('p', { class: 'muted' }, '还没有收回的点评表。'));
    coverageList.replaceChildren();
    return;
  }
  const count = (s: string) => returns.files.filter((f) => f.status === s).length;
  list.replaceChildren(
    h(
      'p',
      {},
      `共 ${returns.files.length} 个文件：采用 ${count('采用')}，有错误 ${count('有错误')}，被替代 ${count('被替代')}，拒收 ${count('拒收')}，跳过 ${count('跳过')}。`,
    ),
    table(
      ['文件', '党小组', '状态', '错误 / 提示', '说明与问题', ''],
      fileRows(
        returns.files,
        (f) => f.branch,
        (file) => removeFile(file, 'api/remove', { stage: stage ?? '' }),
      ),
      { id: 'returned-table' },
    ),
  );
  const rows = returns.coverage.map((c) => {
    const missing = c.missing.map((m) => (m.kind === '党组织' ? `${m.name}（党组织点评）` : m.name));
    return h(
      'tr',
      { 'data-branch': c.branch },
      h('td', {}, c.branch),
      h('td', { class: 'num' }, `${c.membersReviewed} / ${c.membersExpected}`),
      h('td', { class: 'num' }, percent(c.membersExpected === 0 ? 1 : c.membersReviewed / c.membersExpected)),
      h('td', {}, c.orgReviewed ? '已点评' : '未点评'),
      h('td', { class: missing.length > 0 ? 'missing' : 'muted' }, missing.length > 0 ? missing.join('、') : '全部已点评'),
    );
  });
  coverageList.replaceChildren(table(['党小组', '党员已点评 / 应点评', '覆盖率', '党组织点评', '尚未点评'], rows, { id: 'coverage-table' }));
}

// ── 4 汇总 / 5 县教育局 ──────────────────────────────────────────────────────────────────────
function cellText(kind: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  return kind === 'ratio' && typeof value === 'number' ? percent(value) : String(value);
}

/** The downloads of a report: offered as current, or as the last one made once the files have changed. */
function reportLinks(report: HTMLAnchorElement, publicReport: HTMLAnchorElement, view: ReportView | undefined, name: string): void {
  report.hidden = !view;
  publicReport.hidden = !view?.publicFile;
  const stale = !!view?.stale;
  report.textContent = stale ? `下载上次的${name}（已过时）` : `下载${name}`;
  publicReport.textContent = stale ? '下载上次的公开版.xlsx（已过时）' : '下载公开版.xlsx';
  for (const a of [report, publicReport]) a.classList.toggle('stale', stale);
}

function renderReport(target: HTMLElement, report: ReportView | undefined, tableId: string, staleText: string): void {
  if (!report) {
    target.replaceChildren(h('p', { class: 'muted' }, '还没有生成汇总表。'));
    return;
  }
  const stale = report.stale ? h('p', { class: 'stale-notice sev-错误' }, staleText) : null;
  if (report.error) {
    target.replaceChildren(...[stale, h('p', { class: 'sev-错误' }, report.error)].filter((e): e is HTMLParagraphElement => e !== null));
    return;
  }
  const branchRows = report.rows.slice(0, -1);
  const schools = new Set(branchRows.map((r) => r.school));
  const chartRows = branchRows.map((r) => ({
    label: schools.size > 1 ? `${r.school}·${r.branch}` : String(r.branch),
    reviewed: Number(r.membersReviewed),
    expected: Number(r.membersExpected),
    planned: Number(r.planned),
    plannedDone: Number(r.plannedDone),
    planOverdue: Number(r.planOverdue),
  }));
  const rows = report.rows.map((r, i) =>
    h(
      'tr',
      { class: i === report.rows.length - 1 ? 'total' : '' },
      ...report.columns.map((c) =>
        h(
          'td',
          { class: c.kind === 'text' || c.kind === 'done' || c.kind === 'submitted' ? '' : 'num', 'data-key': c.key, 'data-value': String(r[c.key] ?? '') },
          cellText(c.kind, r[c.key]),
        ),
      ),
    ),
  );
  target.replaceChildren(
    ...(stale ? [stale] : []),
    h('p', {}, `${report.unit} · ${report.stage} · 统计基准日 ${report.referenceDate} · 未覆盖 ${report.uncovered} 项。汇总表：${report.file}`),
    h(
      'p',
      { class: 'legend' },
      h('span', {}, h('i', { style: `background:${CHART_COLORS.coverage}` }), '党员已点评 / 应点评'),
      h('span', {}, h('i', { style: `background:${CHART_COLORS.plan}` }), '已按计划完成 / 计划点评数'),
      h('span', {}, h('i', { style: `background:${CHART_COLORS.overdue}` }), '逾期未点评'),
    ),
    summaryChart(chartRows),
    h(
      'div',
      { style: 'overflow-x:auto' },
      table(
        report.columns.map((c) => c.label),
        rows,
        { id: tableId },
      ),
    ),
  );
}

function renderBureau(b: BureauView): void {
  const list = byId('bureau-list', HTMLDivElement);
  list.replaceChildren(
    ...(b.error ? [h('p', { class: 'sev-错误' }, b.error)] : []),
    ...(b.files.length > 0
      ? [
          table(
            ['文件', '学校', '状态', '错误 / 提示', '说明与问题', ''],
            fileRows(
              b.files,
              (f) => f.school,
              (file) => removeFile(file, 'api/bureau/remove', {}),
            ),
            { id: 'bureau-table' },
          ),
        ]
      : [h('p', { class: 'muted' }, '还没有上传各校的汇总表。')]),
  );
  const unit = byId('bureau-unit', HTMLInputElement);
  if (document.activeElement !== unit) unit.value = b.unit;
  reportLinks(byId('bureau-report-download', HTMLAnchorElement), byId('bureau-public-download', HTMLAnchorElement), b.report, '全县汇总.xlsx');
  byId('bureau-report-download', HTMLAnchorElement).href = url('api/bureau/report');
  byId('bureau-public-download', HTMLAnchorElement).href = url('api/bureau/report', { which: 'public' });
  renderReport(
    byId('bureau-report-view', HTMLDivElement),
    b.report,
    'bureau-summary-table',
    '各校汇总表有变化（有新上传或移除的文件），下面是上次的全县汇总，已过时：请点“合并各校汇总表”重新生成汇总表。',
  );
  if (!b.report) byId('bureau-report-view', HTMLDivElement).replaceChildren();
}

function enable(s: StateView): void {
  const hasStage = !!s.stage;
  byId('issue-button', HTMLButtonElement).disabled = !hasStage;
  byId('merge-button', HTMLButtonElement).disabled = !hasStage || !s.returns || s.returns.files.length === 0;
  byId('bureau-merge-button', HTMLButtonElement).disabled = s.bureau.files.length === 0;
  for (const id of ['returned-files', 'returned-folder']) byId(id, HTMLInputElement).disabled = !hasStage;
}

function render(s: StateView): void {
  state = s;
  byId('work-dir', HTMLSpanElement).textContent = s.dir;
  renderRoster(s.roster, s.stage);
  renderIssued(s.issued, s.stage);
  renderReturns(s.returns, s.stage);
  const report = byId('report-download', HTMLAnchorElement);
  const publicReport = byId('public-download', HTMLAnchorElement);
  reportLinks(report, publicReport, s.stage ? s.report : undefined, '汇总.xlsx');
  if (s.stage) {
    report.href = url('api/report', { stage: s.stage });
    publicReport.href = url('api/report', { stage: s.stage, which: 'public' });
  }
  renderReport(
    byId('report-view', HTMLDivElement),
    s.stage ? s.report : undefined,
    'summary-table',
    '收回的文件有变化（有新交回或移除的文件），请重新生成汇总表：下面是上次的汇总，已过时，请点“生成汇总表和公开版”。',
  );
  renderBureau(s.bureau);
  if (current) disableAll();
  else enable(s);
}

const refresh = () =>
  act(
    REFRESHING,
    () => call<StateView>('api/state'),
    () => '',
  );

// ── wiring ───────────────────────────────────────────────────────────────────────────────────
byId('refresh-button', HTMLButtonElement).addEventListener('click', () => void refresh());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void refresh();
});

byId('roster-input', HTMLInputElement).addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  const notes = byId('roster-upload-notes', HTMLDivElement);
  void act(
    `正在上传名单 ${file.name}`,
    async () => {
      const answer = await call<{ upload: RosterUploadResult; state: StateView }>('api/roster', formOf([file]));
      const refused = answer.upload.refused[0];
      // Why it was refused is said once, in the status (the server's 'roster-kept'); its problems go here.
      notes.replaceChildren(
        ...(refused && answer.upload.problems.length > 0 ? [problemTable(answer.upload.problems, 'roster-upload-problems')] : []),
        // Where the roster it replaced went (已移除).
        ...answer.upload.replaced.map((r) => h('p', { class: 'sev-提示' }, r.note)),
      );
      if (refused) {
        render(answer.state);
        throw new Error(refused.reason);
      }
      return answer.state;
    },
    (s) =>
      s.roster.stages.length === 0 ? '名单已上传，但有错误需要改正。' : s.stage ? `名单已上传。当前阶段：${s.stage}。` : '名单已上传。请选择本次工作的阶段。',
  );
});

byId('stage-select', HTMLSelectElement).addEventListener('change', (e) => {
  const stage = (e.target as HTMLSelectElement).value;
  if (stage)
    void act(
      '正在切换阶段',
      () => call<StateView>('api/stage', post({ stage })),
      () => `当前阶段：${stage}`,
    );
});

byId('issue-button', HTMLButtonElement).addEventListener('click', () => {
  if (!state?.stage) return;
  void act(
    '正在生成各党小组点评表',
    () => call<StateView>('api/issue', post({ stage: chosenStage() })),
    (s) => `已生成 ${s.issued?.files.length ?? 0} 个点评表。`,
  );
});

acceptFiles(byId('returned-drop', HTMLDivElement), [byId('returned-files', HTMLInputElement), byId('returned-folder', HTMLInputElement)], (files) => {
  if (!state?.stage) return say('请先在第 1 步上传名单并选择阶段。', true);
  void act(
    `正在上传并检查 ${files.length} 个文件`,
    async () => {
      const answer = await call<{ upload: UploadResult; state: StateView }>('api/returned', formOf(files), { stage: chosenStage() });
      uploadNotes(byId('returned-notes', HTMLDivElement), answer.upload);
      return answer.state;
    },
    (s) => `检查完成：${s.returns?.files.length ?? 0} 个文件。`,
  );
});

byId('merge-button', HTMLButtonElement).addEventListener('click', () => {
  if (!state?.stage) return;
  void act(
    '正在生成汇总表和公开版',
    () => call<StateView>('api/merge', post({ stage: chosenStage() })),
    () => '汇总表和公开版已生成。',
  );
});

acceptFiles(byId('bureau-drop', HTMLDivElement), [byId('bureau-files', HTMLInputElement), byId('bureau-folder', HTMLInputElement)], (files) => {
  void act(
    `正在上传 ${files.length} 个汇总表`,
    async () => {
      const answer = await call<{ upload: UploadResult; state: StateView }>('api/bureau/reports', formOf(files));
      uploadNotes(byId('bureau-notes', HTMLDivElement), answer.upload);
      return answer.state;
    },
    (s) => `已读取 ${s.bureau.files.length} 个文件。`,
  );
});

byId('bureau-merge-button', HTMLButtonElement).addEventListener('click', () => {
  const unit = byId('bureau-unit', HTMLInputElement).value;
  void act(
    '正在合并各校汇总表',
    () => call<StateView>('api/bureau/merge', post({ unit })),
    () => '全县汇总表和公开版已生成。',
  );
});

void refresh();
