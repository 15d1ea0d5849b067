/**
 * The name an uploaded file is kept under. A browser sends a bare name, but a request can carry
 * anything: a path (../../x, C:\x, /etc/x), NUL and control characters, names Windows reserves
 * (CON, NUL.xlsx, COM1…), trailing dots and spaces, right-to-left overrides. What is kept is one
 * plain name, so a file from an upload never lands outside the folder it is stored in.
 */
import { isWindowsReservedName } from '../../../addin/forms/text';
import { MAX_NAME_BYTES, fitBytes } from '../files/file-name';
import { skippedByName } from '../load/intake';

const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;
/** Bidirectional controls: they make "xlsx.exe" read as "exe.xlsx". */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The last part of whatever path the client sent, as it would be stored (before any cleaning). */
export function uploadBaseName(raw: string): string {
  return (
    raw
      .replace(/\u0000/g, '')
      .split(/[/\\]/)
      .pop() ?? ''
  );
}

/** A lock or hidden file (as the CLI's intake skips them): not kept at all. */
export function isSkippedUpload(raw: string): 'lock-file' | 'hidden-file' | undefined {
  return skippedByName(uploadBaseName(raw));
}

/** A safe file name for an upload: never a path, never reserved, never empty. */
export function uploadFileName(raw: string): string {
  const base = uploadBaseName(raw)
    .replace(BIDI, '')
    .replace(UNSAFE, '_')
    .trim()
    .replace(/[\s.]+$/, '');
  const dot = base.lastIndexOf('.');
  const hasExt = dot > 0 && /^\.[A-Za-z0-9]{1,8}$/.test(base.slice(dot));
  const ext = hasExt ? base.slice(dot) : '';
  let stem = (hasExt ? base.slice(0, dot) : base).replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  stem = fitBytes(stem, MAX_NAME_BYTES - Buffer.byteLength(ext)).replace(/[\s.]+$/, '');
  if (stem === '') stem = '未命名';
  if (isWindowsReservedName(stem)) stem = `_${stem}`;
  return stem + ext;
}

/** `name (2).xlsx`, `name (3).xlsx`…: the n-th name for a different file of the same name. */
export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}
