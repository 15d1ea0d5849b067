/**
 * Branch files as other programs write them, for the bench's second corpus. Secretaries' files
 * come back re-saved by Excel, WPS or LibreOffice, or written by scripts; two such writers are
 * reproduced here from our own files:
 * - LibreOffice: `soffice --headless --convert-to xlsx` re-saves a workbook with its own styles,
 *   part names and order, shared strings and number formats;
 * - a script writer: every text cell an inline string (`t="inlineStr"`), no shared-strings part.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type JSZip from 'jszip';

/**
 * Re-saves workbooks with LibreOffice, in one soffice run with a profile of its own; returns
 * the re-saved bytes in the order given. `workDir` is left empty of what this made.
 */
export async function libreOfficeResave(files: readonly Buffer[], workDir: string): Promise<Buffer[]> {
  const inDir = path.join(workDir, 'lo-in');
  const outDir = path.join(workDir, 'lo-out');
  const profile = path.join(workDir, 'lo-profile');
  await fs.mkdir(inDir, { recursive: true });
  try {
    const names = files.map((_f, i) => path.join(inDir, `p${i}.xlsx`));
    for (const [i, f] of files.entries()) await fs.writeFile(names[i], f);
    await new Promise<void>((resolve, reject) =>
      execFile(
        'soffice',
        [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', outDir, ...names],
        { timeout: 300_000 },
        (error, _stdout, stderr) =>
          error ? reject(new Error(`LibreOffice (soffice) is needed for the bench's second corpus: ${error.message}\n${stderr}`)) : resolve(),
      ),
    );
    return await Promise.all(names.map((n) => fs.readFile(path.join(outDir, path.basename(n)))));
  } finally {
    await Promise.all([inDir, outDir, profile].map((d) => fs.rm(d, { recursive: true, force: true })));
  }
}

/** The items of a shared-strings part, each as the XML inside its `<si>` (a `<t>` or rich-text runs). */
function sharedStringItems(xml: string): string[] {
  const items: string[] = [];
  for (const m of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) items.push(m[1] ?? '<t></t>');
  return items;
}

const SHARED_CELL = /<c\b([^>]*?) t="s"([^>]*)>\s*<v>(\d+)<\/v>\s*<\/c>/g;

/**
 * The workbook with every shared-string cell written as an inline string (`<is>` has the same
 * content as `<si>`: plain text or rich-text runs) and the shared-strings part removed, with its
 * relationship and content type. Written for exceljs's cells (`t="s"` after the other
 * attributes): a shared-string cell left over is an error.
 */
export async function inlineStrings(zip: JSZip): Promise<void> {
  const shared = zip.file('xl/sharedStrings.xml');
  if (!shared) return;
  const items = sharedStringItems(await shared.async('string'));
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))) {
    const xml = await zip.file(name)?.async('string');
    if (xml === undefined) continue;
    const inline = xml.replace(SHARED_CELL, (_m, before: string, after: string, index: string) => {
      const item = items[Number(index)];
      if (item === undefined) throw new Error(`${name}: shared string ${index} does not exist`);
      return `<c${before} t="inlineStr"${after}><is>${item}</is></c>`;
    });
    if (/<c\b[^>]* t="s"/.test(inline)) throw new Error(`${name}: a shared-string cell was not rewritten`);
    zip.file(name, inline);
  }
  zip.remove('xl/sharedStrings.xml');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (rels) zip.file('xl/_rels/workbook.xml.rels', rels.replace(/<Relationship\b[^>]*Target="[^"]*sharedStrings\.xml"[^>]*\/>/g, ''));
  const types = await zip.file('[Content_Types].xml')?.async('string');
  if (types) zip.file('[Content_Types].xml', types.replace(/<Override\b[^>]*PartName="\/xl\/sharedStrings\.xml"[^>]*\/>/g, ''));
}
