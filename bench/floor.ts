/**
 * The bench's floor: the least any xlsx reader does with these files, on one core and with
 * well-known libraries — every file read from disk, every zip entry inflated (fflate; merge
 * inflates every part too, to refuse a DOCTYPE anywhere), and the parts merge parses tokenized
 * (saxes): the workbook, its relationships, the shared strings and the data sheets (not
 * 填表说明 or _lists). Nothing is interpreted: no cells, rows, rules or report. merge's time over
 * this one says how much of merge is more than reading the bytes.
 *
 *   node build/bench/measure.js RESULT.json floor DIR
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';

const SKIPPED_SHEETS = new Set(['填表说明', '_lists']);
const decoder = new TextDecoder();

/** Tokenizes a part; `onOpen` sees each element's name and attributes. */
function tokenize(bytes: Uint8Array, onOpen?: (name: string, attributes: Record<string, string>) => void): void {
  const parser = new SaxesParser();
  if (onOpen) parser.on('opentag', (tag) => onOpen(tag.name, tag.attributes as Record<string, string>));
  parser.write(decoder.decode(bytes)).close();
}

/** The parts of one workbook merge parses, by part name. */
function partsToParse(entries: Record<string, Uint8Array>): string[] {
  const sheets: { name: string; id: string }[] = [];
  tokenize(entries['xl/workbook.xml'], (name, attributes) => {
    if (name === 'sheet') sheets.push({ name: attributes.name, id: attributes['r:id'] });
  });
  const targets = new Map<string, string>();
  tokenize(entries['xl/_rels/workbook.xml.rels'], (name, attributes) => {
    if (name === 'Relationship') targets.set(attributes.Id, attributes.Target);
  });
  const part = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  const data = sheets.filter((s) => !SKIPPED_SHEETS.has(s.name)).map((s) => part(targets.get(s.id) ?? ''));
  return ['xl/sharedStrings.xml', ...data].filter((name) => entries[name] !== undefined);
}

export async function runFloor(dir: string): Promise<number> {
  const files = (await fs.readdir(dir)).filter((n) => n.endsWith('.xlsx')).sort();
  for (const name of files) {
    const entries = unzipSync(await fs.readFile(path.join(dir, name)));
    for (const part of partsToParse(entries)) tokenize(entries[part]);
  }
  return files.length;
}
