import { decodeHTML } from 'entities';
import { hexValue, utf8At } from './logBytes';

const maxRounds = 4;

/**
 * The form rules match against: URL-decoded until stable (at most 4 rounds; `%252e` → `.`), `+` as space
 * (query and body only: pass `plusIsSpace`), HTML entities decoded, SQL comments `/ * ... * /` → ' ', NUL and
 * control characters → ' ', backslashes and slash look-alikes (`%u2215`) → '/', runs of whitespace → ' ' (or '\n' when
 * the run holds a line break), JSON escapes (`\u0027`, `\/`) decoded first, lower-cased. Invalid % sequences stay.
 *
 * `+` is a space only as sent: a `%2B` decoded in one round is a literal plus in the next, as a
 * server decoding twice would read it. A decoded byte sequence that is not UTF-8 reads as Latin-1,
 * except an over-long form (`%c0%ae` for `.`), which stays as written so a rule can name it.
 * A comment that splits an SQL keyword (`UN/ * * /ION`) is removed, because filters that strip
 * comments turn it into `union`; any other comment separates tokens, as SQL reads it
 * (`UNION/ * * /SELECT` → `union select`), and MySQL's `/ *!50000UNION * /` keeps its content.
 */
export function decodeForMatching(value: string, options?: { plusIsSpace?: boolean }): string {
  const plusIsSpace = options?.plusIsSpace === true;
  if (isPlain(value, plusIsSpace)) return value;
  let text = plusIsSpace && value.indexOf('+') >= 0 ? value.replaceAll('+', ' ') : value;
  if (text.indexOf('\\') >= 0) text = jsonEscapes(text);
  for (let round = 0; round < maxRounds; round++) {
    let next = text.indexOf('%') >= 0 ? percentDecode(text) : text;
    if (next.indexOf('&') >= 0) next = decodeHTML(next);
    if (next === text) break;
    text = next;
  }
  if (text.indexOf('/*') >= 0) text = replaceSqlComments(text);
  return normalise(text);
}

const jsonEscape = /\\(?:u([0-9a-fA-F]{4})|\/)/g;

/** JSON and JavaScript string escapes a body carries (`\u0027` for a quote, `\/` for a slash): the application reads them decoded. */
function jsonEscapes(text: string): string {
  return text.replace(jsonEscape, (_, hex: string | undefined) => (hex === undefined ? '/' : String.fromCharCode(parseInt(hex, 16))));
}

/** Nothing to decode, fold or squeeze: true for most of a log's fields, which then cost one scan. */
function isPlain(value: string, plusIsSpace: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) continue;
    if (c < 32 || c > 126 || (c >= 65 && c <= 90) || c === 37 /* % */ || c === 38 /* & */ || c === 92 /* \ */) return false;
    if ((c === 43 && plusIsSpace) || (c === 47 && value.charCodeAt(i + 1) === 42) || (c === 32 && value.charCodeAt(i + 1) === 32)) return false;
  }
  return true;
}

