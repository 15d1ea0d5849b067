/**
 * The ECMAScript level each file of the pane's build must parse at (docs/addin.md says the same):
 * what the pane starts with runs in Internet Explorer 11 and Edge Legacy, so it is ES5, and the
 * page's inline boot script ES3; only the exceljs chunk of 生成汇总 is ES2018, and the pane asks
 * the engine before loading it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type ecmaVersion, parse } from 'acorn';

export const SCRIPT_LEVELS: readonly { pattern: RegExp; level: ecmaVersion }[] = [
  { pattern: /^(taskpane|commands|report)\.[0-9a-f]{8}\.js$/, level: 5 },
  { pattern: /^exceljs\.[0-9a-f]{8}\.js$/, level: 2018 },
];
export const INLINE_SCRIPT_LEVEL: ecmaVersion = 3;

export interface LevelProblem {
  file: string;
  problem: string;
}

function parses(code: string, level: ecmaVersion): string | null {
  try {
    parse(code, { ecmaVersion: level, sourceType: 'script' });
    return null;
  } catch (err) {
    return `does not parse as ES${level}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Every script of a build directory checked at its level; a script no level claims is a problem too. */
export async function esLevelProblems(dir: string): Promise<{ checked: string[]; problems: LevelProblem[] }> {
  const files = (await fs.readdir(dir)).filter((f) => /\.(js|html)$/.test(f)).sort();
  const problems: LevelProblem[] = [];
  const checked: string[] = [];
  for (const file of files) {
    const text = await fs.readFile(path.join(dir, file), 'utf8');
    if (file.endsWith('.html')) {
      const inline = [...text.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
      inline.forEach((code, i) => {
        checked.push(`${file} <script> #${i + 1}`);
        const problem = parses(code, INLINE_SCRIPT_LEVEL);
        if (problem) problems.push({ file: `${file} <script> #${i + 1}`, problem });
      });
      continue;
    }
    const rule = SCRIPT_LEVELS.find((r) => r.pattern.test(file));
    checked.push(file);
    if (!rule) {
      problems.push({ file, problem: 'no ES level is declared for it (test/addin/browser/es-levels.ts, docs/addin.md)' });
      continue;
    }
    const problem = parses(text, rule.level);
    if (problem) problems.push({ file, problem });
  }
  return { checked, problems };
}
