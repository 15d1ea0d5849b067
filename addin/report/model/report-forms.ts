/**
 * The detail sheets of the report workbook: each branch form's own fields (the same schemas,
 * so the same labels and parsing, the same visibility) plus 学校, 所在党小组 where the form lacks
 * it, and 来源文件 (a file name, internal). A report read back (publish, or a bureau merging
 * schools) goes through these; those with `published` make the public version (公开版).
 */
import { z } from 'zod';
import { text } from '../../forms/fields';
import { defineForm } from '../../forms/form';
import {
  MEMBER_FORM,
  MemberReview,
  ORG_FORM,
  OrgReview,
  RECTIFICATION_FORM,
  Rectification,
  SCHEDULE_FORM,
  ScheduleRow,
  rectificationSubject,
  scheduleSubject,
} from '../../forms/branch-forms';

const school = () => text({ label: '学校', required: false, width: 16, prompt: '', visibility: 'public' });
const sourceFile = () => text({ label: '来源文件', required: false, width: 36, prompt: '', visibility: 'internal' });
const branchOf = () => text({ label: '所在党小组', required: true, isName: true, width: 14, prompt: '', visibility: 'public' });

export const ReportOrgRow = z.object({ school: school(), ...OrgReview.shape, sourceFile: sourceFile() });
export type ReportOrgRow = z.infer<typeof ReportOrgRow>;

export const ReportMemberRow = z.object({ school: school(), ...MemberReview.shape, sourceFile: sourceFile() });
export type ReportMemberRow = z.infer<typeof ReportMemberRow>;

export const ReportRectificationRow = z.object({
  school: school(),
  branch: branchOf(),
  ...Rectification.shape,
  sourceFile: sourceFile(),
});
export type ReportRectificationRow = z.infer<typeof ReportRectificationRow>;

export const ReportScheduleRow = z.object({
  school: school(),
  branch: branchOf(),
  ...ScheduleRow.shape,
  sourceFile: sourceFile(),
});
export type ReportScheduleRow = z.infer<typeof ReportScheduleRow>;

/** The plan is the office's working schedule, reported upward: not part of 整理公开. */
export const REPORT_SCHEDULE_FORM = defineForm({
  id: 'schedule',
  sheetName: '点评安排',
  title: '领导点评工作具体安排汇总',
  schema: ReportScheduleRow,
  subject: scheduleSubject,
  objectKey: SCHEDULE_FORM.objectKey,
});
export const REPORT_ORG_FORM = defineForm({
  id: 'org',
  sheetName: '党组织点评',
  title: '基层党组织开展创先争优活动领导点评汇总',
  schema: ReportOrgRow,
  subject: 'organization',
  objectKey: ORG_FORM.objectKey,
  published: { title: '党组织点评（公开版）' },
});
/** Member reviews are never published (domain guide, Privacy). */
export const REPORT_MEMBER_FORM = defineForm({
  id: 'member',
  sheetName: '党员点评',
  title: '党员开展创先争优活动领导点评汇总',
  schema: ReportMemberRow,
  subject: 'person',
  objectKey: MEMBER_FORM.objectKey,
});
export const REPORT_RECTIFICATION_FORM = defineForm({
  id: 'rectification',
  sheetName: '整改台账',
  title: '领导点评整改落实台账',
  schema: ReportRectificationRow,
  subject: rectificationSubject,
  objectKey: RECTIFICATION_FORM.objectKey,
  published: { title: '整改台账（公开版）' },
});

/** The report's detail forms, in sheet order. */
export const REPORT_FORMS = [REPORT_SCHEDULE_FORM, REPORT_ORG_FORM, REPORT_MEMBER_FORM, REPORT_RECTIFICATION_FORM] as const;
