/**
 * Output safety: outputs are replaced only once complete (a process killed mid-write leaves the
 * old file intact), file names from branch names are safe, text that looks like a formula is
 * written as text, `check` never changes an input and `--annotate` writes only into its folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Roster } from '../../addin/forms/roster';
import { safeFileNamePart } from '../../addin/forms/text';
import { writeFileAtomic } from '../../scripts/lib/files/atomic-write';
import { instructionsLayout } from '../../addin/forms/instructions-layout';
import { branchLayouts } from '../../addin/forms/layout';
import { branchFileName, layoutContext, writeBranchTemplates } from '../../scripts/lib/commands/template';
import { checkCorpus, fixture, goodFiles, STAGE, tempDir } from './helpers/corpus';
import { setMemberCell } from './helpers/sheet-edit';
import { unzipEntries } from '../helpers/zip';

jest.setTimeout(120_000);

/** atomic-write as plain JS a child `node` can run (jest's globalSetup compiled build/). */
const ATOMIC_WRITE = path.resolve(__dirname, '../../build/scripts/lib/files/atomic-write.js');

describe('an existing output is replaced only once the new one is complete', () => {
  test('a process killed in the middle of writing leaves the old file intact and nothing partial at the target', async () => {
    const dir = await tempDir();
    const module = ATOMIC_WRITE;
    const target = path.join(dir, 'out', '汇总表.xlsx');
    await fs.mkdir(path.dirname(target));
    const old = Buffer.from('the old, complete report');
    await fs.writeFile(target, old);
    const child: ChildProcess = spawn(process.execPath, [
      '-e',
      `const { writeFileAtomic } = require(${JSON.stringify(module)});
       const big = Buffer.alloc(192 * 1024 * 1024, 0x41);
       process.stdout.write('started\\n');
       writeFileAtomic(${JSON.stringify(target)}, big).then(() => process.stdout.write('done\\n'));`,
    ]);
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Kill as soon as the temporary file has bytes in it (or right after "started").
    const deadline = Date.now() + 20_000;
    let sawPartial = false;
    while (Date.now() < deadline) {
      const tmp = (await fs.readdir(path.dirname(target))).find((n) => n.endsWith('.tmp'));
      if (tmp && (await fs.stat(path.join(path.dirname(target), tmp)).catch(() => null))?.size) {
        sawPartial = true;
        break;
      }
      if (output.includes('done')) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(output).not.toContain('done');
    expect(sawPartial).toBe(true);
    expect(await fs.readFile(target)).toEqual(old);
    // A leftover temporary file is hidden (intake skips it) and never has the target's name.
    for (const name of await fs.readdir(path.dirname(target))) {
      if (name !== '汇总表.xlsx') expect(name.startsWith('.')).toBe(true);
    }
  });

  test.each(['SIGINT', 'SIGTERM'] as const)('%s during a write removes the temporary file, then ends the process as the signal would', async (signal) => {
    const dir = await tempDir();
    const target = path.join(dir, '汇总.xlsx');
    await fs.writeFile(target, 'the old, complete report');
    // The rename never comes: the write is caught with its temporary file complete, every time.
    const child: ChildProcess = spawn(process.execPath, [
      '-e',
      `const fs = require('node:fs');
       fs.promises.rename = () => { process.stdout.write('ready\\n'); setInterval(() => {}, 1000); return new Promise(() => {}); };
       const { writeFileAtomic } = require(${JSON.stringify(ATOMIC_WRITE)});
       writeFileAtomic(${JSON.stringify(target)}, Buffer.alloc(1 << 20, 0x41));`,
    ]);
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
    await new Promise<void>((resolve) => child.stdout?.on('data', (c: Buffer) => c.toString().includes('ready') && resolve()));
    expect((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    child.kill(signal);
    const { code, signal: by } = await exited;
    // Ended by the signal itself (a shell shows 128 + its number: 130, 143).
    expect({ code, signal: by }).toEqual({ code: null, signal });
    expect(await fs.readdir(dir)).toEqual(['汇总.xlsx']);
    expect(await fs.readFile(target, 'utf8')).toBe('the old, complete report');
  });

  test('a failed write leaves the old file and no temporary file', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'report.xlsx');
    await fs.writeFile(target, 'old');
    await fs.mkdir(path.join(dir, 'blocker.xlsx'));
    await expect(writeFileAtomic(path.join(dir, 'blocker.xlsx'), Buffer.from('new'))).rejects.toThrow(/无法写入输出文件/);
    expect((await fs.readdir(dir)).sort()).toEqual(['blocker.xlsx', 'report.xlsx']);
    expect(await fs.readFile(target, 'utf8')).toBe('old');
  });

  test('two writes to the same target at once both complete, one wins whole', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'r.xlsx');
    const a = Buffer.alloc(1 << 20, 0x61);
    const b = Buffer.alloc(1 << 20, 0x62);
    await Promise.all([writeFileAtomic(target, a), writeFileAtomic(target, b)]);
    const got = await fs.readFile(target);
    expect(got.equals(a) || got.equals(b)).toBe(true);
    expect(await fs.readdir(dir)).toEqual(['r.xlsx']);
  });
});

