// Bytes that a log escaped (`\xHH`) or a client percent-encoded (`%HH`), turned back into text by
// hand: the domain layer has no Buffer, and TextDecoder cannot say which bytes were overlong.

/**
 * The UTF-8 sequence starting at `bytes[at]`: its code point and length, or `overlong` (an
 * over-long form or a UTF-16 surrogate: valid-looking bytes no decoder may accept, a known way
 * to smuggle `.` and `/` past filters), or `invalid` (any other byte that starts no sequence).
 */
export function utf8At(bytes: readonly number[], at: number): { codePoint: number; length: number } | 'overlong' | 'invalid' {
  const first = bytes[at]!;
  if (first < 0x80) return { codePoint: first, length: 1 };
  let length: number;
  let codePoint: number;
  if (first >= 0xc0 && first < 0xe0) [length, codePoint] = [2, first & 0x1f];
  else if (first >= 0xe0 && first < 0xf0) [length, codePoint] = [3, first & 0x0f];
  else if (first >= 0xf0 && first < 0xf5) [length, codePoint] = [4, first & 0x07];
  else return 'invalid';
  if (at + length > bytes.length) return 'invalid';
  for (let i = 1; i < length; i++) {
    const next = bytes[at + i]!;
    if ((next & 0xc0) !== 0x80) return 'invalid';
    codePoint = (codePoint << 6) | (next & 0x3f);
  }
  const smallest = length === 2 ? 0x80 : length === 3 ? 0x800 : 0x10000;
  if (codePoint < smallest || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return 'overlong';
  if (codePoint > 0x10ffff) return 'invalid';
  return { codePoint, length };
}

/** Bytes as UTF-8 where they are valid, each other byte as its Latin-1 character: never throws. */
export function bytesToText(bytes: readonly number[]): string {
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const sequence = utf8At(bytes, i);
    if (typeof sequence === 'string') {
      text += String.fromCharCode(bytes[i]!);
      i++;
    } else {
      text += String.fromCodePoint(sequence.codePoint);
      i += sequence.length;
    }
  }
  return text;
}

/** The value of a hexadecimal digit's character code, or -1. */
export function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}
