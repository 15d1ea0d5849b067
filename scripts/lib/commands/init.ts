/** `review-forms init`: a blank roster (名单.xlsx) for the office to fill. */
import { promises as fs } from 'node:fs';
import { UsageError } from '../errors';
import { writeRosterFile } from '../workbook/roster-file';

/** Writes a blank roster; an existing file (perhaps the office's filled roster) is kept unless `force`. */
export async function initRoster(out: string, options: { force?: boolean } = {}): Promise<void> {
  const exists = await fs.stat(out).then(
    () => true,
    () => false,
  );
  if (exists && !options.force) throw new UsageError('output-exists', { file: out });
  await writeRosterFile(out);
}
