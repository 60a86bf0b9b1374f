import { createHmac } from 'node:crypto';

/**
 * What lets redaction find a vault value in a text without holding the value: its length, its first
 * four characters (the house's redacted preview) and a keyed digest. Redaction looks for the prefix,
 * then checks the digest of the text of that length there. Values under 8 characters get no marker:
 * they would match ordinary words, and their digest would be quick to guess.
 */
export interface ValueMarker {
  length: number;
  prefix: string;
  digest: string;
}

export const minMarkedLength = 8;

/**
 * Only a value's first characters are digested, so checking a text costs at most this much per
 * place the prefix occurs, however long the value: a 64 KiB value against a text made of its prefix
 * took minutes of the main thread. A text holding those first characters loses the value's length.
 */
export const digestedChars = 256;

export function valueDigest(value: string, salt: string): string {
  return createHmac('sha256', salt).update(value).digest('hex').slice(0, 32);
}

export function valueMarker(value: string, salt: string): ValueMarker | null {
  if (value.length < minMarkedLength) return null;
  return { length: value.length, prefix: value.slice(0, 4), digest: valueDigest(value.slice(0, digestedChars), salt) };
}

/** Where in `text` a marked value occurs: [start, end) ranges, not overlapping, in order. */
export function findMarkedValues(text: string, markers: readonly ValueMarker[], salt: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (const marker of markers) {
    for (let at = text.indexOf(marker.prefix); at !== -1 && at + marker.length <= text.length; at = text.indexOf(marker.prefix, at + 1)) {
      if (valueDigest(text.slice(at, at + Math.min(marker.length, digestedChars)), salt) === marker.digest) found.push([at, at + marker.length]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const range of found) {
    const last = merged.at(-1);
    if (last && range[0] < last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
