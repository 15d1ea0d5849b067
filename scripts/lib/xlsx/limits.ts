/**
 * Limits on what one input file may cost. A branch workbook is about 30 KB; these are orders of
 * magnitude above any real file and keep a hostile one from exhausting memory or time.
 */
export const LIMITS = {
  /** Size of the file on disk. */
  maxFileBytes: 50 * 1024 * 1024,
  /** Entries in the zip's central directory. */
  maxZipEntries: 5_000,
  /** Uncompressed size of one XML part that is read. */
  maxPartBytes: 100 * 1024 * 1024,
  /** Uncompressed bytes read from one file in all. */
  maxTotalBytes: 300 * 1024 * 1024,
  /** Cells with a value in one sheet. */
  maxCells: 2_000_000,
} as const;
