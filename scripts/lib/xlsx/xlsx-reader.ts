/**
 * The xlsx reader: file bytes → grids of cell values (see addin/forms/cell.ts). It reads only
 * the parts the forms need — workbook, relationships, shared strings and the asked-for sheets —
 * and never styles: a number in a date column is a date serial by the form's declaration.
 */
import type { CellValue, Grid, GridRow, MergedRange } from '../../../addin/forms/cell';
import { columnOfA1, parseA1 } from '../../../addin/forms/cell';
import { WorkbookError } from '../errors';
import { mb } from '../reasons';
import { LIMITS, type Limits } from './limits';
import { refuseNonWorkbook } from './sniff';
import { declarationScanner, localName, parseXml, xmlParser } from './xml';
import { type ZipParts, openZip } from './zip-reader';

export interface WorkbookData {
  grids: Grid[];
  date1904: boolean;
  /** Names and states of every sheet, including those not read. */
  sheets: { name: string; state: Grid['state'] }[];
}

export interface ReadOptions {
  /** Reads only the sheets this returns true for (all when absent). */
  wantSheet?: (name: string) => boolean;
  /** Limits other than a branch workbook's (LIMITS): publish reads a county's report. */
  limits?: Limits;
}

interface SheetRef {
  name: string;
  state: Grid['state'];
  rid: string;
}

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function readWorkbookXml(buf: Buffer): { sheets: SheetRef[]; date1904: boolean } {
  const sheets: SheetRef[] = [];
  let date1904 = false;
  parseXml(buf, 'xl/workbook.xml', {
    open(name, attrs) {
      const local = localName(name);
      if (local === 'sheet') {
        const rid = Object.entries(attrs).find(([k]) => localName(k) === 'id' && k !== 'sheetId')?.[1] ?? '';
        const state = attrs.state === 'hidden' || attrs.state === 'veryHidden' ? attrs.state : 'visible';
        sheets.push({ name: attrs.name ?? '', state, rid });
      } else if (local === 'workbookPr') {
        date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
      }
    },
  });
  return { sheets, date1904 };
}

function readRels(buf: Buffer, part: string): Map<string, string> {
  const rels = new Map<string, string>();
  parseXml(buf, part, {
    open(name, attrs) {
      if (localName(name) === 'Relationship' && attrs.Id && attrs.Target && attrs.TargetMode !== 'External') rels.set(attrs.Id, attrs.Target);
    },
  });
  return rels;
}

/** Shared strings: plain and rich text; phonetic runs (rPh) are not part of the value. */
async function readSharedStrings(zip: ZipParts): Promise<string[]> {
  const strings: string[] = [];
  let current = '';
  let inT = false;
  let inPhonetic = 0;
  const sink = xmlParser('xl/sharedStrings.xml', {
    open(name) {
      const local = localName(name);
      if (local === 'si') current = '';
      else if (local === 'rPh') inPhonetic++;
      else if (local === 't' && inPhonetic === 0) inT = true;
    },
    close(name) {
      const local = localName(name);
      if (local === 'si') strings.push(unescapeX(current));
      else if (local === 'rPh') inPhonetic--;
      else if (local === 't') inT = false;
    },
    text(text) {
      if (inT) current += text;
    },
  });
  await zip.stream('xl/sharedStrings.xml', (chunk) => sink.write(chunk));
  sink.close();
  return strings;
}

