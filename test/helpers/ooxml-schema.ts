/**
 * Validates the SpreadsheetML parts of a written workbook against the ECMA-376 transitional
 * schema (test/fixtures/ooxml-schemas, copied from the project's shared schema set), as Excel
 * reads them: Markup Compatibility applied first (what `mc:Ignorable` names dropped,
 * `mc:AlternateContent` replaced by its Fallback, `xml:space` dropped), then libxml2
 * (xmllint-wasm, so no system package is needed).
 *
 * WORKBOOK_WRITERS lists every kind of workbook the project writes, each made from one shared
 * set of inputs (SchemaInputs); adding a writer is one line there.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { validateXML } from 'xmllint-wasm';
import { fillBranchWorkbook } from '../../scripts/lib/demo/fill';
import { sampleSchool } from '../../scripts/lib/demo/sample';
import { writeRosterFile } from '../../scripts/lib/workbook/roster-file';
import { branchInput, runCli, tempDir } from './workbooks';

const SCHEMA_DIR = path.resolve(__dirname, '../fixtures/ooxml-schemas');
const ENTRY = 'sml.xsd';
const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** The parts validated, by content type (the rest — drawings, VML, docProps — are not SpreadsheetML). */
const VALIDATED = /spreadsheetml\.(worksheet|sheet\.main|template\.main|styles|sharedStrings|comments)\+xml$|ms-excel\.sheet\.macroEnabled\.main\+xml$/;

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

/**
 * A part as an application that understands no extension sees it (ECMA-376 Part 3): elements and
 * attributes of ignorable namespaces dropped, AlternateContent replaced by its Fallback, and
 * `xml:space` (which the schema does not declare) dropped.
 */
export function applyMarkupCompatibility(xml: string): string {
  const parser = new SaxesParser({ xmlns: true });
  let out = '';
  // Per open element: the ignorable namespace URIs in scope, and whether its subtree is dropped.
  const stack: { ignorable: Set<string>; drop: boolean; inChoice: boolean; open: boolean }[] = [];
  const top = () => stack[stack.length - 1];
  parser.on('xmldecl', (d) => (out += `<?xml version="${d.version ?? '1.0'}" encoding="UTF-8"${d.standalone ? ` standalone="${d.standalone}"` : ''}?>`));
  parser.on('opentag', (tag: SaxesTagNS) => {
    const parent = top();
    const ignorable = new Set(parent?.ignorable ?? []);
    const ignorableAttr = Object.values(tag.attributes).find((a) => a.uri === MC_NS && a.local === 'Ignorable');
    for (const prefix of ignorableAttr?.value.split(/\s+/).filter(Boolean) ?? []) {
      const uri = tag.ns[prefix] ?? parser.resolve(prefix);
      if (uri) ignorable.add(uri);
    }
    let drop = parent?.drop === true || ignorable.has(tag.uri);
    const inChoice = parent?.inChoice === true || (tag.uri === MC_NS && tag.local === 'Choice');
    if (tag.uri === MC_NS) drop = drop || tag.local === 'Choice';
    const wrapper = tag.uri === MC_NS && (tag.local === 'AlternateContent' || tag.local === 'Fallback');
    stack.push({ ignorable, drop, inChoice, open: !drop && !wrapper });
    if (drop || wrapper) return;
    const attrs = Object.values(tag.attributes)
      .filter((a) => a.uri !== MC_NS && a.uri !== XML_NS && !ignorable.has(a.uri) && !(a.prefix === 'xmlns' && ignorable.has(a.value)))
      .map((a) => ` ${a.name}="${escapeAttr(a.value)}"`)
      .join('');
    out += `<${tag.name}${attrs}>`;
  });
  parser.on('closetag', (tag) => {
    const frame = stack.pop();
    if (frame?.open) out += `</${tag.name}>`;
  });
  parser.on('text', (text) => {
    if (!top()?.drop) out += escapeText(text);
  });
  parser.on('cdata', (text) => {
    if (!top()?.drop) out += escapeText(text);
  });
  parser.write(xml).close();
  return out;
}

let schemas: Promise<{ entry: { fileName: string; contents: string }; others: { fileName: string; contents: string }[] }> | undefined;

