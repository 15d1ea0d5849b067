/**
 * Files really written by LibreOffice (when it is installed): a branch workbook re-saved as .xlsx
 * is read without problems; the same saved as .xls or .ods is named with the right reason.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { libreOfficeConvert } from '../helpers/workbooks';
import { checkCorpus, expectGoodRead, fixture, tempDir } from './helpers/corpus';

const soffice = (process.env.PATH ?? '')
  .split(path.delimiter)
  .map((d) => path.join(d, 'soffice'))
  .find((p) => existsSync(p));

// LibreOffice is a test requirement (.ci/run installs it): without it this suite fails, never skips.
describe('files saved by LibreOffice', () => {
  test('LibreOffice (soffice) is installed', () => {
    expect(soffice).toBeDefined();
  });

  jest.setTimeout(300_000);

  test('re-saved .xlsx is read; .xls and .ods are named', async () => {
    const fx = await fixture();
    const dir = await tempDir('lo-');
    const source = path.join(dir, 'good-2.xlsx');
    await fs.writeFile(source, fx.good[1]);
    const converted: Record<string, Buffer> = {};
    for (const to of ['xlsx', 'xls', 'ods'] as const) {
      const [file] = await libreOfficeConvert([source], path.join(dir, to), { to });
      converted[to] = await fs.readFile(file);
    }
    const result = await checkCorpus(
      [
        { name: 'good-1.xlsx', data: fx.good[0] },
        { name: 'good-2.xlsx', data: converted.xlsx },
        { name: 'lo.xls', data: converted.xls },
        { name: 'lo.ods', data: converted.ods },
      ],
      fx,
    );
    expectGoodRead(result, fx, 0);
    expectGoodRead(result, fx, 1);
    expect(result.file('lo.xls').problems.map((p) => p.rule)).toEqual(['legacy-xls']);
    expect(result.file('lo.ods').problems.map((p) => p.rule)).toEqual(['ods']);
  });
});
