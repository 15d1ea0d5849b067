/**
 * The report workbook written directly as SpreadsheetML, row by row: the second renderer of the
 * sheet data in addin/report (the first is exceljs, in the browser). Every layout value — widths,
 * styles, page setup, views — comes from `tableLayout` and REPORT_VIEWS there; this file only
 * knows how SpreadsheetML spells them.
 *
 * Each row becomes a string and goes, a few dozen KB at a time, into the zip entry's deflate
 * stream, waiting while the compressor (libuv's thread pool) is behind, so memory stays flat
 * however many rows there are. Strings are inline (no shared-string table to hold), numbers and
 * dates are plain values, and the output has no timestamps: the same model gives the same bytes.
 */
import type { ReportModel } from '../../../addin/report/model/report-model';
import { columnLetter } from '../../../addin/forms/cell';
import { utcDateToSerial } from '../../../addin/forms/dates';
import { REPORT_VIEWS, reportSheets } from '../../../addin/report/model/report-sheets';
import {
  type CellData,
  type CellStyle,
  type ConditionalFormat,
  type ConditionalRule,
  FONT_CHARSET,
  type FontStyle,
  type HighlightStyle,
  type PlainSheet,
  type TableSheet,
  dataRowHeight,
  tableLayout,
} from '../../../addin/report/model/sheet-layout';
import { type ZipEntryWriter, ZipWriter } from '../xlsx/zip-writer';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Sheet XML gathered before it goes to the compressor. */
const CHUNK_BYTES = 256 * 1024;
/** Fixed document dates (the zip entries have the same): no "now" in the file. */
const FIXED_DATE = '1980-01-01T00:00:00Z';

// ---- text ----

/** Characters XML 1.0 cannot hold (lone surrogates are checked separately), and `_xHHHH_` look-alikes. */
const CELL_SPECIAL = /[&<>\x00-\x08\x0B-\x1F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
const MARKUP = /[&<>"]/;

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/** Markup escaped; characters XML 1.0 forbids dropped (formulas, titles, names). */
export function escapeXml(text: string): string {
  let out = MARKUP.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : text;
  if (/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/.test(out)) out = out.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '');
  if (/[\uD800-\uDFFF]/.test(out)) out = out.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
  return out;
}

/**
 * A cell's text for `<t>`: markup escaped, and characters XML cannot hold (control characters,
 * carriage return, lone surrogates) written as Excel does, `_xHHHH_`; a literal `_xHHHH_` in the
 * text becomes `_x005F_xHHHH_` so it reads back as itself.
 */
export function escapeCellText(text: string): string {
  if (!CELL_SPECIAL.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x26) out += '&amp;';
    else if (code === 0x3c) out += '&lt;';
    else if (code === 0x3e) out += '&gt;';
    else if (code === 0x5f && /^_x[0-9A-Fa-f]{4}_/.test(text.slice(i, i + 7))) out += '_x005F_';
    else if ((code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0xfffe || code === 0xffff) out += `_x${hex4(code)}_`;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + text[i + 1];
        i++;
      } else out += `_x${hex4(code)}_`;
    } else if (code >= 0xdc00 && code <= 0xdfff) out += `_x${hex4(code)}_`;
    else out += text[i];
  }
  return out;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** An inline string cell (`s` is the style attribute, already formatted). */
function stringCell(ref: string, s: string, text: string): string {
  const preserve = isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)) || text.includes('\n');
  return `<c r="${ref}"${s} t="inlineStr"><is><t${preserve ? ' xml:space="preserve"' : ''}>${escapeCellText(text)}</t></is></c>`;
}

function numberText(n: number): string | undefined {
  return Number.isFinite(n) ? String(n) : undefined;
}

function cellXml(ref: string, s: string, v: CellData): string {
  switch (typeof v) {
    case 'string':
      return stringCell(ref, s, v);
    case 'number': {
      const n = numberText(v);
      return n === undefined ? `<c r="${ref}"${s} t="e"><v>#NUM!</v></c>` : `<c r="${ref}"${s}><v>${n}</v></c>`;
    }
    case 'boolean':
      return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
    default:
      if (v instanceof Date) {
        const n = numberText(utcDateToSerial(v));
        return n === undefined ? '' : `<c r="${ref}"${s}><v>${n}</v></c>`;
      }
      if (v && typeof v === 'object') {
        const f = `<f>${escapeXml(v.formula)}</f>`;
        const r = v.result;
        if (typeof r === 'string') return `<c r="${ref}"${s} t="str">${f}<v>${escapeCellText(r)}</v></c>`;
        if (typeof r === 'boolean') return `<c r="${ref}"${s} t="b">${f}<v>${r ? 1 : 0}</v></c>`;
        const n = numberText(r);
        return n === undefined ? `<c r="${ref}"${s}>${f}</c>` : `<c r="${ref}"${s}>${f}<v>${n}</v></c>`;
      }
      return '';
  }
}

