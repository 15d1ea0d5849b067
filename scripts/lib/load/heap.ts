/**
 * V8's heap policy for the commands that read many files (check, merge).
 *
 * Their live memory is small and bounded (each file is cut down to its outline where it is read;
 * merge keeps the report's rows), but they make garbage fast: every file's grids and records. V8
 * lets a heap grow to up to four times what survived its last full collection before it collects
 * again, and on a machine with plenty of memory it picks four — so the peak memory of a long run
 * would be set by the collector's slack, not by what the program holds (check keeps some 35 MB
 * live over 4,000 files). A growing factor of 1.5 keeps the slack at half the live data, for
 * every thread of the process (V8's flags are per process; the load pool's workers start after).
 * It stays set for the rest of the process (a test process that runs a command keeps it).
 * `npm run bench` measures the peak (README, Benchmark).
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8 grows a heap to (1 + this/100) × its live size before the next full collection. */
export const HEAP_GROWING_PERCENT = 50;

let tuned = false;

/**
 * V8 takes its largest growing factor (up to 4) when the heap may grow to this size; below it,
 * it already grows more cautiously (1.3–2), and a fixed 1.5 could raise the factor, not lower it.
 */
const LARGE_HEAP_LIMIT = 2000 * 2 ** 20;

/** Sets the heap growing factor once per process, where V8 would pick a large one; call before the files are read. */
export function boundHeapGrowth(): void {
  if (tuned) return;
  tuned = true;
  if (v8.getHeapStatistics().heap_size_limit < LARGE_HEAP_LIMIT) return;
  // A flag V8 reads each time it sets the next collection's limit, so setting it at run time
  // takes effect (unlike the heap's size limits, fixed when the isolate is made).
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

let exposedGc: (() => void) | undefined;

/**
 * A full garbage collection, now. For after a large read whose garbage would otherwise stay
 * until the heap's first limit, under everything read after it (readRosterFile).
 * Node has no API for this without `--expose-gc` on its command line: the flag is turned on for
 * a moment, the function taken from a new context (existing ones do not get it) and the flag
 * turned off again. Does nothing when the function cannot be had.
 */
export function collectGarbage(): void {
  if (!exposedGc) {
    const existing = (globalThis as { gc?: unknown }).gc;
    if (typeof existing === 'function') exposedGc = existing as () => void;
    else {
      v8.setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      v8.setFlagsFromString('--no-expose-gc');
      if (typeof gc === 'function') exposedGc = gc as () => void;
    }
  }
  exposedGc?.();
}