/** Excel writes characters XML cannot hold as `_xHHHH_` (and a literal `_x` as `_x005F_x`). */
function unescapeX(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** Merged ranges cut to the cells that exist: a merge over whole columns must not become a million rows. */
function clampMerges(merges: MergedRange[], rows: readonly GridRow[], sheet: string, limits: Limits): MergedRange[] {
  if (merges.length > limits.maxMerges) {
    throw new WorkbookError('too-many-merges', { sheet, count: merges.length, limit: limits.maxMerges });
  }
  if (merges.length === 0) return merges;
  const lastRow = rows.length > 0 ? rows[rows.length - 1].r : 0;
  let lastCol = 0;
  for (const row of rows) lastCol = Math.max(lastCol, row.cells.length - 1);
  const clamped = merges
    .filter((m) => m.top <= lastRow && m.left <= lastCol && m.top <= m.bottom && m.left <= m.right)
    .map((m) => ({ ...m, bottom: Math.min(m.bottom, lastRow), right: Math.min(m.right, lastCol) }));
  // Every merged cell is spread by the form reader; their number is bounded like the cells.
  let area = 0;
  for (const m of clamped) area += (m.bottom - m.top + 1) * (m.right - m.left + 1);
  if (area > limits.maxCells) {
    throw new WorkbookError('merged-area-too-large', { sheet, count: area, limit: limits.maxCells });
  }
  return clamped;
}

async function readSheet(zip: ZipParts, part: string, ref: SheetRef, shared: readonly string[], limits: Limits): Promise<Grid> {
  const rows: GridRow[] = [];
  const merges: MergedRange[] = [];
  let row: GridRow | null = null;
  let rowNumber = 0;
  let col = -1;
  let type = 'n';
  let hasFormula = false;
  let value = '';
  let inValue = false;
  let inInline = false;
  let inPhonetic = 0;
  let gotValue = false;
  let cellCount = 0;

  const finishCell = () => {
    // A formula without a cached result (written by a program that does not calculate) is not
    // an empty cell: it is marked so the reader can say so instead of reading it as blank.
    if (!row || (!gotValue && !hasFormula)) return;
    let v: CellValue;
    switch (type) {
      case 's': {
        const s = shared[Number(value)];
        v = s === undefined ? null : s;
        break;
      }
      case 'b':
        v = value === '1' || value === 'true';
        break;
      case 'e':
        v = { error: value };
        break;
      case 'str':
      case 'inlineStr':
      case 'd':
        v = value;
        break;
      default: {
        const n = Number(value);
        v = value.trim() === '' || Number.isNaN(n) ? value : n;
      }
    }
    if (typeof v === 'string') v = unescapeX(v);
    if (v === null || v === '') {
      if (hasFormula) (row.formulaCols ??= []).push(col);
      return;
    }
    if (++cellCount > limits.maxCells) throw new WorkbookError('too-many-cells', { sheet: ref.name, limit: limits.maxCells });
    row.cells[col] = v;
    if (hasFormula) (row.formulaCols ??= []).push(col);
  };

  const sink = xmlParser(part, {
    open(name, attrs) {
      switch (localName(name)) {
        case 'row':
          {
            const r = Number(attrs.r);
            rowNumber = Number.isInteger(r) && r > 0 && r <= 1_048_576 ? r : rowNumber + 1;
          }
          row = { r: rowNumber, cells: [] };
          col = -1;
          break;
        case 'c': {
          const at = attrs.r ? columnOfA1(attrs.r) : -1;
          col = at >= 0 ? at : col + 1;
          type = attrs.t ?? 'n';
          hasFormula = false;
          value = '';
          gotValue = false;
          break;
        }
        case 'v':
          inValue = true;
          gotValue = true;
          break;
        case 'f':
          hasFormula = true;
          break;
        case 'is':
          inInline = true;
          gotValue = true;
          break;
        case 'rPh':
          inPhonetic++;
          break;
        case 't':
          if (inInline && inPhonetic === 0) inValue = true;
          break;
        case 'mergeCell': {
          const [from, to] = (attrs.ref ?? '').split(':');
          const a = parseA1(from ?? '');
          const b = parseA1(to ?? from ?? '');
          if (a && b) merges.push({ top: a.row, left: a.col, bottom: b.row, right: b.col });
          break;
        }
      }
    },
    close(name) {
      switch (localName(name)) {
        case 'v':
          inValue = false;
          break;
        case 't':
          if (inInline) inValue = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          inPhonetic--;
          break;
        case 'c':
          finishCell();
          break;
        case 'row':
          if (row && row.cells.length > 0) rows.push(row);
          row = null;
          break;
      }
    },
    text(text) {
      if (inValue) value += text;
    },
  });
  await zip.stream(part, (chunk) => sink.write(chunk));
  sink.close();
  rows.sort((x, y) => x.r - y.r);
  return { name: ref.name, state: ref.state, rows, merges: clampMerges(merges, rows, ref.name, limits) };
}

/** Zip-based files that are not an xlsx workbook but are often sent as one. */
function otherZipFormat(names: ReadonlySet<string>): WorkbookError | undefined {
  if (names.has('xl/workbook.bin')) {
    return new WorkbookError('xlsb');
  }
  if (names.has('mimetype') && names.has('content.xml') && !names.has('xl/workbook.xml')) {
    return new WorkbookError('ods');
  }
  if (names.has('word/document.xml')) {
    return new WorkbookError('word-document');
  }
  if (names.has('ppt/presentation.xml')) {
    return new WorkbookError('powerpoint');
  }
  return undefined;
}

/** Reads a workbook from its bytes. Throws WorkbookError with a Chinese reason when it cannot. */
export async function readXlsx(buf: Buffer, fileName: string, options: ReadOptions = {}): Promise<WorkbookData> {
  const limits = options.limits ?? LIMITS;
  if (buf.length > limits.maxFileBytes) {
    throw new WorkbookError('file-too-large', { mb: mb(buf.length), limitMb: mb(limits.maxFileBytes) });
  }
  refuseNonWorkbook(buf, fileName);
  const zip = await openZip(buf, limits);
  try {
    const other = otherZipFormat(zip.names);
    if (other) throw other;
    if (!zip.names.has('[Content_Types].xml')) {
      throw new WorkbookError('not-ooxml');
    }
    if (!zip.names.has('xl/workbook.xml')) {
      throw new WorkbookError('no-workbook-part');
    }
    const { sheets, date1904 } = readWorkbookXml(await zip.read('xl/workbook.xml'));
    const rels = zip.names.has('xl/_rels/workbook.xml.rels')
      ? readRels(await zip.read('xl/_rels/workbook.xml.rels'), 'xl/_rels/workbook.xml.rels')
      : new Map<string, string>();
    const shared = zip.names.has('xl/sharedStrings.xml') ? await readSharedStrings(zip) : [];
    if (sheets.length > limits.maxSheets) {
      throw new WorkbookError('too-many-sheets', { count: sheets.length, limit: limits.maxSheets });
    }
    const parsed = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml']);
    const grids: Grid[] = [];
    for (const ref of sheets) {
      if (options.wantSheet && !options.wantSheet(ref.name)) continue;
      const target = rels.get(ref.rid);
      const part = target ? resolveTarget(target) : '';
      if (!target || !zip.names.has(part)) {
        throw new WorkbookError('missing-sheet-part', { sheet: ref.name });
      }
      grids.push(await readSheet(zip, part, ref, shared, limits));
      parsed.add(part);
    }
    // A DOCTYPE anywhere is refused, also in parts no parser of ours reads.
    for (const name of zip.names) {
      if (!parsed.has(name) && /\.(xml|rels|vml)$/i.test(name)) await zip.stream(name, declarationScanner(name));
    }
    return { grids, date1904, sheets: sheets.map(({ name, state }) => ({ name, state })) };
  } finally {
    zip.close();
  }
}
