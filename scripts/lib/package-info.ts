/**
 * The package this code runs from: its folder (the one holding its package.json), found the same
 * way from the sources (scripts/lib) and from the build (build/scripts/lib), and its version.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const NAME = 'leadership-review-forms';

export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === NAME) return dir;
    } catch {
      // no package.json here: look further up
    }
    if (path.dirname(dir) === dir) throw new Error(`package ${NAME} not found above ${from}`);
  }
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