// ---- styles ----

/** Formats, fonts, fills and borders, each numbered as first used; styles.xml is written last. */
class Styles {
  private readonly numFmts = new Map<string, number>();
  /** Font 0 is the Normal style's (Calibri 11: the column-width unit); every cell style names its own. */
  private readonly fonts = new Map<string, number>([['', 0]]);
  private readonly fontXml: string[] = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
  private readonly fills = new Map<string, number>([
    ['none', 0],
    ['gray125', 1],
  ]);
  private readonly borders = new Map<string, number>([['', 0]]);
  private readonly xfs = new Map<string, number>([['', 0]]);
  private readonly xfXml: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly dxfs = new Map<string, number>();

  private static index(map: Map<string, number>, key: string): number {
    let i = map.get(key);
    if (i === undefined) map.set(key, (i = map.size));
    return i;
  }

  private numFmtId(code: string | undefined): number {
    if (!code || code === 'General') return 0;
    let id = this.numFmts.get(code);
    if (id === undefined) this.numFmts.set(code, (id = 164 + this.numFmts.size));
    return id;
  }

  private fontId(font: FontStyle): number {
    const xml = `<font>${font.bold ? '<b/>' : ''}<sz val="${font.size}"/><name val="${escapeXml(font.name)}"/><charset val="${FONT_CHARSET}"/></font>`;
    let i = this.fonts.get(xml);
    if (i === undefined) {
      this.fonts.set(xml, (i = this.fontXml.length));
      this.fontXml.push(xml);
    }
    return i;
  }

  /** The cellXfs index of a style (0: none). */
  xf(style: CellStyle): number {
    const numFmtId = this.numFmtId(style.numFmt);
    const fontId = this.fontId(style.font);
    const fillId = style.fill ? Styles.index(this.fills, style.fill) : 0;
    const borderId = style.border ? Styles.index(this.borders, `${style.border.style}|${style.border.color}`) : 0;
    const a = style.alignment ?? {};
    let alignment = '';
    if (a.horizontal) alignment += ` horizontal="${a.horizontal}"`;
    if (a.vertical) alignment += ` vertical="${a.vertical === 'middle' ? 'center' : a.vertical}"`;
    if (a.wrapText) alignment += ' wrapText="1"';
    let xml = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"`;
    if (numFmtId) xml += ' applyNumberFormat="1"';
    if (fontId) xml += ' applyFont="1"';
    if (fillId) xml += ' applyFill="1"';
    if (borderId) xml += ' applyBorder="1"';
    xml += alignment ? ` applyAlignment="1"><alignment${alignment}/></xf>` : '/>';
    if (xml === this.xfXml[0]) return 0;
    let i = this.xfs.get(xml);
    if (i === undefined) {
      this.xfs.set(xml, (i = this.xfXml.length));
      this.xfXml.push(xml);
    }
    return i;
  }

  /** The dxfs index of a conditional format's highlight. */
  dxf(h: HighlightStyle): number {
    const font = h.fontColor ? `<font><color rgb="${escapeXml(h.fontColor)}"/></font>` : '';
    return Styles.index(this.dxfs, `<dxf>${font}<fill><patternFill patternType="solid"><bgColor rgb="${escapeXml(h.fill)}"/></patternFill></fill></dxf>`);
  }

