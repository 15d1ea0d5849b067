import JSZip from 'jszip';
import { summarizeBranch } from '../../addin/report/model/summary';
import type { ReportModel } from '../../addin/report/model/report-model';
import { reportToBytes } from '../helpers/exceljs-report';

function model(): ReportModel {
  const summary = [
    summarizeBranch({ school: '甲校', branch: '一组', expectedMembers: ['张三', '李四'], org: [], member: [], rectification: [] }, '2010-09-30'),
  ];
  return {
    unit: '甲校',
    stage: { name: '全面争创', start: '2010-08-01', end: '2010-09-30', reportDue: '2010-09-30', planDue: undefined },
    referenceDate: '2010-09-30',
    schemaVersion: '1',
    sources: [],
    summary,
    org: [],
    member: [],
    rectification: [],
    schedule: [],
    examples: [],
    uncovered: [],
    problems: [],
    contentDigest: 'x',
  };
}

describe('report bytes', () => {
  it('keeps the 覆盖率 data bar but drops the empty x14 extension other readers warn about', async () => {
    const zip = await JSZip.loadAsync(await reportToBytes(model()));
    const sheets = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => n.startsWith('xl/worksheets/sheet'))
        .map((n) => zip.file(n)?.async('string') ?? ''),
    );
    const summary = sheets.find((x) => x.includes('<dataBar>')) ?? '';
    expect(summary).toContain('<dataBar>');
    expect(summary).toContain('<conditionalFormatting sqref="F2:F2">');
    for (const xml of sheets) expect(xml).not.toContain('x14:id');
  });
});
