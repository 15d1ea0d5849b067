/** Grids in tests: a row's cells as a dense line, as a test compares them with a list of values. */
import { type CellValue, type GridRow, lastColumn } from '../../addin/forms/cell';

/** A row's cells as a dense line up to its last cell (empty cells null); it costs the row's span. */
export function denseLine(row: GridRow): CellValue[] {
  const line: CellValue[] = new Array<CellValue>(lastColumn(row) + 1).fill(null);
  row.cols.forEach((c, i) => (line[c] = row.values[i]));
  return line;
}
