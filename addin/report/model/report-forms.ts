/**
 * The detail sheets of the report workbook: each branch form's own fields (the same schemas,
 * so the same labels and parsing) plus 学校, 所在党小组 where the form lacks it, and 来源文件.
 * A report read back (publish, or a bureau merging schools) goes through these.
 */
import { z } from 'zod';
import { text } from '../../forms/fields';
import { defineForm } from '../../forms/form';
import { MemberReview, OrgReview, Rectification, ScheduleRow } from '../../forms/branch-forms';

const school = () => text({ label: '学校', required: false, width: 16, prompt: '' });
const sourceFile = () => text({ label: '来源文件', required: false, width: 36, prompt: '' });

export const ReportOrgRow = z.object({ school: school(), ...OrgReview.shape, sourceFile: sourceFile() });
export type ReportOrgRow = z.infer<typeof ReportOrgRow>;

export const ReportMemberRow = z.object({ school: school(), ...MemberReview.shape, sourceFile: sourceFile() });
export type ReportMemberRow = z.infer<typeof ReportMemberRow>;

export const ReportRectificationRow = z.object({
  school: school(),
  branch: text({ label: '所在党小组', required: true, isName: true, width: 14, prompt: '' }),
  ...Rectification.shape,
  sourceFile: sourceFile(),
});
export type ReportRectificationRow = z.infer<typeof ReportRectificationRow>;

export const ReportScheduleRow = z.object({
  school: school(),
  branch: text({ label: '所在党小组', required: true, isName: true, width: 14, prompt: '' }),
  ...ScheduleRow.shape,
  sourceFile: sourceFile(),
});
export type ReportScheduleRow = z.infer<typeof ReportScheduleRow>;

export const REPORT_SCHEDULE_FORM = defineForm({ id: 'schedule', sheetName: '点评安排', title: '领导点评工作具体安排汇总', schema: ReportScheduleRow });
export const REPORT_ORG_FORM = defineForm({ id: 'org', sheetName: '党组织点评', title: '基层党组织开展创先争优活动领导点评汇总', schema: ReportOrgRow });
export const REPORT_MEMBER_FORM = defineForm({ id: 'member', sheetName: '党员点评', title: '党员开展创先争优活动领导点评汇总', schema: ReportMemberRow });
export const REPORT_RECTIFICATION_FORM = defineForm({
  id: 'rectification',
  sheetName: '整改台账',
  title: '领导点评整改落实台账',
  schema: ReportRectificationRow,
});
