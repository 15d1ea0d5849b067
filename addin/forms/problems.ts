/**
 * Every rule the forms enforce, by name: its severity and its Chinese message. A newcomer who
 * sees a message in a report finds the rule here by searching for its text or its id.
 * 错误 blocks (the row is not merged, a branch file cannot be finalized); 提示 only warns.
 */

export type Severity = 'error' | 'warning';

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '提示' };

interface RuleDef {
  severity: Severity;
  /** Message template; `{name}` is replaced by the parameter of that name. */
  text: string;
}

export const RULES = {
  // ── a single cell ───────────────────────────────────────────────────────────
  required: { severity: 'error', text: '「{label}」为必填项，不能为空' },
  missingAspect: { severity: 'error', text: '缺少点评内容「{label}」：四个方面都要点评' },
  missingElement: { severity: 'error', text: '缺少「{label}」：点评须肯定成绩、指出问题、提出努力方向' },
  notInList: { severity: 'error', text: '「{label}」的值“{value}”不在下拉列表中，应为：{options}' },
  notDate: { severity: 'error', text: '「{label}」的值“{value}”不是有效日期，请填写如 2010-09-01' },
  notCount: { severity: 'error', text: '「{label}」应为不小于 0 的整数，现为“{value}”' },
  notYesNo: { severity: 'error', text: '「{label}」应填“是”或“否”，现为“{value}”' },
  tooLong: { severity: 'error', text: '「{label}」有 {length} 个字符，超过 Excel 单元格上限 32767' },
  cellError: { severity: 'error', text: '「{label}」是错误值 {value}，请改为实际内容' },
  formulaWithoutValue: { severity: 'warning', text: '「{label}」是公式，但文件中没有它的计算结果，已按空白读取；请直接填写内容' },
  formulaCell: { severity: 'warning', text: '「{label}」是公式，已按计算结果“{value}”读取；请直接填写内容' },

  // ── a row, against the roster and the stage ─────────────────────────────────
  dateOutsideStage: { severity: 'error', text: '「{label}」{value} 不在「{stage}」阶段（{start} 至 {end}）内' },
  dateInFuture: { severity: 'error', text: '「{label}」{value} 晚于检查基准日 {asOf}，日期不能在将来' },
  memberNotInRoster: { severity: 'error', text: '“{value}”不在名单的党员中' },
  memberOfOtherBranch: { severity: 'error', text: '“{value}”是「{other}」的党员，不属于本党小组「{branch}」' },
  rowBranchNotInRoster: { severity: 'error', text: '「{label}」“{value}”不在名单的党小组中（本表属于「{branch}」）' },
  branchMismatch: { severity: 'error', text: '「{label}」“{value}”与本表所属党小组「{branch}」不符' },
  stageMismatch: { severity: 'error', text: '所属阶段“{value}”与本表的阶段「{stage}」不符' },
  duplicateReview: { severity: 'error', text: '“{value}”已在第 {firstRow} 行点评过，同一对象每阶段只点评一次' },
  rectificationObjectUnknown: { severity: 'error', text: '整改对象“{value}”既不是本党小组，也不是本党小组的党员' },
  rectificationObjectKind: { severity: 'error', text: '对象类型为“{kind}”，但“{value}”是{actual}' },
  doneWithoutDate: { severity: 'error', text: '状态为“已整改”，但未填写完成日期' },

  // ── warnings ────────────────────────────────────────────────────────────────
  unexpectedOrgReviewer: { severity: 'warning', text: '党组织点评一般由联系领导（{expected}）进行，此处点评人为“{value}”' },
  unexpectedMemberReviewer: { severity: 'warning', text: '党员点评一般由党小组组长或党组织书记（{expected}）进行，此处点评人为“{value}”' },
  unusualMethod: { severity: 'warning', text: '{object}一般采用“{usual}”，此处为“{value}”，请确认' },
  placeholderComment: { severity: 'warning', text: '「{label}」只写了“{value}”，过于简单，请写明具体情况' },
  deadlineWithoutRectification: { severity: 'warning', text: '已标记限期整改，但整改台账中没有“{value}”的整改事项' },
  exampleWithoutDeeds: { severity: 'warning', text: '推荐为典型，但未填写「先进事迹」' },
  completedNotDone: { severity: 'warning', text: '已填写完成日期，但状态为“{value}”，是否应为“已整改”？' },
  reviewWithoutPlan: { severity: 'warning', text: '“{value}”的点评没有列入「点评安排」' },
  reviewFarFromPlan: { severity: 'warning', text: '点评日期 {value} 与计划日期 {planned} 相差 {days} 天' },
  scheduleObjectUnknown: { severity: 'error', text: '点评对象“{value}”既不是本党小组，也不是本党小组的党员' },
  duplicatePlan: { severity: 'error', text: '“{value}”已在第 {firstRow} 行安排过，每个对象只安排一次' },
  scheduleReviewerUnknown: { severity: 'error', text: '点评人“{value}”不在名单中（应为联系领导、党小组组长、党组织书记或本单位党员）' },
  replyBeforeCompletion: { severity: 'warning', text: '书面回复日期 {value} 早于完成日期 {completed}' },

  // ── sheets and columns ──────────────────────────────────────────────────────
  sheetMissing: { severity: 'error', text: '缺少工作表「{sheet}」' },
  sheetRenamed: { severity: 'warning', text: '工作表「{found}」按「{sheet}」读取（名称与模板不同）' },
  sheetDuplicated: { severity: 'error', text: '有多个工作表都像「{sheet}」（{names}），无法确定读取哪一个，请删去多余的' },
  sheetHidden: { severity: 'warning', text: '工作表「{sheet}」被隐藏，仍已读取' },
  headerNotFound: { severity: 'error', text: '找不到表头行（应含有 {labels} 等列），整张表无法读取' },
  missingColumn: { severity: 'error', text: '缺少必填列「{label}」，整张表无法读取；请从模板复制该列' },
  missingOptionalColumn: { severity: 'warning', text: '缺少列「{label}」，按空白读取' },
  headerNormalized: { severity: 'warning', text: '表头“{value}”按「{label}」读取' },
  extraColumn: { severity: 'warning', text: '第 {column} 列“{value}”不是表格字段，已忽略' },
  duplicateColumn: { severity: 'error', text: '「{label}」列出现了两次（{columns}），无法确定读取哪一列' },
  columnsReordered: { severity: 'warning', text: '列的顺序与模板不同，已按表头读取' },
  rowRepeated: { severity: 'warning', text: '第 {row} 行在文件中出现了不止一次（文件结构异常），已合并为一行读取；请在 Excel 中打开后另存再发送' },
  rowRepeatedConflict: {
    severity: 'error',
    text: '第 {row} 行在文件中出现了不止一次，{labels}各次的内容不同，无法确定读取哪一个；请在 Excel 中打开、核对该行后另存再发送',
  },
  mergedCells: { severity: 'warning', text: '数据区有合并单元格 {value}，已按左上角的值读取；请取消合并' },
  rowsTruncated: { severity: 'error', text: '数据行超过上限 {limit} 行，其后的行未读取' },

  // ── the workbook as a whole ──────────────────────────────────────────────────
  metaMissing: { severity: 'error', text: '不是办公室下发的点评表：缺少隐藏的 _meta 工作表。请用下发的模板填写，或在加载项中完成“设置”' },
  metaInvalid: { severity: 'error', text: '_meta 信息不完整或已损坏（{detail}），请用下发的原表重新填写' },
  schemaVersion: { severity: 'error', text: '表格版本为“{value}”，本程序只接受版本“{expected}”；请用新模板重新填写' },
  notBranchWorkbook: { severity: 'error', text: '这是汇总表，不是党小组点评表' },
  branchNotInRoster: { severity: 'error', text: '本表所属党小组“{value}”不在名单中' },
  fileStageMismatch: { severity: 'error', text: '本表属于「{value}」阶段，与要求的「{stage}」阶段不符' },
  stageNotInRoster: { severity: 'error', text: '本表的阶段“{value}”不在名单的「阶段」表中' },
  rosterChanged: { severity: 'warning', text: '下发本表后名单有变动，已按最新名单检查' },
  editedAfterFinalize: { severity: 'error', text: '定稿后内容又被修改（内容摘要不符），请在加载项中重新定稿' },
  finalizedAtInvalid: { severity: 'error', text: '定稿时间“{value}”不是带时区的有效时间（应如 2010-09-28T16:30:00+08:00），请取消定稿后重新定稿' },
  finalizedBeforeSeal: {
    severity: 'warning',
    text: '本表由旧版程序定稿，定稿时间未受内容摘要保护，按未定稿处理（同一党小组还有其他文件时，不凭此时间取胜）；请取消定稿后重新定稿',
  },
  unitMismatch: { severity: 'error', text: '本表属于“{value}”，不是名单单位“{unit}”的点评表（可能用了其他单位的模板），不能采用' },
  reportEdited: { severity: 'error', text: '汇总表生成后内容又被修改（内容摘要不符），不能采用；请该单位重新运行汇总后再报送' },
  reportFigureDisagrees: {
    severity: 'error',
    text: '汇总表各部分不一致，不能采用：「汇总」中{school}「{branch}」的{label}为 {stored}，按明细表应为 {computed}',
  },
  reportSheetDisagrees: { severity: 'error', text: '汇总表各部分不一致，不能采用：「{sheet}」中{school}「{branch}」的内容与明细表不符' },
  notFilled: { severity: 'error', text: '尚未填写：「党组织点评」和「党员点评」中还没有任何点评' },

  // ── roster (名单.xlsx) ───────────────────────────────────────────────────────
  rosterUnknownBranch: { severity: 'error', text: '党员“{value}”所在党小组“{branch}”不在「党小组」表中' },
  rosterDuplicateMember: { severity: 'error', text: '“{value}”在「{branch}」中出现了两次（另见第 {firstRow} 行）' },
  rosterDuplicateBranch: { severity: 'error', text: '党小组“{value}”出现了两次（另见第 {firstRow} 行）' },
  rosterDuplicateStage: { severity: 'error', text: '阶段“{value}”出现了两次（另见第 {firstRow} 行）' },
  rosterStageOrder: { severity: 'error', text: '阶段“{value}”的结束日期早于开始日期' },
  rosterStageOverlap: { severity: 'error', text: '阶段“{value}”与“{other}”的时间重叠' },
  rosterMissingInfo: { severity: 'error', text: '「基本信息」缺少“{label}”' },
  rosterEmpty: { severity: 'error', text: '「{sheet}」中没有任何数据' },
} as const satisfies Record<string, RuleDef>;

export type RuleId = keyof typeof RULES;

export interface Problem {
  severity: Severity;
  rule: RuleId | string;
  message: string;
  file?: string;
  sheet?: string;
  /** A1 reference of the cell concerned, when there is one. */
  cell?: string;
}

export type MessageParams = Record<string, string | number>;

export function formatMessage(rule: RuleId, params: MessageParams = {}): string {
  return RULES[rule].text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export function problem(rule: RuleId, params: MessageParams = {}, where: { sheet?: string; cell?: string } = {}): Problem {
  return { severity: RULES[rule].severity, rule, message: formatMessage(rule, params), ...where };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Shortens long cell text quoted inside a message. */
export function quote(value: unknown, max = 20): string {
  const s = String(value ?? '');
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s;
}
