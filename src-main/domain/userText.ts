/**
 * Text a person typed (titles, notes, file names, commands) shown so that it cannot lie about itself.
 *
 * Bidirectional control characters reorder what follows them: `invoice\u202Egpj.exe` reads as
 * `invoiceexe.jpg`. In a security tool a file name must read as what it is, so every control is
 * cut out of the text and shown as a visible, named token (⟨RLO⟩) in its place. Ordinary
 * right-to-left letters keep working: the element gets `dir="auto"` instead.
 *
 * Shared by the console (src-renderer/userText.ts) and the server's first screen, so both show a
 * typed text alike.
 */

/** Unicode's explicit directional formatting characters, with their short names. */
export const bidiControls: Readonly<Record<string, string>> = {
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
  '\u200E': 'LRM',
  '\u200F': 'RLM',
  '\u061C': 'ALM',
};

const controlPattern = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export type UserTextPart = { kind: 'text'; text: string } | { kind: 'control'; char: string; name: string };

/** The text split into plain runs and the controls between them, in order; no run is empty. */
export function splitUserText(text: string): UserTextPart[] {
  const parts: UserTextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(controlPattern)) {
    const at = match.index;
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) });
    parts.push({ kind: 'control', char: match[0], name: bidiControls[match[0]]! });
    last = at + 1;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

export function hasBidiControls(text: string): boolean {
  return /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/.test(text);
}

/** The same text with each control written as its token (for title attributes, copies and tab titles). */
export function visibleUserText(text: string): string {
  return text.replace(controlPattern, (char) => `⟨${bidiControls[char]}⟩`);
}