const NASTY_BRANCHES = ['../../逃逸', 'a/b\\c', '..', '.', 'CON', 'nul', 'COM1.txt', 'LPT9', '长'.repeat(200), '名称:*?"<>|', ' 空格 ', '=1+1', '\u200B'];

describe('file names from branch names are safe', () => {
  test('template writes one file per branch, all inside the output folder', async () => {
    const fx = await fixture();
    const base = fx.roster.branches[0];
    const roster: Roster = {
      ...fx.roster,
      branches: NASTY_BRANCHES.map((name) => ({ ...base, name })),
      members: NASTY_BRANCHES.map((name, i) => ({ name: `党员${i}`, branch: name, post: undefined, category: undefined })),
    };
    const dir = await tempDir();
    const out = path.join(dir, 'out');
    const result = await writeBranchTemplates(roster, STAGE, out);
    expect(result.files).toHaveLength(NASTY_BRANCHES.length);
    const names = await fs.readdir(out);
    expect(names).toHaveLength(NASTY_BRANCHES.length);
    expect((await fs.readdir(dir)).sort()).toEqual(['out']);
    for (const f of result.files) {
      expect(path.dirname(f.file)).toBe(path.resolve(out));
      const name = path.basename(f.file);
      expect(name).not.toMatch(/[/\\:*?"<>|]|\.\./);
      expect(name.split('-')[1]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i);
      expect(Buffer.byteLength(name)).toBeLessThan(255);
    }
  }, 120_000);

  test('property: safeFileNamePart never yields a path, a reserved name or an empty name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const part = safeFileNamePart(s, 60);
        expect(part.length).toBeGreaterThan(0);
        expect(part).not.toMatch(/[/\\:*?"<>|\u0000-\u001f]|\.\./);
        expect(part).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i);
        expect(part).not.toMatch(/^[\s.]|[\s.]$/);
        expect([...part].length).toBeLessThanOrEqual(61);
        const file = branchFileName('单位', s, STAGE);
        expect(path.basename(file)).toBe(file);
      }),
      { numRuns: 2000 },
    );
  });
});

const unescapeXml = (s: string) =>
  s
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The formulas `template` writes itself (填写状态, the progress block of 填表说明), for every branch of a roster. */
function ownFormulas(roster: Roster): Set<string> {
  const out = new Set<string>();
  for (const branch of roster.branches) {
    const ctx = layoutContext(roster, STAGE, branch);
    const layouts = branchLayouts(ctx);
    for (const layout of layouts) for (const f of layout.status?.formulas ?? []) out.add(f);
    for (const row of instructionsLayout(ctx, layouts).rows) if (row.formula) out.add(row.formula);
  }
  return out;
}

/** Every cell formula of a worksheet part that is not one of the template's own: a value written as a formula. */
function foreignFormulas(xml: string, own: Set<string>): string[] {
  return [...xml.matchAll(/<f(?: [^>]*)?>([^<]*)<\/f>/g)].map((m) => unescapeXml(m[1])).filter((f) => !own.has(f));
}

describe('text that looks like a formula is written as text', () => {
  const FORMULAS = ['=1+1', '+SUM(A1:A2)', '-2+3', '@SUM(A1)', '=HYPERLINK("http://x.example/","点我")', "=cmd|' /C calc'!A0"];

  test("template: branch and member names starting with = + - @ are text cells, no formula but the template's own", async () => {
    const fx = await fixture();
    const base = fx.roster.branches[0];
    const roster: Roster = {
      ...fx.roster,
      branches: [{ ...base, name: FORMULAS[0], leader: FORMULAS[3] }],
      members: FORMULAS.map((name) => ({ name, branch: FORMULAS[0], post: '=A1', category: undefined })),
    };
    const dir = await tempDir();
    const { files } = await writeBranchTemplates(roster, STAGE, dir);
    const entries = await unzipEntries(await fs.readFile(files[0].file));
    const own = ownFormulas(roster);
    for (const [name, data] of entries) {
      if (name.startsWith('xl/worksheets/')) expect({ name, formulas: foreignFormulas(data.toString('utf8'), own) }).toEqual({ name, formulas: [] });
    }
    const strings = unescapeXml(entries.get('xl/sharedStrings.xml')?.toString('utf8') ?? '');
    for (const f of FORMULAS) expect(strings).toContain(f);
  });

  test('check --annotate: formula-like text stays text in the copy; inputs unchanged; nothing written outside the folder', async () => {
    const fx = await fixture();
    const { data } = await setMemberCell(fx.good[1], fx, 1, 1, '点评方式', '=HYPERLINK("http://x.example/","集中点评")');
    const run = await checkCorpus([...goodFiles(fx), { name: 'bad.xlsx', data }], fx, { annotate: true });
    const annotated = run.file('bad.xlsx').annotated;
    expect(annotated).toBeDefined();
    expect(path.dirname(annotated as string)).toBe(path.join(run.workDir, 'out'));
    expect(await fs.readdir(path.join(run.workDir, 'out'))).toEqual(['bad.xlsx']);
    const entries = await unzipEntries(await fs.readFile(annotated as string));
    const own = ownFormulas(fx.roster);
    for (const [name, xml] of entries) {
      if (name.startsWith('xl/worksheets/sheet')) expect({ name, formulas: foreignFormulas(xml.toString('utf8'), own) }).toEqual({ name, formulas: [] });
    }
  });
});
