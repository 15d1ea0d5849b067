/** How long the name of a file the scripts write may be (branch workbooks, printed forms, uploads). */

/**
 * Linux and macOS cap a file name at 255 bytes of UTF-8 (a Chinese character takes 3, an emoji 4),
 * and the atomic write adds about 30 bytes for its temporary name beside the target.
 */
export const MAX_NAME_BYTES = 200;

/** The longest start of `text`, in whole characters, that fits in `maxBytes` of UTF-8. */
export function fitBytes(text: string, maxBytes: number): string {
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > maxBytes) break;
    out += ch;
  }
  return out;
}