  xml(): string {
    const numFmts = [...this.numFmts].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    const fonts = this.fontXml;
    const fills = [...this.fills.keys()].map((k) =>
      k === 'none' || k === 'gray125'
        ? `<fill><patternFill patternType="${k}"/></fill>`
        : `<fill><patternFill patternType="solid"><fgColor rgb="${escapeXml(k)}"/><bgColor indexed="64"/></patternFill></fill>`,
    );
    const borders = [...this.borders.keys()].map((k) => {
      if (k === '') return '<border><left/><right/><top/><bottom/><diagonal/></border>';
      const [style, color] = k.split('|');
      const side = (name: string) => `<${name} style="${escapeXml(style)}"><color rgb="${escapeXml(color)}"/></${name}>`;
      return `<border>${side('left')}${side('right')}${side('top')}${side('bottom')}<diagonal/></border>`;
    });
    const list = (tag: string, items: readonly string[]) => `<${tag} count="${items.length}">${items.join('')}</${tag}>`;
    return (
      `${XML_DECL}<styleSheet xmlns="${MAIN_NS}">` +
      (numFmts.length ? list('numFmts', numFmts) : '') +
      list('fonts', fonts) +
      list('fills', fills) +
      list('borders', borders) +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      list('cellXfs', this.xfXml) +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      list('dxfs', [...this.dxfs.keys()]) +
      '<tableStyles count="0"/></styleSheet>'
    );
  }
}

// ---- sheets ----

/**
 * Writes XML into an entry a chunk at a time, waiting while the compressor is behind. Each
 * piece (a row) is encoded into the chunk as it comes: a chunk built as one long string would
 * cost a second pass to flatten before encoding.
 */
class Chunked {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  constructor(private readonly entry: ZipEntryWriter) {}
  /** Adds XML; a promise only when the chunk went to the compressor (then await it). */
  add(xml: string): Promise<void> | undefined {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.used + xml.length * 3 <= CHUNK_BYTES) {
      this.used += this.buf.write(xml, this.used, 'utf8');
      return undefined;
    }
    return this.addAfterFlush(xml);
  }
  private async addAfterFlush(xml: string): Promise<void> {
    await this.flush();
    if (xml.length * 3 > CHUNK_BYTES) await this.entry.write(Buffer.from(xml, 'utf8'));
    else this.used += this.buf.write(xml, 0, 'utf8');
  }
  async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.buf.subarray(0, this.used);
    // The compressor keeps the chunk until it has taken it: the next rows go into a new one.
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    await this.entry.write(full);
  }
  async end(): Promise<void> {
    await this.flush();
    await this.entry.end();
  }
}

const WORKSHEET_OPEN = `${XML_DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`;

function ruleXml(rule: ConditionalRule, styles: Styles): string {
  switch (rule.type) {
    case 'dataBar':
      return (
        `<cfRule type="dataBar" priority="${rule.priority}"><dataBar>` +
        `<cfvo type="num" val="${rule.min}"/><cfvo type="num" val="${rule.max}"/><color rgb="${escapeXml(rule.color)}"/>` +
        '</dataBar></cfRule>'
      );
    case 'expression':
      return `<cfRule type="expression" dxfId="${styles.dxf(rule)}" priority="${rule.priority}"><formula>${escapeXml(rule.formula)}</formula></cfRule>`;
    case 'cellIs':
      return (
        `<cfRule type="cellIs" dxfId="${styles.dxf(rule)}" priority="${rule.priority}" operator="${rule.operator}">` +
        `<formula>${escapeXml(rule.formula)}</formula></cfRule>`
      );
  }
}

function conditionalXml(formats: readonly ConditionalFormat[], styles: Styles): string {
  return formats
    .map((cf) => `<conditionalFormatting sqref="${escapeXml(cf.ref)}">${cf.rules.map((r) => ruleXml(r, styles)).join('')}</conditionalFormatting>`)
    .join('');
}

function styleAttr(xf: number): string {
  return xf ? ` s="${xf}"` : '';
}

