/** The file-level reasons are what the office reads in 来源文件 and on the terminal: any change to them is deliberate. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { NOT_A_ROSTER, REASONS, type ReasonId, reasonText } from '../../scripts/lib/reasons';

describe('REASONS', () => {
  it('pins every message', () => {
    expect(REASONS).toMatchSnapshot();
    // What 'roster-is-other' names ({what}).
    expect(NOT_A_ROSTER).toMatchSnapshot();
  });

  it('fills every placeholder, and a missing parameter is a bug, not a message with a hole', () => {
    expect(reasonText('zip-bomb', { part: 'xl/worksheets/sheet1.xml', mb: 900, limitMb: 48 })).toBe(
      '工作簿中的 xl/worksheets/sheet1.xml 解压后有 900 MB，远超正常点评表（每部分上限 48 MB），可能是“压缩炸弹”，已拒收，未解压。如确是本人的表格，请删除多余的空行、图片后另存为 .xlsx 再发送。',
    );
    expect(() => reasonText('zip-bomb', { part: 'x' })).toThrow(/missing parameter mb/);
    expect(reasonText('text', { ext: '.xlsx' })).toBe('这是文本文件（或网页），不是 Excel 工作簿（只是扩展名为 .xlsx）。请发送下发的 .xlsx 表格。');
    expect(reasonText('text', { ext: '' })).toBe('这是文本文件（或网页），不是 Excel 工作簿。请发送下发的 .xlsx 表格。');
  });

  it('has only Chinese messages (no untranslated English word beyond names of files, formats, options and keys)', () => {
    const names = [
      ...['Excel', 'Office', 'WPS', 'LibreOffice', 'soffice', 'OpenDocument', 'PowerPoint', 'Word', 'DOCTYPE', 'XML', 'CSV', 'PDF', 'MB'],
      ...['YYYY', 'MM', 'DD', 'xlsx', 'xlsb', 'xls', 'ods', 'et', 'zip', 'xml', 'Content_Types', 'workbook', 'xl', 'meta'],
      ...['review', 'forms', 'merge', 'roster', 'check', 'annotate', 'force', 'stage', 'unit', 'help'],
    ];
    const allowed = new RegExp(`\\b(${names.join('|')})\\b|_meta|\\[Content_Types\\]|\\bCtrl\\+End\\b`, 'g');
    const english = Object.entries(REASONS).filter(([, text]) => /[A-Za-z]{3,}/.test(text.replace(/\{\w+\??|\}/g, '').replace(allowed, '')));
    expect(english.map(([id]) => id)).toEqual([]);
  });

  it('has no reason that no code gives', () => {
    const root = path.resolve(__dirname, '../..');
    const sources = execFileSync('git', ['grep', '-h', '-o', "'[a-z0-9-]*'", '--', 'scripts/*.ts', ':!scripts/lib/reasons.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    const used = new Set(sources.split('\n').map((s) => s.slice(1, -1)));
    const unused = (Object.keys(REASONS) as ReasonId[]).filter((id) => !used.has(id));
    expect(unused).toEqual([]);
  });
});
