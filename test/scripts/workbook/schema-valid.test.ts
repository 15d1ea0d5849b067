/**
 * Every workbook the project writes opens in Excel without repair: each kind (WORKBOOK_WRITERS in
 * test/helpers/ooxml-schema.ts) is validated against the ECMA-376 transitional schema, part by
 * part, after Markup Compatibility processing. The foreign-saved input carries `<outlinePr>` with
 * fit-to-page, which exceljs alone writes in the wrong order (exceljs issue #1348).
 */
import { promises as fs } from 'node:fs';
import { type SchemaInputs, WORKBOOK_WRITERS, applyMarkupCompatibility, makeSchemaInputs, schemaProblems, spreadsheetParts } from '../../helpers/ooxml-schema';

jest.setTimeout(180_000);

let inputs: SchemaInputs;

beforeAll(async () => {
  inputs = await makeSchemaInputs();
});
afterAll(() => fs.rm(inputs.dir, { recursive: true, force: true }));

test('the foreign-saved inputs carry outline properties beside fit-to-page (what exceljs #1348 mis-orders)', async () => {
  for (const file of [inputs.foreign, inputs.foreignClean]) {
    const sheets = [...(await spreadsheetParts(await fs.readFile(file))).entries()].filter(([name]) => name.startsWith('xl/worksheets/'));
    expect(sheets.some(([, xml]) => /<sheetPr><outlinePr[^>]*>(<\/outlinePr>)?<pageSetUpPr[^>]*fitToPage="1"/.test(xml))).toBe(true);
  }
});

describe.each(WORKBOOK_WRITERS.map((w) => [w.kind, w] as const))('%s', (_kind, writer) => {
  test('every worksheet, workbook, styles, shared strings and comments part is valid against sml.xsd', async () => {
    const files = await writer.write(inputs);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const { parts, problems } = await schemaProblems(await fs.readFile(file));
      expect({ file, problems }).toEqual({ file, problems: [] });
      expect(parts).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/styles.xml']));
      expect(parts.some((p) => p.startsWith('xl/worksheets/'))).toBe(true);
      for (const want of writer.parts ?? []) expect(parts.some((p) => want.test(p))).toBe(true);
    }
  });
});

describe('the validator', () => {
  test('finds a sheetPr child out of order, and an unknown element', async () => {
    const { repairExceljsPackage } = await import('../../../scripts/lib/workbook/exceljs-output');
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(await fs.readFile(inputs.report));
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    const broken = sheet.replace(
      /<sheetPr>.*?<\/sheetPr>|<sheetPr\/>|(?=<dimension)/,
      '<sheetPr><pageSetUpPr fitToPage="1"/><outlinePr summaryBelow="0"/></sheetPr>',
    );
    zip.file('xl/worksheets/sheet1.xml', broken.replace('<sheetData>', '<sheetData><bogus/>'));
    const bad = await zip.generateAsync({ type: 'nodebuffer' });
    const { problems } = await schemaProblems(bad);
    expect(problems.join('\n')).toMatch(/sheet1\.xml:\d+: .*outlinePr.*not expected/);
    expect(problems.join('\n')).toMatch(/bogus/);
    // The repair puts sheetPr in order (the unknown element is ours to never write).
    zip.file('xl/worksheets/sheet1.xml', broken);
    const repaired = await repairExceljsPackage(await zip.generateAsync({ type: 'nodebuffer' }));
    expect((await schemaProblems(repaired)).problems).toEqual([]);
  });

  test('applies Markup Compatibility: ignorable namespaces and xml:space dropped, AlternateContent by its Fallback', () => {
    const xml =
      '<a xmlns="urn:m" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="urn:x14ac" mc:Ignorable="x14ac">' +
      '<b x14ac:dyDescent="0.25" xml:space="preserve">t</b><x14ac:ext/>' +
      '<mc:AlternateContent><mc:Choice Requires="x14ac"><c/></mc:Choice><mc:Fallback><d/></mc:Fallback></mc:AlternateContent></a>';
    expect(applyMarkupCompatibility(xml)).toBe('<a xmlns="urn:m" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><b>t</b><d></d></a>');
  });
});
