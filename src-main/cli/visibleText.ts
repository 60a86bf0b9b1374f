// Characters a terminal acts on instead of printing (C0, DEL, C1: escapes, BEL, line breaks) and the
// bidi controls that reorder what follows them on the line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafe = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

// Bidi controls by the names the console shows them with (src-renderer/userText.ts), so both read alike.
const named: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  ...Object.fromEntries(
    Object.entries({ '\u202A': 'LRE', '\u202B': 'RLE', '\u202C': 'PDF', '\u202D': 'LRO', '\u202E': 'RLO', '\u2066': 'LRI', '\u2067': 'RLI', '\u2068': 'FSI', '\u2069': 'PDI', '\u200E': 'LRM', '\u200F': 'RLM', '\u061C': 'ALM' }).map(([char, name]) => [char, `⟨${name}⟩`]),
  ),
};

/**
 * Text from a log or a file name as one printable line: each control or bidi character written
 * as a visible escape (`\x1b`, `\n`, `⟨RLO⟩`), so a hostile string can neither drive the terminal
 * nor break or reorder a table row.
 */
export function visibleText(text: string): string {
  return text.replace(unsafe, (char) => {
    const code = char.codePointAt(0)!;
    return named[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