async function writeTableSheet(entry: ZipEntryWriter, sheet: TableSheet, styles: Styles): Promise<void> {
  const layout = tableLayout(sheet);
  const { pageSetup: p, headerFooter } = layout;
  const out = new Chunked(entry);
  const letters = layout.columns.map((_c, i) => columnLetter(i));
  const letter = (c: number) => letters[c] ?? columnLetter(c);
  const dataXf = layout.columns.map((c) => styles.xf(c.style));
  const dataS = dataXf.map(styleAttr);
  const boldS = layout.columns.map((c) => styleAttr(styles.xf(c.boldStyle)));
  const headerS = layout.columns.map((c) => styleAttr(styles.xf(c.headerStyle)));

  let head = WORKSHEET_OPEN;
  if (p.fitToPage) head += '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
  if (layout.frozenRows > 0) {
    head +=
      '<sheetViews><sheetView workbookViewId="0">' +
      `<pane ySplit="${layout.frozenRows}" topLeftCell="A${layout.frozenRows + 1}" activePane="bottomLeft" state="frozen"/>` +
      '<selection pane="bottomLeft"/></sheetView></sheetViews>';
  }
  head += '<sheetFormatPr defaultRowHeight="15"/>';
  if (layout.columns.length > 0) {
    head += '<cols>';
    layout.columns.forEach(
      (c, i) => (head += `<col min="${i + 1}" max="${i + 1}" width="${c.width}"${dataXf[i] ? ` style="${dataXf[i]}"` : ''} customWidth="1"/>`),
    );
    head += '</cols>';
  }
  head += `<sheetData><row r="1" ht="${layout.headerHeight}" customHeight="1">`;
  sheet.columns.forEach((c, i) => (head += stringCell(`${letters[i]}1`, headerS[i], c.header)));
  head += '</row>';
  await out.add(head);

  const rowXml = (r: number, values: readonly CellData[], bold: boolean): string => {
    const s = bold ? boldS : dataS;
    let xml = '';
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      if (v === null || v === undefined || v === '') continue;
      xml += cellXml(letter(c) + r, s[c] ?? '', v);
    }
    const height = dataRowHeight(layout, values);
    const ht = height === undefined ? '' : ` ht="${height}" customHeight="1"`;
    if (bold) return `<row r="${r}"${ht} s="${styles.xf(layout.boldRowStyle)}" customFormat="1">${xml}</row>`;
    return xml === '' ? '' : `<row r="${r}"${ht}>${xml}</row>`;
  };

  let r = 2;
  // With a bold last row, each row is written once the next one is known not to be the last.
  let held: readonly CellData[] | undefined;
  for (const values of sheet.rows) {
    let wait: Promise<void> | undefined;
    if (sheet.boldLastRow) {
      if (held) wait = out.add(rowXml(r++, held, false));
      held = values;
    } else wait = out.add(rowXml(r++, values, false));
    if (wait) await wait;
  }
  if (held) await out.add(rowXml(r, held, true));

  let tail = '</sheetData>';
  tail += `<autoFilter ref="${layout.autoFilter}"/>`;
  tail += conditionalXml(sheet.conditionalFormats ?? [], styles);
  const m = p.margins;
  tail += `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`;
  const scale = p.scale === undefined ? '' : ` scale="${p.scale}"`;
  tail += `<pageSetup paperSize="${p.paperSize}"${scale} orientation="${p.orientation}" fitToWidth="${p.fitToWidth}" fitToHeight="${p.fitToHeight}"/>`;
  tail += `<headerFooter><oddHeader>${escapeXml(headerFooter.oddHeader)}</oddHeader><oddFooter>${escapeXml(headerFooter.oddFooter)}</oddFooter></headerFooter>`;
  tail += '</worksheet>';
  await out.add(tail);
  await out.end();
}

async function writePlainSheet(entry: ZipEntryWriter, sheet: PlainSheet): Promise<void> {
  const out = new Chunked(entry);
  await out.add(`${WORKSHEET_OPEN}<sheetData>`);
  for (const [i, values] of sheet.rows.entries()) {
    const r = i + 1;
    const cells = values.map((v, c) => (v === '' ? '' : stringCell(`${columnLetter(c)}${r}`, '', v))).join('');
    if (cells) await out.add(`<row r="${r}">${cells}</row>`);
  }
  await out.add('</sheetData></worksheet>');
  await out.end();
}

// ---- the package ----

interface SheetEntry {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  printTitlesRow?: string;
  printTitlesColumn?: string;
}

function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function workbookXml(sheets: readonly SheetEntry[]): string {
  const views = REPORT_VIEWS.map((v) => {
    let attrs = ` xWindow="${v.x ?? 0}" yWindow="${v.y ?? 0}" windowWidth="${v.width ?? 20000}" windowHeight="${v.height ?? 12000}"`;
    if (v.firstSheet !== undefined) attrs += ` firstSheet="${v.firstSheet}"`;
    if (v.activeTab !== undefined) attrs += ` activeTab="${v.activeTab}"`;
    if (v.visibility && v.visibility !== 'visible') attrs += ` visibility="${v.visibility}"`;
    return `<workbookView${attrs}/>`;
  }).join('');
  const sheetList = sheets
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.state === 'visible' ? '' : ` state="${s.state}"`} r:id="rId${i + 1}"/>`)
    .join('');
  const names = sheets
    .map((s, i) => {
      const ranges = [...(s.printTitlesColumn ? [s.printTitlesColumn] : []), ...(s.printTitlesRow ? [s.printTitlesRow] : [])].map(
        (r) =>
          `${quoteSheetName(s.name)}!${r
            .split(':')
            .map((n) => `$${n}`)
            .join(':')}`,
      );
      return ranges.length === 0 ? '' : `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${escapeXml(ranges.join(','))}</definedName>`;
    })
    .join('');
  return (
    `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews>${views}</bookViews><sheets>${sheetList}</sheets>` +
    (names ? `<definedNames>${names}</definedNames>` : '') +
    '<calcPr calcId="171027"/></workbook>'
  );
}

function workbookRelsXml(count: number): string {
  let rels = '';
  for (let i = 1; i <= count; i++) rels += `<Relationship Id="rId${i}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i}.xml"/>`;
  rels += `<Relationship Id="rId${count + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`;
  return `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">${rels}</Relationships>`;
}

