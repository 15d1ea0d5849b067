/**
 * XML attacks in any part (DOCTYPE, internal and external entities, billion laughs, external
 * DTDs) are refused and never expanded or fetched; zip entry names with `../`, absolute paths
 * or backslashes are never used as paths.
 */
import { type BadCase, type Fixture, editParts, sheetPart } from '../helpers/corpus';
import { type ZipEntrySpec, buildZip } from '../helpers/zip-writer';
import { unzipEntries } from '../../helpers/zip';

const LAUGH_ENTITIES = Array.from({ length: 9 }, (_v, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`);
export const LAUGHS = `<!DOCTYPE lolz [<!ENTITY lol "lol">${LAUGH_ENTITIES.join('')}]>`;
export const XXE = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
export const PARAM = '<!DOCTYPE foo [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>';

/** Puts `decl` after the XML declaration of `part` and a reference to `use` in its first text. */
export function inject(decl: string, use?: string) {
  return (xml: string): string => {
    const withDecl = xml.startsWith('<?xml') ? xml.replace(/\?>/, `?>${decl}`) : `${decl}${xml}`;
    return use ? withDecl.replace(/<t( [^>]*)?>/, (m) => `${m}${use}`) : withDecl;
  };
}

export async function partName(fx: Fixture, which: string): Promise<string> {
  return which === 'member sheet' ? sheetPart(fx.good[1], '党员点评') : which;
}

export function attack(id: string, which: string, edit: (xml: string) => string): BadCase {
  return {
    id: `${id} in ${which}`,
    name: `${id.replace(/\W+/g, '-')}-${which.replace(/\W+/g, '_')}.xlsx`,
    make: async (fx) => {
      const part = await partName(fx, which);
      let seen = false;
      const out = await editParts(fx.good[1], (name, xml) => (name === part ? ((seen = true), edit(xml)) : xml));
      if (!seen) throw new Error(`no part ${part}`);
      return out;
    },
    rule: 'xml-doctype',
    says: /DOCTYPE.*已拒收.*未展开/,
  };
}

export const PARTS = [
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  'xl/sharedStrings.xml',
  'member sheet',
  '[Content_Types].xml',
  'xl/styles.xml',
  'docProps/core.xml',
];

export const XML_ATTACKS: BadCase[] = [
  ...PARTS.map((p) => attack('billion laughs', p, inject(LAUGHS, '&lol9;'))),
  attack('XXE external entity', 'xl/sharedStrings.xml', inject(XXE, '&xxe;')),
  attack('XXE external entity', 'member sheet', inject(XXE)),
  attack('parameter entity', 'xl/workbook.xml', inject(PARAM)),
  attack('DOCTYPE after a comment', 'xl/workbook.xml', inject(`<!--${'x'.repeat(5000)}-->${XXE}`)),
  {
    id: 'DOCTYPE in a UTF-16 part',
    name: 'utf16.xlsx',
    make: async (fx) => {
      const entries = await unzipEntries(fx.good[1]);
      const list: ZipEntrySpec[] = [...entries].map(([name, data]) => ({ name, data }));
      list.push({
        name: 'docProps/custom.xml',
        data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${XXE}<Properties/>`, 'utf16le')]),
      });
      return buildZip(list);
    },
    rule: 'xml-doctype',
  },
];

export const ZIP_NAMES: BadCase[] = [
  ...['../../evil.txt', '/tmp/evil.txt', 'C:/evil.txt', '..\\..\\evil.txt', 'xl/../../evil.txt'].map((entry, i): BadCase => ({
    id: `an entry named ${entry}`,
    name: `entry-${i}-${entry.replace(/\W+/g, '_')}.xlsx`,
    make: async (fx) => {
      const entries = await unzipEntries(fx.good[1]);
      return buildZip([...[...entries].map(([name, data]) => ({ name, data })), { name: entry, data: 'pwned' }]);
    },
    rule: 'unsafe-entry-name',
    says: /不安全的文件名.*已拒收/,
  })),
];
