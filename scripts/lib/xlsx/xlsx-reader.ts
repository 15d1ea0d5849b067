/**
 * The xlsx reader: file bytes → grids of cell values (see addin/forms/cell.ts). It reads only
 * the parts the forms need — workbook, relationships, shared strings and the asked-for sheets
 * (worksheet-reader.ts) — and never styles: a number in a date column is a date serial by the
 * form's declaration.
 */
import type { Grid } from '../../../addin/forms/cell';
import { WorkbookError } from '../errors';
import { mb } from '../reasons';
import { LIMITS, type Limits } from './limits';
import { refuseNonWorkbook } from './sniff';
import { CellBudget, type SheetRef, readSheet, unescapeX } from './worksheet-reader';
import { declarationScanner, localName, parseXml, xmlParser } from './xml';
import { type ZipParts, openZip, partKey } from './zip-reader';

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

/** A relationship's target as a part name: relative to the folder of the part that holds it, or from the root. */
function resolveTarget(target: string, folder: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const out: string[] = [];
  for (const p of `${folder}/${target}`.split('/')) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

const folderOf = (part: string) => part.slice(0, Math.max(0, part.lastIndexOf('/')));
const relsOf = (part: string) => `${folderOf(part)}${folderOf(part) ? '/' : ''}_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`;

function readWorkbookXml(buf: Buffer, part: string): { sheets: SheetRef[]; date1904: boolean } {
  const sheets: SheetRef[] = [];
  let date1904 = false;
  parseXml(buf, part, {
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

interface Relationship {
  type: string;
  /** The part it points at (resolved). */
  part: string;
}

/** A part's relationships by id (external targets left out), targets resolved against `source`'s folder. */
function readRels(buf: Buffer, relsPart: string, source: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  parseXml(buf, relsPart, {
    open(name, attrs) {
      if (localName(name) === 'Relationship' && attrs.Id && attrs.Target && attrs.TargetMode !== 'External')
        rels.set(attrs.Id, { type: attrs.Type ?? '', part: resolveTarget(attrs.Target, folderOf(source)) });
    },
  });
  return rels;
}

async function relsFor(zip: ZipParts, source: string): Promise<Map<string, Relationship>> {
  const part = relsOf(source);
  return zip.has(part) ? readRels(await zip.read(part), part, source) : new Map();
}

const isType = (rel: Relationship, type: string) => rel.type.endsWith(`/${type}`);

/** The workbook part: where `_rels/.rels` says the office document is (any folder, any case), else xl/workbook.xml. */
async function workbookPart(zip: ZipParts): Promise<string | undefined> {
  const root = await relsFor(zip, '');
  const named = [...root.values()].find((r) => isType(r, 'officeDocument') && zip.has(r.part));
  if (named) return named.part;
  return zip.has('xl/workbook.xml') ? 'xl/workbook.xml' : undefined;
}

/** Shared strings: plain and rich text; phonetic runs (rPh) are not part of the value. */
async function readSharedStrings(zip: ZipParts, part: string): Promise<string[]> {
  const strings: string[] = [];
  let current = '';
  let inT = false;
  let inPhonetic = 0;
  const sink = xmlParser(part, {
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
  await zip.stream(part, (chunk) => sink.write(chunk));
  sink.close();
  return strings;
}

/** Zip-based files that are not an xlsx workbook but are often sent as one. */
function otherZipFormat(names: Pick<ReadonlySet<string>, 'has'>): WorkbookError | undefined {
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
    const other = otherZipFormat(zip);
    if (other) throw other;
    if (!zip.has('[Content_Types].xml')) {
      throw new WorkbookError('not-ooxml');
    }
    const book = await workbookPart(zip);
    if (!book) {
      throw new WorkbookError('no-workbook-part');
    }
    const { sheets, date1904 } = readWorkbookXml(await zip.read(book), book);
    const rels = await relsFor(zip, book);
    const sharedPart = [...rels.values()].find((r) => isType(r, 'sharedStrings') && zip.has(r.part))?.part ?? `${folderOf(book)}/sharedStrings.xml`;
    const shared = zip.has(sharedPart) ? await readSharedStrings(zip, sharedPart) : [];
    if (sheets.length > limits.maxSheets) {
      throw new WorkbookError('too-many-sheets', { count: sheets.length, limit: limits.maxSheets });
    }
    const parsed = new Set([book, relsOf(book), sharedPart, '_rels/.rels'].map(partKey));
    const grids: Grid[] = [];
    const budget = new CellBudget(limits);
    for (const ref of sheets) {
      if (options.wantSheet && !options.wantSheet(ref.name)) continue;
      const part = rels.get(ref.rid)?.part;
      if (!part || !zip.has(part)) {
        throw new WorkbookError('missing-sheet-part', { sheet: ref.name });
      }
      grids.push(await readSheet(zip, part, ref, shared, limits, budget));
      parsed.add(partKey(part));
    }
    // A DOCTYPE anywhere is refused, also in parts no parser of ours reads.
    for (const name of zip.names) {
      if (!parsed.has(partKey(name)) && /\.(xml|rels|vml)$/i.test(name)) await zip.stream(name, declarationScanner(name));
    }
    return { grids, date1904, sheets: sheets.map(({ name, state }) => ({ name, state })) };
  } finally {
    zip.close();
  }
}
