/**
 * Limits on what one input file may cost. A branch workbook is about 30 KB; these are orders of
 * magnitude above any real file and keep a hostile one from exhausting memory or time.
 */
export const LIMITS = {
  /** Size of the file on disk. */
  maxFileBytes: 50 * 1024 * 1024,
  /** Entries in the zip's central directory. */
  maxZipEntries: 5_000,
  /** Uncompressed size of any one part (declared or actual); a real sheet is well under 5 MB. */
  maxPartBytes: 48 * 1024 * 1024,
  /** Uncompressed bytes read from one file in all (XML parses at about 100 MB/s: bounds a file to about a second). */
  maxTotalBytes: 96 * 1024 * 1024,
  /**
   * Cells with a value in all the sheets read from one file (a branch workbook has a few
   * thousand). Rows are stored sparsely, so this bounds the memory of a file's cells, and with
   * them its problems (one per bad cell at most, and a few per row).
   */
  maxCells: 1_000_000,
  /**
   * The used ranges of all the sheets read from one file — a sheet's is A1 to the last row and
   * column holding a value, rows × columns, what Ctrl+End shows: a form sheet at the row limit
   * spans 20,000 × 25. Our reader pays only for the cells present, but exceljs (`check
   * --annotate`) holds a row as an array as long as its last column: one value at column AMJ in
   * each of 40,000 rows took it 600 MB.
   */
  maxUsedRange: 10_000_000,
  /** Sheets in one workbook (a branch workbook has six). */
  maxSheets: 250,
  /** Merged ranges in one sheet. */
  maxMerges: 10_000,
} as const;

export type Limits = { readonly [K in keyof typeof LIMITS]: number };

/**
 * Reading back a report that `merge` wrote (publish): a county's report has hundreds of
 * thousands of rows, its 党员点评 part alone 55 MB at 1,000 branch files. Still bounded.
 */
export const REPORT_LIMITS: Limits = {
  ...LIMITS,
  maxFileBytes: 1024 * 1024 * 1024,
  maxPartBytes: 2047 * 1024 * 1024,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
  maxCells: 50_000_000,
  // A report is read back by our reader only, which stores rows sparsely (never annotated).
  maxUsedRange: 16_384 * 1_048_576,
};