function loadSchemas() {
  schemas ??= (async () => {
    const files = (await fs.readdir(SCHEMA_DIR)).filter((f) => f.endsWith('.xsd'));
    const all = await Promise.all(files.map(async (fileName) => ({ fileName, contents: await fs.readFile(path.join(SCHEMA_DIR, fileName), 'utf8') })));
    const entry = all.find((s) => s.fileName === ENTRY);
    if (!entry) throw new Error(`${ENTRY} missing in ${SCHEMA_DIR}`);
    return { entry, others: all.filter((s) => s !== entry) };
  })();
  return schemas;
}

/** The SpreadsheetML parts of a package, by part name, after Markup Compatibility. */
export async function spreadsheetParts(xlsx: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(xlsx);
  const types = await zip.file('[Content_Types].xml')?.async('string');
  if (!types) throw new Error('no [Content_Types].xml');
  const parts = new Map<string, string>();
  for (const m of types.matchAll(/<Override\b[^>]*>/g)) {
    const name = /PartName="\/?([^"]+)"/.exec(m[0])?.[1];
    const type = /ContentType="([^"]+)"/.exec(m[0])?.[1];
    if (!name || !type || !VALIDATED.test(type)) continue;
    const xml = await zip.file(decodeURIComponent(name))?.async('string');
    if (xml === undefined) throw new Error(`part ${name} listed but missing`);
    parts.set(name, applyMarkupCompatibility(xml));
  }
  return parts;
}

/** Schema errors of every SpreadsheetML part (worksheets, workbook, styles, shared strings, comments): `part:line: message`. */
export async function schemaProblems(xlsx: Buffer): Promise<{ parts: string[]; problems: string[] }> {
  const parts = await spreadsheetParts(xlsx);
  const { entry, others } = await loadSchemas();
  // xmllint's names are file names: the part names made flat.
  const files = [...parts].map(([name, contents]) => ({ fileName: name.replace(/[/[\]]/g, '_'), contents, name }));
  const result = await validateXML({
    xml: files.map(({ fileName, contents }) => ({ fileName, contents })),
    schema: [entry],
    preload: others,
    maxMemoryPages: 16384,
  });
  const problems = result.errors.map((e) => {
    const part = files.find((f) => f.fileName === e.loc?.fileName)?.name ?? e.loc?.fileName ?? '?';
    return `${part}:${e.loc?.lineNumber ?? '?'}: ${e.message.trim()}`;
  });
  return { parts: [...parts.keys()], problems };
}

// ── every kind of workbook the project writes ───────────────────────────────────────────────────

/** The inputs the writers work from, made once per test file. */
export interface SchemaInputs {
  dir: string;
  stage: string;
  asOf: string;
  /** A filled roster. */
  roster: string;
  /** Branch files as `template` issues them and secretaries fill them (one with problems). */
  returned: string;
  /** One clean returned file. */
  clean: string;
  /** The file with problems and the clean one, re-saved by another program (openpyxl writes `<outlinePr>` beside fit-to-page). */
  foreign: string;
  foreignClean: string;
  /** The report merged from `returned`. */
  report: string;
  /** A fresh path for an output of `name`. */
  out(name: string): string;
}

export interface WorkbookWriter {
  kind: string;
  /** Writes with the CLI (or a function) and returns the files written. */
  write(inputs: SchemaInputs): Promise<string[]>;
  /** Parts that must be among those validated (e.g. comments for an annotated copy). */
  parts?: RegExp[];
}

/** `review-forms …args` (exit 2 fails the test), then `output`: the file, or every xlsx in the folder. */
async function written(output: string, ...args: string[]): Promise<string[]> {
  const run = await runCli(...args);
  if (run.code === 2) throw new Error(`review-forms ${args.join(' ')}: ${run.stderr}`);
  return output.endsWith('.xlsx') ? [output] : xlsxIn(output);
}

async function xlsxIn(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(dir, f));
}

const comments = /^xl\/comments\d*\.xml$/;

