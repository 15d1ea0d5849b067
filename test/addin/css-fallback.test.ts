import { promises as fs } from 'node:fs';
import path from 'node:path';
import { withoutCustomProperties } from '../../addin/taskpane/css-fallback';

test('the stylesheet for Internet Explorer 11: every var(--x) of the pane resolved from :root', async () => {
  expect(withoutCustomProperties(':root { --brand: #0f6cbd; --r: 4px }\n.a { color: var(--brand); border-radius: var( --r ); x: var(--none) }')).toBe(
    ':root { --brand: #0f6cbd; --r: 4px }\n.a { color: #0f6cbd; border-radius: 4px; x: var(--none) }',
  );
  const css = await fs.readFile(path.resolve(__dirname, '..', '..', 'addin', 'taskpane', 'taskpane.css'), 'utf8');
  expect(css).toMatch(/var\(--/);
  expect(withoutCustomProperties(css)).not.toMatch(/var\(/);
});
