/**
 * Shape drift: the form sheets as people change them. Where the meaning is clear the file is
 * read with a 提示; where it is not, it is rejected with the reason.
 */
import { checkCorpus, expectCheckCase, expectGoodRead, fixture, goodFiles, viaExcelJs } from './helpers/corpus';
import { columnOf, loadOne } from './helpers/sheet-edit';
import { member, reorderColumns, colCount, SHAPE_REJECTED } from './cases/shape';

jest.setTimeout(60_000);

beforeAll(() => fixture());

describe('shape drift that makes a sheet unreadable is rejected with the reason', () => {
  test.each(SHAPE_REJECTED)('$id', async (c) => {
    await expectCheckCase(c, await fixture());
  });
});

/** Reads a drifted workbook beside a good one: no errors, every member row read, and these 提示. */
async function expectReadWithWarnings(data: Buffer, rules: string[]): Promise<void> {
  const fx = await fixture();
  const run = await checkCorpus([...goodFiles(fx), { name: 'good-2.xlsx', data }], fx);
  expectGoodRead(run, fx, 0);
  const f = run.file('good-2.xlsx');
  expect(f.problems.filter((p) => p.severity === 'error').map((p) => `${p.rule} ${p.cell}: ${p.message}`)).toEqual([]);
  expect(f.summary?.membersReviewed).toBe(fx.goodMembers[1]);
  for (const rule of rules) expect(f.problems.map((p) => p.rule)).toContain(rule);
}

describe('shape drift whose meaning is clear is read, with a 提示', () => {
  test('a form sheet renamed', async () => {
    const fx = await fixture();
    await expectReadWithWarnings(
      await viaExcelJs(fx.good[1], (wb) => {
        member(wb).name = '党员点评表';
      }),
      ['sheetRenamed'],
    );
  });

  test('a form sheet renamed to Sheet1 (found by its header)', async () => {
    const fx = await fixture();
    await expectReadWithWarnings(
      await viaExcelJs(fx.good[1], (wb) => {
        member(wb).name = 'Sheet1';
      }),
      ['sheetRenamed'],
    );
  });

  test('a form sheet hidden', async () => {
    const fx = await fixture();
    await expectReadWithWarnings(
      await viaExcelJs(fx.good[1], (wb) => {
        member(wb).state = 'hidden';
      }),
      ['sheetHidden'],
    );
  });

  test('columns reordered', async () => {
    const fx = await fixture();
    const data = await viaExcelJs(fx.good[1], (wb) => {
      const ws = member(wb);
      const n = colCount(ws);
      reorderColumns(ws, [...Array.from({ length: n }, (_v, i) => i + 1)].reverse());
    });
    await expectReadWithWarnings(data, ['columnsReordered']);
  });

  test('a column inserted', async () => {
    const fx = await fixture();
    const data = await viaExcelJs(fx.good[1], (wb) => {
      const ws = member(wb);
      ws.spliceColumns(3, 0, ['联系电话', ...Array.from({ length: ws.rowCount - 1 }, () => '13800000000')]);
    });
    await expectReadWithWarnings(data, ['extraColumn']);
  });

  test('an optional column deleted', async () => {
    const fx = await fixture();
    const data = await viaExcelJs(fx.good[1], (wb) => member(wb).spliceColumns(columnOf(member(wb), '备注'), 1));
    await expectReadWithWarnings(data, ['missingOptionalColumn']);
  });

  test('header typos and extra spaces', async () => {
    const fx = await fixture();
    const data = await viaExcelJs(fx.good[1], (wb) => {
      const ws = member(wb);
      ws.getCell(1, columnOf(ws, '点评日期')).value = ' 点评　日期 ';
      ws.getCell(1, columnOf(ws, '点评人职务')).value = '点评人职物';
    });
    await expectReadWithWarnings(data, ['headerNormalized']);
  });

  test('blank rows between the data rows', async () => {
    const fx = await fixture();
    const data = await viaExcelJs(fx.good[1], (wb) => {
      const ws = member(wb);
      ws.spliceRows(4, 0, [], [], []);
    });
    await expectReadWithWarnings(data, []);
  });

  test('rows hidden by a filter are still read', async () => {
    const fx = await fixture();
    const data = await viaExcelJs(fx.good[1], (wb) => {
      const ws = member(wb);
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: ws.rowCount, column: colCount(ws) } };
      for (let r = 2; r <= ws.rowCount; r += 2) ws.getRow(r).hidden = true;
    });
    await expectReadWithWarnings(data, []);
  });

  test('10,000 formatted empty rows below the data', async () => {
    const fx = await fixture();
    const data = await viaExcelJs(fx.good[1], (wb) => {
      const ws = member(wb);
      const start = ws.rowCount + 1;
      for (let r = start; r < start + 10_000; r++) {
        const row = ws.getRow(r);
        row.height = 20;
        for (let c = 1; c <= 5; c++) row.getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
      }
    });
    await expectReadWithWarnings(data, []);
  });

  test('merged cells in the data are read from their top-left cell, with a 提示 naming the range', async () => {
    const fx = await fixture();
    const data = await viaExcelJs(fx.good[1], (wb) => {
      const ws = member(wb);
      const col = columnOf(ws, '点评人');
      ws.mergeCells(2, col, 4, col);
    });
    const { read, problems } = await loadOne(data, fx);
    const merged = problems.find((p) => p.rule === 'mergedCells');
    expect(merged?.message).toMatch(/合并单元格 [A-Z]+2:[A-Z]+4.*取消合并/);
    const rows = read?.forms.member?.rows ?? [];
    const reviewers = rows.slice(0, 3).map((r) => (r.record as { reviewer?: string } | null)?.reviewer);
    expect(new Set(reviewers).size).toBe(1);
  });
});
