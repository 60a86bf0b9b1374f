import { z } from 'zod';
import { controlChars, controlCharsSingleLine, isCleanUnicode } from './textRules';

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
