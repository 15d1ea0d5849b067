/**
 * The add-in's import rules (style.md): addin/excel is Office.js without DOM, addin/taskpane is
 * the DOM UI; both import addin/forms (and the pane addin/excel, addin/report), never scripts/.
 * No `any` anywhere in the add-in.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

async function sources(dir: string): Promise<{ file: string; text: string }[]> {
  const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
  const out: { file: string; text: string }[] = [];
  for (const e of entries) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(rel)));
    else if (e.name.endsWith('.ts')) out.push({ file: rel, text: await fs.readFile(path.join(root, rel), 'utf8') });
  }
  return out;
}

function imports(text: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]);
}

test('addin/excel: forms only, no DOM, no scripts', async () => {
  for (const { file, text } of await sources('addin/excel')) {
    for (const spec of imports(text)) {
      expect({ file, spec, ok: spec.startsWith('./') || spec.startsWith('../forms/') || spec.startsWith('../report/model/') }).toEqual({ file, spec, ok: true });
    }
    expect({ file, dom: /\b(document|window|HTMLElement)\b/.test(text) }).toEqual({ file, dom: false });
  }
});

test('addin/taskpane: forms, excel, report and exceljs; never scripts', async () => {
  for (const { file, text } of await sources('addin/taskpane')) {
    for (const spec of imports(text)) {
      const ok = spec.startsWith('./') || /^\.\.\/(forms|excel|report)\//.test(spec) || spec === 'exceljs';
      expect({ file, spec, ok }).toEqual({ file, spec, ok: true });
    }
  }
});

test('no `any` in the add-in', async () => {
  for (const { file, text } of [...(await sources('addin/excel')), ...(await sources('addin/taskpane'))]) {
    expect({ file, any: /:\s*any\b|as any\b|<any>/.test(text) }).toEqual({ file, any: false });
  }
});
