/**
 * The package the office installs: `npm pack` gives a tarball with the built files, the README and
 * the Windows starter and nothing of the sources or tests; installed into an empty prefix, its
 * `review-forms` prints its version, writes a blank roster and serves the page, away from this
 * repository. The dependencies' tarballs come from npm's cache (what `npm ci` fetched); their
 * metadata does not (npm ci reads the lock file, not the registry's package documents, and an
 * installed tarball has no lock file), so `--offline` cannot resolve them: the install is
 * `--prefer-offline`, asking the registry only for that metadata. The build is the one jest's
 * globalSetup made (the same as `npm run prepare`), so packing skips the scripts.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../helpers/workbooks';

jest.setTimeout(300_000);

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let dir: string;
let serve: ChildProcess | undefined;
afterAll(async () => {
  serve?.kill('SIGTERM');
  await fs.rm(dir, { recursive: true, force: true });
});

test('npm pack, install into an empty prefix from the npm cache, then --version, init and serve work from there', async () => {
  dir = await tempDir('pack');
  const pkg = JSON.parse(await fs.readFile(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };
  const packed = JSON.parse((await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: REPO })).stdout) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = packed[0].files.map((f) => f.path);
  expect(files).toEqual(
    expect.arrayContaining([
      'package.json',
      'README.md',
      '启动点评工具.cmd',
      'build/scripts/bin/review-forms.js',
      'build/page/index.html',
      'build/page/app.js',
    ]),
  );
  expect(files.filter((f) => /^(test|bench|scripts|addin|page)\/|^build\/bench\/|\.ts$|package-lock/.test(f))).toEqual([]);

  // The Windows starter: CRLF only, GBK as cmd.exe reads it on Chinese Windows, running serve.
  const starter = await fs.readFile(path.join(REPO, '启动点评工具.cmd'));
  expect(starter.toString('latin1')).not.toMatch(/[^\r]\n/);
  const text = new TextDecoder('gbk').decode(starter);
  expect(text).toMatch(/node "%BIN%" serve %\*/);
  expect(text).toContain('build\\scripts\\bin\\review-forms.js');
  expect(text).toContain('请先安装 Node.js');

  // Installed from the tarball alone: only the runtime dependencies, from npm's cache.
  const prefix = path.join(dir, 'prefix');
  await run(
    NPM,
    ['install', '--prefix', prefix, '--prefer-offline', '--omit=dev', '--no-audit', '--no-fund', '--no-package-lock', path.join(dir, packed[0].filename)],
    {
      cwd: dir,
    },
  );
  const installed = path.join(prefix, 'node_modules');
  for (const dep of Object.keys(pkg.dependencies)) await expect(fs.stat(path.join(installed, dep))).resolves.toBeTruthy();
  for (const dev of ['typescript', 'jest', 'webpack', 'playwright-core']) await expect(fs.stat(path.join(installed, dev))).rejects.toThrow();
  const bin = path.join(installed, '.bin', process.platform === 'win32' ? 'review-forms.cmd' : 'review-forms');
  const work = path.join(dir, 'office');
  await fs.mkdir(work);

  expect((await run(bin, ['--version'], { cwd: work })).stdout.trim()).toBe(pkg.version);
  await run(bin, ['init', '--out', '名单.xlsx'], { cwd: work });
  expect((await fs.stat(path.join(work, '名单.xlsx'))).size).toBeGreaterThan(1000);

  serve = spawn(bin, ['serve', '--no-open', '--port', '0', '--dir', path.join(work, '工作目录')], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    serve?.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(out);
      if (m) resolve(m[0]);
    });
    serve?.on('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('办公室工作页面');
  const script = await fetch(url.replace('/?', '/app.js?'));
  expect(script.status).toBe(200);
  expect((await fetch(new URL(url).origin)).status).toBe(403);
  const exited = new Promise((resolve) => serve?.once('exit', resolve));
  serve.kill('SIGTERM');
  await expect(exited).resolves.toBe(0);
  serve = undefined;
});