function contentTypesXml(count: number): string {
  const t = 'application/vnd.openxmlformats-officedocument';
  let overrides = `<Override PartName="/xl/workbook.xml" ContentType="${t}.spreadsheetml.sheet.main+xml"/>`;
  for (let i = 1; i <= count; i++) overrides += `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="${t}.spreadsheetml.worksheet+xml"/>`;
  overrides += `<Override PartName="/xl/styles.xml" ContentType="${t}.spreadsheetml.styles+xml"/>`;
  overrides += '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>';
  overrides += `<Override PartName="/docProps/app.xml" ContentType="${t}.extended-properties+xml"/>`;
  return (
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `${overrides}</Types>`
  );
}

const ROOT_RELS =
  `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
  `<Relationship Id="rId2" Type="${PKG_REL_NS}/metadata/core-properties" Target="docProps/core.xml"/>` +
  `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/>` +
  '</Relationships>';

function appXml(sheets: readonly SheetEntry[]): string {
  const titles = sheets.map((s) => `<vt:lpstr>${escapeXml(s.name)}</vt:lpstr>`).join('');
  return (
    `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"` +
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>' +
    `<vt:variant><vt:i4>${sheets.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">${titles}</vt:vector></TitlesOfParts>` +
    '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>' +
    '<AppVersion>16.0300</AppVersion></Properties>'
  );
}

const CORE_XML =
  `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
  ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"' +
  ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  '<dc:creator>review-forms</dc:creator><cp:lastModifiedBy>review-forms</cp:lastModifiedBy>' +
  `<dcterms:created xsi:type="dcterms:W3CDTF">${FIXED_DATE}</dcterms:created>` +
  `<dcterms:modified xsi:type="dcterms:W3CDTF">${FIXED_DATE}</dcterms:modified></cp:coreProperties>`;

function titlesOf(p: { printTitlesRow: string; printTitlesColumn?: string }): Pick<SheetEntry, 'printTitlesRow' | 'printTitlesColumn'> {
  return { printTitlesRow: p.printTitlesRow, ...(p.printTitlesColumn ? { printTitlesColumn: p.printTitlesColumn } : {}) };
}

/** The report workbook as xlsx bytes, written sheet by sheet and row by row. */
export async function reportToXlsx(model: ReportModel): Promise<Buffer> {
  const zip = new ZipWriter();
  const styles = new Styles();
  const sheets = reportSheets(model);
  const entries: SheetEntry[] = sheets.map((sheet) =>
    'table' in sheet
      ? { name: sheet.table.name, state: 'visible', ...titlesOf(tableLayout(sheet.table).pageSetup) }
      : { name: sheet.plain.name, state: sheet.plain.state },
  );
  await zip.add('[Content_Types].xml', contentTypesXml(entries.length));
  await zip.add('_rels/.rels', ROOT_RELS);
  await zip.add('docProps/app.xml', appXml(entries));
  await zip.add('docProps/core.xml', CORE_XML);
  await zip.add('xl/workbook.xml', workbookXml(entries));
  await zip.add('xl/_rels/workbook.xml.rels', workbookRelsXml(entries.length));
  for (const [i, sheet] of sheets.entries()) {
    const entry = zip.entry(`xl/worksheets/sheet${i + 1}.xml`);
    if ('table' in sheet) await writeTableSheet(entry, sheet.table, styles);
    else await writePlainSheet(entry, sheet.plain);
  }
  // Last: the styles are numbered as the sheets use them.
  await zip.add('xl/styles.xml', styles.xml());
  return zip.finish();
}
