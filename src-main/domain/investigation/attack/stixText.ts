/** A description is shown as a summary: its first paragraph, at most this many characters. */
export const maxDescriptionLength = 1_000;

/**
 * The first paragraph of an ATT&CK description as plain text: ATT&CK writes Markdown with
 * `(Citation: Source)` markers, `[text](url)` links and `<code>` tags. Only the head of the string
 * is read, so a 10 MB description costs no more than a short one.
 */
export function plainDescription(value: unknown): string {
  if (typeof value !== 'string') return '';
  const head = value.slice(0, maxDescriptionLength * 4);
  const paragraph = head.trim().split(/\r?\n\s*\r?\n/)[0] ?? '';
  const plain = paragraph
    .replace(/\(Citation:[^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > maxDescriptionLength ? `${plain.slice(0, maxDescriptionLength - 1)}…` : plain;
}
