/**
 * Imports point inward (style.md, habit 1): the form model imports only zod and the hash library;
 * Office.js code and the scripts import the forms, never each other; the report renderer is
 * shared and browser-safe (the forms and exceljs only).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  const full = path.join(root, dir);
  try {
    statSync(full);
  } catch {
    return [];
  }
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(full, f));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)|import\(['"]([^'"]+)['"]\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function resolvesInto(file: string, spec: string, dir: string): boolean {
  if (!spec.startsWith('.')) return false;
  const target = path.resolve(path.dirname(file), spec);
  return target.startsWith(path.join(root, dir) + path.sep) || target === path.join(root, dir);
}

describe('import directions', () => {
  it('addin/forms imports only zod, @noble/hashes and itself', () => {
    for (const file of sources('addin/forms')) {
      for (const spec of imports(file)) {
        const ok = spec === 'zod' || spec.startsWith('@noble/hashes') || (spec.startsWith('.') && resolvesInto(file, spec, 'addin/forms'));
        expect({ file: path.relative(root, file), spec, ok }).toEqual({ file: path.relative(root, file), spec, ok: true });
      }
    }
  });

  it('addin/report imports only the forms, itself, exceljs and jszip', () => {
    for (const file of sources('addin/report')) {
      for (const spec of imports(file)) {
        const ok = spec === 'exceljs' || spec === 'jszip' || spec === 'zod' || resolvesInto(file, spec, 'addin/forms') || resolvesInto(file, spec, 'addin/report');
        expect({ file: path.relative(root, file), spec, ok }).toEqual({ file: path.relative(root, file), spec, ok: true });
      }
    }
  });

  it('scripts never import the add-in’s Office.js or pane code, and the add-in never imports scripts', () => {
    for (const file of sources('scripts')) {
      for (const spec of imports(file)) {
        expect({ file, spec, bad: resolvesInto(file, spec, 'addin/excel') || resolvesInto(file, spec, 'addin/taskpane') }).toEqual({ file, spec, bad: false });
      }
    }
    for (const file of [...sources('addin/excel'), ...sources('addin/taskpane')]) {
      for (const spec of imports(file)) {
        expect({ file, spec, bad: resolvesInto(file, spec, 'scripts') || spec.startsWith('node:') }).toEqual({ file, spec, bad: false });
      }
    }
  });

  it('addin/excel has no DOM access', () => {
    for (const file of sources('addin/excel')) {
      const text = readFileSync(file, 'utf8');
      expect({ file, dom: /\bdocument\.|\bwindow\./.test(text) }).toEqual({ file, dom: false });
    }
  });
});
