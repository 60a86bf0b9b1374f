// What the contract's free text may hold, without the schema library: `text()` (text.ts) refuses by
// these, and a plain `scan secrets` (cli/scanSecretsFast.ts) checks its arguments by them before zod loads.

// Node decodes malformed UTF-8 (argv, files) to U+FFFD and JSON can smuggle lone surrogates:
// both mean the bytes were not valid UTF-8 text, so refuse them rather than store mojibake.
export function isCleanUnicode(value: string): boolean {
  return value.isWellFormed() && !value.includes('\uFFFD');
}

// Control characters break single-line displays and terminal output (escape sequences).
/* eslint-disable no-control-regex -- matching control characters is the point */
export const controlChars = /[\u0000-\u0008\u000B-\u001F\u007F]/;
export const controlCharsSingleLine = /[\u0000-\u001F\u007F]/;
/* eslint-enable no-control-regex */
