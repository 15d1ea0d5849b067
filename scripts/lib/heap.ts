/**
 * V8's heap policy for the commands that read many files (check, merge).
 *
 * Their live memory is small and bounded (each file is cut down to its outline where it is read;
 * merge keeps the report's rows), but they make garbage fast: every file's grids and records. V8
 * lets a heap grow to up to four times what survived its last full collection before it collects
 * again, and on a machine with plenty of memory it picks four — so the peak memory of a long run
 * was set by the collector's slack, not by what the program holds: 620 MB for 4,000 files whose
 * live data was 35 MB (check). A growing factor of 1.5 keeps the slack at half the live data, for
 * every thread of the process (V8's flags are per process; the load pool's workers start after).
 * See `npm run bench` (README, Benchmark) for the measurements.
 */
import v8 from 'node:v8';

/** V8 grows a heap to (1 + this/100) × its live size before the next full collection. */
export const HEAP_GROWING_PERCENT = 50;

let tuned = false;

/** Sets the heap growing factor once per process; call before the files are read. */
export function boundHeapGrowth(): void {
  if (tuned) return;
  tuned = true;
  // A flag V8 reads each time it sets the next collection's limit, so setting it at run time
  // takes effect (unlike the heap's size limits, fixed when the isolate is made).
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
