/**
 * Workbooks to PDF with LibreOffice (`soffice --headless --convert-to pdf`), all in one run, with a
 * profile of its own (a LibreOffice the user has open is not disturbed, nor waited for). The PDFs
 * are made in a hidden folder beside the outputs and renamed into place, so a PDF is there whole
 * or not at all.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where LibreOffice installs `soffice` when it is not on the PATH. */
const KNOWN_PLACES = [
  'C:\\Program Files\\LibreOffice\\program\\soffice.exe',
  'C:\\Program Files (x86)\\LibreOffice\\program\\soffice.exe',
  '/Applications/LibreOffice.app/Contents/MacOS/soffice',
  '/usr/bin/soffice',
  '/usr/lib/libreoffice/program/soffice',
  '/opt/libreoffice/program/soffice',
];

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/** The LibreOffice program: on the PATH, else where installers put it; undefined when there is none. */
export async function findSoffice(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice', 'libreoffice'];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) if (await isFile(path.join(dir, name))) return path.join(dir, name);
  }
  for (const p of KNOWN_PLACES) if (await isFile(p)) return p;
  return undefined;
}

function run(cmd: string, args: readonly string[], timeout: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout, windowsHide: true }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${error.message}${stderr ? `\n${stderr}` : ''}`)) : resolve(),
    );
  });
}

/** The PDF `convertToPdf` makes of `file`: beside it, named as it is with `.pdf`. */
export function pdfPathOf(file: string): string {
  return path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.pdf`);
}

/**
 * Converts `files` (all in `outDir`) to PDFs beside them (pdfPathOf).
 * Returns the PDFs written; throws when LibreOffice fails (a PDF it did not make is not there).
 */
export async function convertToPdf(soffice: string, files: readonly string[], outDir: string, timeoutMs = 600_000): Promise<string[]> {
  if (files.length === 0) return [];
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'review-forms-lo-'));
  const work = path.join(outDir, `.pdf-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await fs.mkdir(work);
    const profileUrl = `file://${profile.startsWith('/') ? '' : '/'}${profile.split(path.sep).join('/')}`;
    await run(soffice, [`-env:UserInstallation=${profileUrl}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, ...files], timeoutMs);
    const written: string[] = [];
    const missing: string[] = [];
    for (const file of files) {
      const target = pdfPathOf(path.join(outDir, path.basename(file)));
      const made = path.join(work, path.basename(target));
      if (!(await isFile(made))) {
        missing.push(path.basename(file));
        continue;
      }
      await fs.rename(made, target);
      written.push(target);
    }
    if (missing.length > 0) throw new Error(`没有生成 ${missing.join('、')} 的 PDF`);
    return written;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
    await fs.rm(profile, { recursive: true, force: true });
  }
}
