/**
 * XML attacks in any part (DOCTYPE, internal and external entities, billion laughs, external
 * DTDs) are refused and never expanded or fetched; zip entry names with `../`, absolute paths
 * or backslashes are never used as paths.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type BadCase, type Fixture, checkCorpus, editParts, expectCheckCase, expectGoodRead, fixture, goodFiles, sheetPart } from './helpers/corpus';
import { type ZipEntrySpec, buildZip, unzipEntries } from './helpers/zip-writer';

jest.setTimeout(60_000);

const LAUGHS = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_v, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;
const XXE = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
const PARAM = '<!DOCTYPE foo [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>';

/** Puts `decl` after the XML declaration of `part` and a reference to `use` in its first text. */
function inject(decl: string, use?: string) {
  return (xml: string): string => {
    const withDecl = xml.startsWith('<?xml') ? xml.replace(/\?>/, `?>${decl}`) : `${decl}${xml}`;
    return use ? withDecl.replace(/<t( [^>]*)?>/, (m) => `${m}${use}`) : withDecl;
  };
}

async function partName(fx: Fixture, which: string): Promise<string> {
  return which === 'member sheet' ? sheetPart(fx.good[1], '党员点评') : which;
}

function attack(id: string, which: string, edit: (xml: string) => string): BadCase {
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

const PARTS = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'member sheet', '[Content_Types].xml', 'xl/styles.xml', 'docProps/core.xml'];

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
      list.push({ name: 'docProps/custom.xml', data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${XXE}<Properties/>`, 'utf16le')]) });
      return buildZip(list);
    },
    rule: 'xml-doctype',
  },
];

export const ZIP_NAMES: BadCase[] = [
  ...['../../evil.txt', '/tmp/evil.txt', 'C:/evil.txt', '..\\..\\evil.txt', 'xl/../../evil.txt'].map(
    (entry): BadCase => ({
      id: `an entry named ${entry}`,
      name: `entry-${entry.replace(/\W+/g, '_')}.xlsx`,
      make: async (fx) => {
        const entries = await unzipEntries(fx.good[1]);
        return buildZip([...[...entries].map(([name, data]) => ({ name, data })), { name: entry, data: 'pwned' }]);
      },
      rule: 'unsafe-entry-name',
      says: /不安全的文件名.*已拒收/,
    }),
  ),
];

beforeAll(() => fixture());

describe('XML attacks in any part are refused, never expanded', () => {
  test.each(XML_ATTACKS)('$id', async (c) => {
    await expectCheckCase(c, await fixture());
  });
});

describe('zip entry names are never used as paths', () => {
  test.each(ZIP_NAMES)('$id', async (c) => {
    const run = await expectCheckCase(c, await fixture());
    // Nothing was extracted anywhere near the run.
    for (const dir of [run.workDir, run.inputDir, path.dirname(run.workDir)]) {
      await expect(fs.stat(path.join(dir, 'evil.txt'))).rejects.toThrow();
    }
  });

  test('entries named with backslashes (some zip tools) are read, the names only looked up', async () => {
    const fx = await fixture();
    const entries = await unzipEntries(fx.good[0]);
    const data = buildZip([...entries].map(([name, d]) => ({ name: name.replace(/\//g, '\\'), data: d })));
    const run = await checkCorpus([{ name: 'good-1.xlsx', data }], fx);
    expectGoodRead(run, fx);
    expect((await fs.readdir(run.workDir)).sort()).toEqual(['in']);
  });
});

test('an external DTD is never fetched', async () => {
  const fx = await fixture();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const dtd = `<!DOCTYPE worksheet SYSTEM "http://127.0.0.1:${port}/evil.dtd">`;
    const withEntity = `<!DOCTYPE x [<!ENTITY ext SYSTEM "http://127.0.0.1:${port}/x">]>`;
    const part = await sheetPart(fx.good[1], '党员点评');
    const files = [
      ...goodFiles(fx),
      { name: 'dtd.xlsx', data: await editParts(fx.good[1], (n, x) => (n === part ? inject(dtd)(x) : x)) },
      { name: 'ext.xlsx', data: await editParts(fx.good[1], (n, x) => (n === 'xl/sharedStrings.xml' ? inject(withEntity, '&ext;')(x) : x)) },
    ];
    const run = await checkCorpus(files, fx);
    expect(run.file('dtd.xlsx').problems[0]?.rule).toBe('xml-doctype');
    expect(run.file('ext.xlsx').problems[0]?.rule).toBe('xml-doctype');
    expectGoodRead(run, fx);
    await new Promise((r) => setTimeout(r, 200));
    expect(connections).toBe(0);
  } finally {
    server.close();
  }
});
