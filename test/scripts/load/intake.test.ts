/** What the intake makes of the paths a user names: a link they named is followed; a link inside a folder is passed over, with its reason. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { collectInputs } from '../../../scripts/lib/load/intake';
import { tempDir } from '../../helpers/workbooks';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('intake');
  const real = path.join(dir, 'real');
  await fs.mkdir(real);
  await fs.writeFile(path.join(real, 'a.xlsx'), 'x');
  await fs.writeFile(path.join(dir, 'b.xlsx'), 'x');
  await fs.symlink(real, path.join(dir, 'folder-link'));
  await fs.symlink(path.join(dir, 'b.xlsx'), path.join(real, 'inner-link.xlsx'));
  await fs.symlink(path.join(dir, 'b.xlsx'), path.join(dir, 'file-link.xlsx'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

test('a folder named through a link (with or without a trailing slash) is read; a link inside it is skipped as 链接', async () => {
  for (const arg of [path.join(dir, 'folder-link'), `${path.join(dir, 'folder-link')}${path.sep}`]) {
    const inputs = await collectInputs([arg]);
    expect(inputs.map((i) => [i.name, i.kind, i.reason ?? ''])).toEqual([
      ['a.xlsx', 'read', ''],
      ['inner-link.xlsx', 'skipped', '不是普通文件（链接或设备），已跳过'],
    ]);
  }
});

test('a file named through a link is read', async () => {
  const [input] = await collectInputs([path.join(dir, 'file-link.xlsx')]);
  expect([input.name, input.kind]).toEqual(['file-link.xlsx', 'read']);
});
