/**
 * Every file-level reason the scripts give, by id, with its Chinese text: why a file was refused,
 * skipped or superseded, and why a command could not run. The rules of the forms (a cell, a row,
 * a sheet) are in addin/forms/problems.ts; this is their twin for whole files and commands.
 * A newcomer who sees a message finds it here by its text or its id; the texts are pinned by
 * test/scripts/reasons.test.ts. `{name}` is replaced by the parameter of that name; `{name?…}`
 * shows its text (which may use `{name}`) only when that parameter is not empty.
 */

export const REASONS = {
  // ── what a file is (it is refused with this reason; the run goes on) ─────────────────────────
  empty: '文件是空的（0 字节），可能没有保存成功或没有传完整。请重新发送原文件。',
  encrypted: '文件设置了打开密码（已加密），无法读取。请在 Excel 中打开，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存再发送。',
  'encrypted-zip-entry': '压缩包内的文件设置了密码（已加密），无法读取。请用下发的 .xlsx 表格重新填写，不要用压缩软件加密。',
  'wps-et': '这是 WPS 表格的 .et 格式文件。请在 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”后再发送。',
  'legacy-xls': '这是旧版 Excel 97-2003 格式（.xls）。请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”后再发送。',
  csv: '这是 CSV 文本文件，不是 Excel 工作簿，会丢失下拉列表和隐藏信息。请使用下发的 .xlsx 表格填写。',
  text: '这是文本文件（或网页），不是 Excel 工作簿{ext?（只是扩展名为 {ext}）}。请发送下发的 .xlsx 表格。',
  'unknown-format': '文件内容无法识别，不是 Excel 工作簿（可能已损坏，或只是改了扩展名）。请重新发送原文件。',
  xlsb: '这是 Excel 二进制工作簿（.xlsb），无法读取。请在 Excel 中打开，另存为“Excel 工作簿（*.xlsx）”后再发送。',
  ods: '这是 OpenDocument 表格（.ods，LibreOffice/WPS 的默认格式），无法读取。请在 LibreOffice 或 WPS 中“另存为” Excel 2007-365（.xlsx）格式后再发送。',
  'word-document': '这是 Word 文档，不是 Excel 工作簿（只是扩展名为表格）。请发送下发的 .xlsx 点评表。',
  powerpoint: '这是 PowerPoint 演示文稿，不是 Excel 工作簿。请发送下发的 .xlsx 点评表。',
  'not-ooxml': '压缩包中没有 [Content_Types].xml，不是 Excel 工作簿（可能是改了扩展名的 zip 文件）。',
  'no-workbook-part': '压缩包中没有工作簿部分（xl/workbook.xml），不是 Excel 工作簿，或文件已损坏。',
  'missing-part': '工作簿缺少必需的部分 {part}（文件已损坏）。请在 Excel 中打开后另存为 .xlsx 再发送。',
  'missing-sheet-part': '工作簿中的工作表「{sheet}」的内容缺失（文件已损坏）。请在 Excel 中打开后另存为 .xlsx 再发送。',
  'corrupt-zip': '文件已损坏或不完整（可能没有传完，或被其他程序改坏），无法作为 Excel 工作簿打开。请重新发送原文件，或在 Excel 中打开后另存为 .xlsx。',
  'xml-invalid': '工作簿的 {part} 不是有效的 XML（文件已损坏）。请在 Excel 中打开后另存为 .xlsx 再发送。',
  unreadable: '无法读取文件：{detail}',
  'file-is-roster': '这是名单（有“基本信息”“党小组”“党员”工作表），不是党小组交回的点评表，也不是汇总表，不作为点评表读取。',
  'file-is-public': '这是公开版（供张贴公开，不含合并所需的信息），不是点评表，也不是汇总表，不能合并。学校上报请用 汇总.xlsx。',
  'file-is-printed': '这是打印版点评表（供打印存档，不含合并所需的信息），不是党小组交回的点评表。请发送下发的 .xlsx 点评表。',

  // ── a file built to harm or exhaust (refused before it is unpacked or parsed further) ─────────
  'file-too-large': '文件有 {mb} MB，远大于正常点评表（上限 {limitMb} MB），已拒收。请删除多余的图片、空行后另存为 .xlsx 再发送。',
  'too-many-entries': '压缩包内有 {count} 个文件，远超正常工作簿（上限 {limit}），已拒收。',
  'unsafe-entry-name':
    '压缩包中有不安全的文件名“{name}”（指向工作簿之外的路径，Excel 从不这样写，可能是恶意文件），已拒收，未解压任何内容。请在 Excel 中打开后另存为 .xlsx 再发送。',
  'zip-size-mismatch': '压缩包中 {part} 的实际大小与记录的不符（文件已损坏，或是恶意构造的“压缩炸弹”），已拒收。请在 Excel 中打开后另存为 .xlsx 再发送。',
  'zip-bomb':
    '工作簿中的 {part} 解压后有 {mb} MB，远超正常点评表（每部分上限 {limitMb} MB），可能是“压缩炸弹”，已拒收，未解压。如确是本人的表格，请删除多余的空行、图片后另存为 .xlsx 再发送。',
  'zip-bomb-streamed':
    '工作簿中的 {part} 解压后超过上限（每部分 {limitMb} MB，全部 {totalMb} MB），可能是“压缩炸弹”，已拒收。如确是本人的表格，请删除多余的空行、图片后另存为 .xlsx 再发送。',
  'too-many-sheets': '工作簿有 {count} 个工作表，远超正常点评表（上限 {limit}），已拒收。',
  'too-many-cells': '工作簿中有内容的单元格超过 {limit} 个（读到工作表「{sheet}」时），远超正常点评表，已拒收。请删除多余的工作表或内容后另存为 .xlsx 再发送。',
  'used-range-too-large':
    '工作表「{sheet}」的内容至少延伸到 {cell} 单元格（{rows} 行 × {columns} 列；各工作表的范围合计上限 {limit} 个单元格），远超正常点评表，已拒收。请在该表按 Ctrl+End 找到最远的单元格，删除多余的行、列（或整张多余的工作表）后另存为 .xlsx 再发送。',
  'too-many-merges': '工作表「{sheet}」有 {count} 个合并单元格区域（上限 {limit}），已拒收。请取消合并单元格后另存再发送。',
  'merged-area-too-large': '工作表「{sheet}」的合并单元格覆盖了 {count} 个单元格（上限 {limit}），已拒收。请取消合并单元格后另存再发送。',
  'read-out-of-memory':
    '读取这个文件所需的内存超过上限（{limitMb} MB），已拒收，其他文件照常读取。文件中可能有大量多余的内容（空行、远处的单元格、额外的工作表）。请删除多余内容后另存为 .xlsx 再发送。',
  'read-crashed': '读取这个文件时程序出错（{detail}），已拒收，其他文件照常读取。请在 Excel 中打开后另存为 .xlsx 再发送；如仍出错，请把文件交给技术人员。',
  'annotate-failed': '未能生成这个文件的标注副本（{detail}），它的检查结果照常列出。可在 Excel 中打开原文件、另存为 .xlsx 后再检查。',
  'annotate-timeout': '未能生成这个文件的标注副本：{minutes} 分钟内没有完成，已停止，它的检查结果照常列出。请在 Excel 中打开原文件、另存为 .xlsx 后再检查。',
  'annotate-structure': '表格程序无法按原样读写这个文件的结构',
  'worker-exited': '工作线程意外退出（代码 {code}）',
  'annotate-out-of-memory':
    '未能生成这个文件的标注副本：所需内存超过上限（{limitMb} MB），它的检查结果照常列出。文件中可能有大量多余内容（空行、远处的单元格、额外的工作表），请删除后另存为 .xlsx。',
  'xml-doctype':
    '工作簿的 {part} 含有 DOCTYPE/实体声明（Excel 从不写入这类内容，可能是恶意文件），已拒收，未展开任何实体。请在 Excel 中打开后另存为 .xlsx 再发送；如非本人制作，请勿打开。',

  // ── which files a command reads (skipped or refused without being opened) ─────────────────────
  'lock-file': 'Office 临时锁定文件，已跳过',
  'hidden-file': '隐藏文件，已跳过',
  'not-spreadsheet': '不是表格文件（{ext}），已跳过',
  'not-regular-file': '不是普通文件（链接或设备），已跳过',
  'not-found': '文件或文件夹不存在',
  'upload-too-large': '文件超过 {limitMb} MB，远大于正常点评表，未保存。请删除多余的图片、空行后另存为 .xlsx 再上传。',
  'folder-not-workbook': '这是一个文件夹（名称像 Excel 文件，可能是解压后的工作簿），不是工作簿。请发送原来的 .xlsx 文件。',
  'own-output': '这是本次合并要写入的汇总表（上次合并的结果），不作为输入读取，将被新的汇总表替换',
  'annotated-copy': '标注副本（由 check --annotate 生成，未经改动，内容与原表相同），已跳过',

  // ── what merge decides about a readable file (来源文件's 原因) ───────────────────────────────
  'report-unreadable-in-merge': '汇总表无法读取',
  'report-other-stage': '本汇总表属于「{stage}」阶段，本次汇总「{wanted}」阶段',
  'report-own-unit': '这是本单位（{unit}）自己的汇总表（此前合并的结果），不作为输入读取；本单位的汇总只由各党小组的点评表合成',
  'reports-conflict': '同一单位「{unit}」有 {count} 份内容不同的汇总表，请确认后只保留一份',
  'included-in-report': '重复：这个文件已包含在汇总表 {file} 中',
  'merge-needs-roster': '合并党小组点评表需要名单，请用 --roster 指定名单.xlsx',
  'branch-other-stage': '本表属于「{stage}」阶段，本次汇总「{wanted}」阶段',
  'resubmissions-conflict': '同一党小组「{branch}」有多个文件定稿时间相同（{finalizedAt}）但内容不同：{files}，请确认后只保留一个重新提交',
  'superseded-by-conflict': '已有更晚定稿的文件，但它们相互冲突：{files}',
  'supersedes-earlier': '替代了同一党小组的 {count} 个较早文件',
  'duplicate-copy': '与 {file} 内容完全相同（重复提交）',
  'errors-in-problem-list': '另有 {count} 个错误（见「问题清单」）',
  superseded: '被 {file}（{digest}，定稿于 {finalizedAt}）替代；本文件 {ownDigest}，定稿于 {ownFinalizedAt}',

  // ── what a command lists of a file's problems ─────────────────────────────────────────────
  'problems-unlisted': '另有 {count} 个问题未列出（错误 {errors} 个，提示 {warnings} 个）。请先改正上面列出的问题，再检查一次。',

  // ── what check says a branch file still lacks (after its problems) ──────────────────────────
  'org-review-missing': '尚未进行党组织点评（{branch}）',
  'members-unreviewed': '尚未点评的党员 {count} 人：{names}',

  // ── a command that cannot run (exit code 2) or refuses (exit code 1) ─────────────────────────
  'no-inputs': '请指定要读取的文件或文件夹。',
  'unknown-command': '没有名为“{name}”的命令。{suggestion?您是不是要输入 {suggestion} ？}可用的命令：{commands}。',
  'unknown-option': '{command} 没有选项 {option}。{suggestion?您是不是要输入 {suggestion} ？}用 {command} --help 查看可用的选项。',
  'missing-option': '{command} 缺少必需的选项 {option}{description?（{description}）}。',
  'option-missing-value': '{command} 的选项 {option} 后面缺少值{description?（{description}）}。',
  'missing-argument': '{command} 缺少参数 {argument}{description?（{description}）}。',
  'excess-arguments': '{command} 的参数太多：应有 {expected} 个，实际有 {received} 个（{args}）。',
  'invalid-option-value': '{command} 的选项 {option} 的值“{value}”不对：{detail}',
  'usage-error': '{command} 的用法不对，请用 {command} --help 查看用法。',
  'date-format': '日期应写成 YYYY-MM-DD，且是日历上有的日子，如 2010-09-30。',
  'port-format': '端口应是 0 到 65535 之间的整数（0 表示自动选择空闲端口）。',
  'merge-needs-roster-or-unit':
    '合并需要 --roster 或 --unit：合并党小组点评表时请用 --roster 指定名单.xlsx；县教育局只合并各校汇总表时请用 --unit 指定单位名称（如 --unit 县教育局）。',
  'branch-files-need-roster': '{file} 是党小组点评表（共 {count} 个），合并点评表需要名单：请用 --roster 指定名单.xlsx。',
  'nothing-to-check': '没有找到可检查的点评表（{paths}）。{details}',
  'nothing-to-print': '没有可打印的点评（{paths}）：没有读到没有错误的点评。{details}',
  'no-soffice':
    '没有找到 LibreOffice（soffice 程序），未生成 PDF。打印版工作簿已生成，可在 Excel 或 WPS 中打开后直接打印或“另存为 PDF”；如需由本程序生成 PDF，请安装 LibreOffice 后重新运行。',
  'pdf-failed': 'LibreOffice 没能生成 PDF（{detail}）。打印版工作簿已生成，可在 Excel 或 WPS 中打开后直接打印或“另存为 PDF”。',
  'bad-time': '定稿时间格式不对：“{value}”。请写成 2010-09-28T16:30:00+08:00（或 2010-09-28 16:30，按本机时区）',
  'unknown-stage': '名单中没有阶段“{stage}”，可选：{options}',
  'no-stage': '没有可读的点评表或汇总表，无法确定阶段；请用 --stage 指定。',
  'roster-not-found': '无法读取名单文件 {file}：文件不存在',
  'roster-unreadable': '无法读取名单文件 {file}：{detail}',
  'roster-invalid': '名单文件有错误，请改正后再运行：\n{lines}',
  'roster-is-other': '{file} 是{what}，不是名单。名单是填好“基本信息”“阶段”“党小组”“党员”四张表的 名单.xlsx。',
  'report-unreadable': '无法读取汇总表 {file}：{detail}',
  'not-a-report': '{file} 不是 review-forms merge 生成的汇总表（缺少汇总表的 _meta 信息）。',
  'report-untrusted-publish':
    '汇总表 {file} 不能据以生成公开版：{problems}。公开版只能由 merge 生成后未被改动的汇总表生成；请重新运行 merge 生成汇总表后再公开。',
  'more-errors': '；另有 {count} 个错误',
  'not-branch': '{file} 不是点评表：{detail}',
  'input-unreadable': '无法读取 {file}：{detail}',
  'has-errors': '还有 {count} 个错误未改正，不能定稿：\n{list}',
  'output-exists': '{file} 已存在，未覆盖（可能是已填写的名单）。请换一个文件名，或加 --force 覆盖。',
  'output-not-writable': '无法写入输出文件 {file}：{detail}（原文件未被改动）',
  'report-too-large': '汇总表过大（{what}超过 4 GB），无法写出。请分批合并。',
  'output-busy': '无法写入输出文件 {file}：{detail}（如该文件正在 Excel/WPS 中打开，请先关闭再重试；原文件未被改动）',

  // ── outputs never land on inputs (scripts/lib/files/output-guard.ts) ──────────────────────────
  'output-is-input': '输出 {output} 就是要读取的文件 {input}{real?（实际位置 {real}）}，写入会覆盖它。已停止，没有写入任何文件；请换一个输出文件名或文件夹。',
  'output-is-roster': '输出 {output} 就是名单文件 {input}{real?（实际位置 {real}）}，写入会覆盖名单。已停止，没有写入任何文件；请换一个输出文件名或文件夹。',
  'output-in-input-folder':
    '输出文件夹 {output} 就是要读取的文件夹 {input}，或在它里面{real?（实际位置 {real}）}：写出的文件会混进收回的表格。已停止，没有写入任何文件；请换一个文件夹，如 退回/。',
  'output-folder-is-file': '无法写入 {output}：{file} 是一个文件，不是文件夹。请换一个输出位置。',
  'output-folder-not-writable': '无法在文件夹 {folder} 中写入：{detail}。请换一个可写的位置。',
  'finalized-in-future': '提示：定稿时间 {at} 晚于现在，请确认 --at 是否写对（合并时晚于上报截止的文件算逾期）。',
  'input-not-regular': '不是普通文件（可能是设备或管道），无法读取',
  'system-enoent': '文件或文件夹不存在',
  'system-eisdir': '这是一个文件夹，不是文件',
  'system-enotdir': '路径中有一段是文件，不是文件夹',
  'system-eexist': '同名的文件或文件夹已存在',
  'system-eacces': '没有读写权限',
  'system-erofs': '磁盘是只读的',
  'system-enametoolong': '文件名或路径太长',
  'system-enospc': '磁盘空间不足',
  'system-ebusy': '文件正被其他程序占用',
  'system-emfile': '同时打开的文件太多',
  'system-other': '系统错误',
  'template-kept': '{file} 已存在，未覆盖（要重新生成请加 --force）',

  // ── what the CLI and serve's page say when a request or the program itself fails ──────────────
  'internal-error': '程序出错（请把这段信息发给维护人员）：{detail}',
  'bad-request': '请求有误：{detail}',
  'not-generated': '还没有生成 {name}。',
  'no-such-file': '“{folder}”文件夹中没有文件“{file}”。',
  'remove-failed': '无法移除 {file}：{detail}。文件仍在“{from}”文件夹中；如它正在 Excel/WPS 中打开，请先关闭再移除。',
  'request-not-json': '请求格式不对：工作页面不接受这种格式的数据。请刷新页面后重试。',
  'request-bad-json': '请求内容格式有误，无法读取。请刷新页面后重试。',
  'roster-kept': '名单未保存，原来的名单保留不变：{detail}',
  'roster-too-large': '文件超过 {limitMb} MB，远大于正常的名单。请删除多余的图片、空行后另存为 .xlsx 再上传',
  'roster-replaced': '原来的名单已移到 {to}（没有删除，需要时可以移回）。',
  'roster-copy-failed': '无法把原来的名单存入“已移除”文件夹 {folder}：{detail}',
  'roster-upload-invalid': '上传的名单有 {count} 个错误（见下表），未替换原来的名单。请改正后重新上传。',
  'resubmissions-conflict-advice':
    '同一党小组有几个内容不同的文件，都未采用。请看清哪个是要用的，把不要的那个点“移除”（移到“已移除”文件夹，不会删除），留下的就会被采用。',
  'reports-conflict-advice': '同一单位有几份内容不同的汇总表，都未采用。请把不要的那份点“移除”（移到“已移除”文件夹，不会删除），留下的就会被采用。',
  'upload-replaced': '已替换同名文件 {file}（原来的文件已移到“已移除”文件夹 {folder}）',
  'upload-kept-beside': '{file} 与已有的同名文件不是同一份表（单位、党小组或阶段不同），没有替换它：新文件另存为 {as}，两个都保留。',
  'upload-kept-unusable': '{file} 合并时不会被采用（{why}），没有替换已有的同名文件：新文件另存为 {as}，两个都保留。',
  'upload-kept-older':
    '{file} 不比已有的同名文件新（新文件：{own}；已有的：{theirs}），合并时采用已有的那个，没有替换它：新文件另存为 {as}，两个都保留，页面上新文件标为“被替代”。',
  'upload-kept-conflict':
    '{file} 与已有的同名文件定稿时间相同（{finalizedAt}）而内容不同，没有替换它：新文件另存为 {as}，两个都保留。合并时两个都不采用，请把不要的那个点“移除”。',
  'upload-store-failed': '无法保存到文件夹 {folder}：{detail}',
  'upload-replace-failed':
    '无法把已有的同名文件 {file} 移到“已移除”文件夹 {folder}：{detail}。新文件未保存，已有的文件保留不变；如它正在 Excel/WPS 中打开，请先关闭再上传一次。',
  'upload-replace-back': '无法保存新文件：{detail}。新文件未保存，原来的同名文件 {file} 在 {where}。',
  'upload-numbered': '这次上传中有几个文件同名，{file} 另存为 {as}。',
  'removed-to': '已移除 {file}：移到了 {to}（没有删除，需要时可以移回“{from}”文件夹）',
} as const satisfies Record<string, string>;

export type ReasonId = keyof typeof REASONS;

/** What a workbook that is not a roster is, as 'roster-is-other' names it ({what}). */
export const NOT_A_ROSTER = { report: '汇总表', branch: '党小组的点评表', public: '公开版', printed: '打印版点评表' } as const;
export type ReasonParams = Readonly<Record<string, string | number>>;

/** A reason's text with its `{name}` placeholders filled. A missing parameter is a bug: it throws. */
export function reasonText(id: ReasonId, params: ReasonParams = {}): string {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`reason ${id}: missing parameter ${name}`);
      return String(value);
    });
  const optional = /\{(\w+)\?((?:[^{}]|\{\w+\})*)\}/g;
  return fill(REASONS[id].replace(optional, (_, name: string, inner: string) => (params[name] === undefined || params[name] === '' ? '' : inner)));
}

/** Megabytes as the reasons show them. */
export const mb = (bytes: number): number => Math.round(bytes / 1048576);
