import type ExcelJS from 'exceljs';
import { type BadCase, type Fixture, editParts } from '../helpers/corpus';
import { setMemberCell } from '../helpers/sheet-edit';

export async function memberCellCase(fx: Fixture, label: string, value: ExcelJS.CellValue): Promise<Buffer> {
  return (await setMemberCell(fx.good[1], fx, 1, 1, label, value)).data;
}

export const VALUE_ERRORS: (BadCase & { cellOf?: (fx: Fixture) => Promise<string> })[] = [
  {
    id: 'an error value (#N/A) in a date',
    name: 'na.xlsx',
    make: (fx) => memberCellCase(fx, '点评日期', { error: '#N/A' } as ExcelJS.CellErrorValue),
    rule: 'cellError',
    says: /#N\/A.*实际内容/,
  },
  {
    id: 'text over 32,767 characters',
    name: 'long.xlsx',
    make: (fx) => memberCellCase(fx, '立足本职争优秀', '很'.repeat(40_000)),
    rule: 'tooLong',
    says: /40000 个字符.*32767/,
  },
  {
    id: 'a date that is not a date',
    name: 'notdate.xlsx',
    make: (fx) => memberCellCase(fx, '点评日期', '九月初'),
    rule: 'notDate',
    says: /九月初.*2010-09-01/,
  },
  { id: 'a method not in the list', name: 'method.xlsx', make: (fx) => memberCellCase(fx, '点评方式', '开会'), rule: 'notInList', says: /开会.*集中点评/ },
  {
    id: 'a raw control character (&#1;) in the XML',
    name: 'ctrl.xlsx',
    make: async (fx) => editParts(await memberCellCase(fx, '立足本职争优秀', 'QQMARK能够认真学习。'), (_n, xml) => xml.replace('QQMARK', '&#1;')),
    rule: 'xml-invalid',
    says: /不是有效的 XML.*另存为/,
  },
];