/** One round of percent-decoding (and IIS's `%uXXXX`); sequences that decode to nothing valid stay. */
function percentDecode(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = text.indexOf('%'); i >= 0 && i < text.length; i = text.indexOf('%', i)) {
    if (text.charCodeAt(i + 1) === 117 /* u */ || text.charCodeAt(i + 1) === 85) {
      const unit = hex4(text, i + 2);
      if (unit >= 0) {
        out += text.slice(copied, i) + String.fromCharCode(unit);
        copied = i += 6;
        continue;
      }
    }
    const runStart = i;
    const bytes: number[] = [];
    for (;;) {
      const high = text.charCodeAt(i) === 37 ? hexValue(text.charCodeAt(i + 1)) : -1;
      const low = high >= 0 ? hexValue(text.charCodeAt(i + 2)) : -1;
      if (low < 0) break;
      bytes.push(high * 16 + low);
      i += 3;
    }
    if (bytes.length === 0) {
      i++;
      continue;
    }
    out += text.slice(copied, runStart) + bytesAsText(bytes, text, runStart);
    copied = i;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Decoded bytes: UTF-8, Latin-1 byte by byte where invalid, over-long forms kept as their `%xx` text. */
function bytesAsText(bytes: number[], text: string, runStart: number): string {
  let out = '';
  for (let k = 0; k < bytes.length; ) {
    const sequence = utf8At(bytes, k);
    if (sequence === 'overlong') {
      const length = bytes[k]! >= 0xf0 ? 4 : bytes[k]! >= 0xe0 ? 3 : 2;
      out += text.slice(runStart + 3 * k, runStart + 3 * (k + length));
      k += length;
    } else if (sequence === 'invalid') {
      out += String.fromCharCode(bytes[k]!);
      k++;
    } else {
      out += String.fromCodePoint(sequence.codePoint);
      k += sequence.length;
    }
  }
  return out;
}

function hex4(text: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + 4; i++) {
    const digit = hexValue(text.charCodeAt(i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// Words an injection splits with a comment to slip past a filter that looks for them whole.
const sqlKeywords = new Set(
  'select union insert update delete drop from where and or not order group by having exec execute declare cast convert char concat sleep benchmark waitfor delay into outfile dumpfile load_file values table alter create truncate null like information_schema xp_cmdshell substring ascii'.split(' '),
);
const mark = '\uE000';
const executableComment = /\/\*!\d{0,6}([\s\S]*?)\*\//g;
const plainComment = /\/\*[\s\S]*?\*\//g;
// Words joined by comments only (`UN·ION·SELECT`); a comment with no word on one side is a space.
const commentedWords = /\w+(?:\uE000+\w+)+/g;
const marks = /\uE000+/g;

function replaceSqlComments(text: string): string {
  let out = text.indexOf(mark) >= 0 ? text.replaceAll(mark, ' ') : text;
  out = out.replace(executableComment, ' $1 ').replace(plainComment, mark);
  return out.replace(commentedWords, (run) => joinKeywords(run.split(marks))).replace(marks, ' ');
}

/** Parts a comment split, joined where together they spell a keyword (the longest), else spaced. */
function joinKeywords(parts: string[]): string {
  const words: string[] = [];
  for (let i = 0; i < parts.length; ) {
    let joined = parts[i]!;
    let last = i;
    for (let j = i + 1, spelled = joined; j < parts.length && spelled.length <= 24; j++) {
      spelled += parts[j]!;
      if (sqlKeywords.has(spelled.toLowerCase())) [joined, last] = [spelled, j];
    }
    words.push(joined);
    i = last + 1;
  }
  return words.join(' ');
}

/** Control characters (C0, DEL, C1) and Unicode spaces: each run of them becomes one space. */
function isBlank(c: number): boolean {
  return c <= 32 || (c >= 0x7f && c <= 0xa0) || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Characters servers (IIS, some normalisers) read as a path separator: division slash, set minus, fullwidth solidus and reverse solidus. */
function isSlashLike(c: number): boolean {
  return c === 92 || c === 0x2215 || c === 0x2216 || c === 0xff0f || c === 0xff3c;
}

/**
 * Slash look-alikes → '/', each run of blanks → one space, or one newline when the run holds a line
 * break: a shell reads a newline as a command separator, so rules must be able to tell it from a space.
 */
function normalise(text: string): string {
  let squeeze = false;
  for (let i = 0; i < text.length && !squeeze; i++) {
    const c = text.charCodeAt(i);
    squeeze = isSlashLike(c) || (isBlank(c) && (c !== 32 || isBlank(text.charCodeAt(i + 1))));
  }
  if (!squeeze) return text.toLowerCase();
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSlashLike(c)) {
      out += `${text.slice(copied, i)}/`;
      copied = i + 1;
    } else if (isBlank(c)) {
      let end = i + 1;
      let lineBreak = c === 10 || c === 13;
      for (; end < text.length && isBlank(text.charCodeAt(end)); end++) lineBreak ||= text.charCodeAt(end) === 10 || text.charCodeAt(end) === 13;
      if (c !== 32 || end > i + 1) {
        out += `${text.slice(copied, i)}${lineBreak ? '\n' : ' '}`;
        copied = end;
      }
      i = end - 1;
    }
  }
  return (out + text.slice(copied)).toLowerCase();
}