export const WORKBOOK_WRITERS: WorkbookWriter[] = [
  { kind: '名单 (init)', write: (i) => written(i.out('名单.xlsx'), 'init', '--out', i.out('名单.xlsx')) },
  { kind: 'branch workbooks (template)', write: (i) => written(i.out('下发'), 'template', '--roster', i.roster, '--stage', i.stage, '--out', i.out('下发')) },
  {
    kind: 'annotated copy of a template-made file (check --annotate)',
    write: (i) => written(i.out('退回'), 'check', i.returned, '--roster', i.roster, '--as-of', i.asOf, '--annotate', i.out('退回')),
    parts: [comments],
  },
  {
    kind: 'annotated copy of a file saved by openpyxl (check --annotate)',
    write: (i) => written(i.out('退回-外来'), 'check', i.foreign, '--roster', i.roster, '--as-of', i.asOf, '--annotate', i.out('退回-外来')),
    parts: [comments],
  },
  {
    kind: 'report (merge)',
    write: (i) => written(i.out('汇总.xlsx'), 'merge', i.returned, '--roster', i.roster, '--stage', i.stage, '--out', i.out('汇总.xlsx')),
  },
  { kind: '公开版 (publish)', write: (i) => written(i.out('公开版.xlsx'), 'publish', i.report, '--out', i.out('公开版.xlsx')) },
  { kind: 'printed forms (print)', write: (i) => written(i.out('打印'), 'print', i.returned, '--roster', i.roster, '--out', i.out('打印')) },
  { kind: 'printed forms from a report (print)', write: (i) => written(i.out('打印-汇总'), 'print', i.report, '--out', i.out('打印-汇总')) },
  {
    kind: 'finalized copy (finalize)',
    write: (i) => written(i.out('定稿.xlsx'), 'finalize', i.clean, '--out', i.out('定稿.xlsx'), '--at', `${i.asOf}T10:00:00+08:00`),
  },
  {
    kind: 'finalized copy of a file saved by openpyxl (finalize)',
    write: (i) => written(i.out('定稿-外来.xlsx'), 'finalize', i.foreignClean, '--out', i.out('定稿-外来.xlsx'), '--at', `${i.asOf}T10:00:00+08:00`),
  },
];

const PY = '/usr/bin/python3';
/**
 * Re-saved by openpyxl, which writes `<outlinePr>`, with fit-to-page set as another program might
 * (the template prints at a fixed scale): the pair exceljs writes back in the wrong order.
 */
const RESAVE = [
  'import sys, openpyxl',
  'from openpyxl.worksheet.properties import PageSetupProperties',
  'wb = openpyxl.load_workbook(sys.argv[1])',
  'for ws in wb.worksheets: ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)',
  'wb.save(sys.argv[2])',
].join('\n');

/** The writers' inputs: a small sample school's roster, returned files, a foreign re-save and a report. */
export async function makeSchemaInputs(): Promise<SchemaInputs> {
  const dir = await tempDir('schema');
  const school = sampleSchool(2010, { branches: 3, membersPerBranch: 5 });
  const stage = '全面争创';
  const found = school.roster.stages.find((st) => st.name === stage);
  const asOf = found?.reportDue ?? found?.end ?? '2010-12-31';
  const out = (name: string) => path.join(dir, 'out', name);
  await fs.mkdir(path.join(dir, 'out'));
  const roster = path.join(dir, '名单-已填.xlsx');
  await writeRosterFile(roster, school.roster);
  const issued = path.join(dir, 'issued');
  await written(issued, 'template', '--roster', roster, '--stage', stage, '--out', issued);
  const returned = path.join(dir, '收回');
  await fs.mkdir(returned);
  const files = (await xlsxIn(issued)).sort();
  for (const [index, file] of files.entries()) {
    const branch = school.roster.branches.find((b) => path.basename(file).includes(b.name))?.name ?? '';
    const input = branchInput(school, branch, stage, 100 + index, (x) => {
      // One file with an error and a hint, so check annotates it.
      if (index === 0) Object.assign(x.member[0], { date: '2030-01-01', direction: '同上' });
    });
    await fs.writeFile(path.join(returned, path.basename(file)), await fillBranchWorkbook(await fs.readFile(file), input));
  }
  const names = (await xlsxIn(returned)).sort();
  const [foreign, foreignClean] = [path.join(dir, 'openpyxl', path.basename(names[0])), path.join(dir, 'openpyxl-clean', path.basename(names[1]))];
  for (const [from, to] of [
    [names[0], foreign],
    [names[1], foreignClean],
  ]) {
    await fs.mkdir(path.dirname(to));
    await promisify(execFile)(PY, ['-c', RESAVE, from, to]);
  }
  const report = path.join(dir, '汇总-输入.xlsx');
  await written(report, 'merge', returned, '--roster', roster, '--stage', stage, '--out', report);
  return { dir, stage, asOf, roster, returned, clean: names[1], foreign, foreignClean, report, out };
}
