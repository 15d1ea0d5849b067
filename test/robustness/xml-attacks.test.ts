/**
 * XML attacks in any part (DOCTYPE, internal and external entities, billion laughs, external
 * DTDs) are refused and never expanded or fetched; zip entry names with `../`, absolute paths
 * or backslashes are never used as paths.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { checkCorpus, editParts, expectCheckCase, expectGoodRead, fixture, goodFiles, sheetPart } from './helpers/corpus';
import { buildZip } from './helpers/zip-writer';
import { unzipEntries } from '../helpers/zip';
import { inject, XML_ATTACKS, ZIP_NAMES } from './cases/xml';

jest.setTimeout(60_000);

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
