/**
 * The pane's stylesheet for engines without CSS custom properties (Internet Explorer 11, which
 * older Office uses): every var(--name) replaced by the value :root gives it.
 */
const DECLARATION = /(--[\w-]+)\s*:\s*([^;}]+)[;}]/g;
const USE = /var\(\s*(--[\w-]+)\s*\)/g;

export function withoutCustomProperties(css: string): string {
  const values: Record<string, string> = {};
  let m: RegExpExecArray | null;
  DECLARATION.lastIndex = 0;
  while ((m = DECLARATION.exec(css)) !== null) values[m[1]] = m[2].trim();
  return css.replace(USE, (whole: string, name: string) => values[name] ?? whole);
}
