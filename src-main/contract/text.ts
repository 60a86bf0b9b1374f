import { z } from 'zod';

// Node decodes malformed UTF-8 (argv, files) to U+FFFD and JSON can smuggle lone surrogates:
// both mean the bytes were not valid UTF-8 text, so refuse them rather than store mojibake.
function isCleanUnicode(value: string): boolean {
  return value.isWellFormed() && !value.includes('\uFFFD');
}

// Control characters break single-line displays and terminal output (escape sequences).
/* eslint-disable no-control-regex -- matching control characters is the point */
const controlChars = /[\u0000-\u0008\u000B-\u001F\u007F]/;
const controlCharsSingleLine = /[\u0000-\u001F\u007F]/;
/* eslint-enable no-control-regex */

interface TextOptions {
  min?: number;
  max: number;
  multiline?: boolean;
}

/** A trimmed, well-formed Unicode string without control characters, within length bounds. */
export function text({ min = 0, max, multiline = false }: TextOptions) {
  const forbidden = multiline ? controlChars : controlCharsSingleLine;
  let bounded = z.string();
  if (min > 0) bounded = bounded.min(min, { message: min === 1 ? 'must not be empty' : `must be at least ${min} characters` });
  bounded = bounded
    .max(max, { message: `must be at most ${max} characters` })
    .refine((value) => !forbidden.test(value), { message: 'must not contain control characters' });
  return z
    .string({ error: 'must be text' })
    .refine(isCleanUnicode, { message: 'is not valid UTF-8 text (malformed bytes or unpaired surrogates)' })
    .transform((value) => value.trim())
    .pipe(bounded);
}
