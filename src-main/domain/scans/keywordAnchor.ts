/**
 * Whether every match of a regex must begin with one of a rule's keywords. Such a rule need not
 * search its lines: it is tried once, sticky, at each place a keyword begins (the keyword pass
 * already found them), which finds the same matches for a fraction of the work.
 *
 * The analysis is conservative: it reads the regex's leading literal text, skipping zero-width
 * lookarounds, through leading groups and their alternatives; anything it does not understand (a
 * quantifier, a class of more than one letter's cases, a backreference) ends the literal there.
 * The answer is yes only when each alternative's literal starts with a keyword, case ignored.
 */
export function startsWithKeyword(source: string, keywords: readonly string[]): boolean {
  // Case folded whatever the flags: the keyword pass ignores case, so a keyword is found either way.
  const parsed = leadingLiterals(source, 0, true);
  if (!parsed || parsed.end !== source.length) return false;
  return parsed.literals.every((literal) => keywords.some((keyword) => literal.startsWith(keyword)));
}

/**
 * The literal texts, exactly as written, one of which every match begins with; null when the regex
 * ignores case or some alternative begins with fewer than `minLength` known characters. A rule
 * whose keyword names its provider elsewhere in the file can still be tried only where one occurs.
 */
export function leadingExactLiterals(source: string, flags: string, minLength = 3): string[] | null {
  if (flags.includes('i')) return null;
  const parsed = leadingLiterals(source, 0, false);
  if (!parsed || parsed.end !== source.length || parsed.literals.some((literal) => literal.length < minLength)) return null;
  return [...new Set(parsed.literals)];
}

interface Alternatives {
  /** Each alternative's leading literal, lower-cased when folding ('' when it has none). */
  literals: string[];
  /** Where the alternation ends: the `)` closing its group, or the end of the source. */
  end: number;
}

/** The leading literals of the alternation starting at `at`, or null when it cannot be read. */
function leadingLiterals(source: string, at: number, fold: boolean): Alternatives | null {
  const literals: string[] = [];
  let position = at;
  for (;;) {
    const alternative = leadingLiteral(source, position, fold);
    if (!alternative) return null;
    literals.push(...alternative.literals);
    // Skip the rest of the alternative, to the next `|` or the `)` closing this group.
    const stop = skipToAlternativeEnd(source, alternative.end);
    if (stop === null) return null;
    if (source[stop] !== '|') return { literals, end: stop };
    position = stop + 1;
  }
}

/** The literals one alternative (a sequence) begins with: several when it begins with a group. */
function leadingLiteral(source: string, at: number, fold: boolean): Alternatives | null {
  let position = at;
  // Zero-width assertions before anything consumed: the match still begins after them.
  for (;;) {
    // A word boundary consumes nothing either.
    if (source.startsWith('\\b', position) || source.startsWith('\\B', position)) {
      position += 2;
      continue;
    }
    if (!(source.startsWith('(?=', position) || source.startsWith('(?!', position) || source.startsWith('(?<=', position) || source.startsWith('(?<!', position))) break;
    const close = closingParen(source, position);
    if (close === null) return null;
    position = close + 1;
  }
  const inner = source.startsWith('(?:', position) ? position + 3 : /^\(\?<[A-Za-z_]/.test(source.slice(position, position + 4)) ? source.indexOf('>', position) + 1 : source[position] === '(' && source[position + 1] !== '?' ? position + 1 : -1;
  if (inner !== -1) {
    const close = closingParen(source, position);
    // An optional or repeated group may be skipped: nothing is known of what the match begins with.
    if (close === null || isQuantifier(source[close + 1])) return { literals: [''], end: position };
    const group = leadingLiterals(source, inner, fold);
    if (!group || group.end !== close) return null;
    return { literals: group.literals, end: close + 1 };
  }
  let literal = '';
  for (;;) {
    const atom = literalAtom(source, position, fold);
    if (!atom || isQuantifier(source[atom.end])) break;
    literal += atom.char;
    position = atom.end;
  }
  return { literals: [literal], end: position };
}

const isQuantifier = (char: string | undefined) => char === '?' || char === '*' || char === '+' || char === '{';

/** One character the match must hold at this point, lower-cased, or null for anything else. */
function literalAtom(source: string, at: number, fold: boolean): { char: string; end: number } | null {
  const char = source[at];
  if (char === undefined) return null;
  if (char === '\\') {
    const escaped = source[at + 1];
    // Only punctuation escapes stand for themselves (\d, \b, \k<...> and the like do not).
    if (escaped === undefined || /[A-Za-z0-9]/.test(escaped)) return null;
    return { char: escaped, end: at + 2 };
  }
  if (char === '[') {
    // A class of one letter's two cases, like [Kk]: the keyword pass ignores case too.
    if (!fold) return null;
    const match = /^\[([A-Za-z])([A-Za-z])\]/.exec(source.slice(at, at + 4));
    if (!match || match[1]!.toLowerCase() !== match[2]!.toLowerCase() || match[1] === match[2]) return null;
    return { char: match[1]!.toLowerCase(), end: at + 4 };
  }
  if ('()|.^$'.includes(char) || isQuantifier(char)) return null;
  return { char: fold ? char.toLowerCase() : char, end: at + 1 };
}

/** The index of the `)` closing the group opening at `at`, minding escapes and classes. */
function closingParen(source: string, at: number): number | null {
  let depth = 0;
  for (let i = at; i < source.length; i += 1) {
    const char = source[i];
    if (char === '\\') i += 1;
    else if (char === '[') {
      const end = classEnd(source, i);
      if (end === null) return null;
      i = end;
    } else if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return null;
}

function classEnd(source: string, at: number): number | null {
  // A `]` right after `[` or `[^` is a literal in JavaScript only with the u/v flags; here it ends the class.
  for (let i = at + 1; i < source.length; i += 1) {
    if (source[i] === '\\') i += 1;
    else if (source[i] === ']') return i;
  }
  return null;
}

/** From inside an alternative, the index of the `|` ending it or the `)` closing its group (or the source's end). */
function skipToAlternativeEnd(source: string, at: number): number | null {
  for (let i = at; i < source.length; i += 1) {
    const char = source[i];
    if (char === '\\') i += 1;
    else if (char === '[') {
      const end = classEnd(source, i);
      if (end === null) return null;
      i = end;
    } else if (char === '(') {
      const close = closingParen(source, i);
      if (close === null) return null;
      i = close;
    } else if (char === '|' || char === ')') return i;
  }
  return source.length;
}

/**
 * Texts every match must hold somewhere, exactly as written: the runs of plain characters in the
 * regex's top-level sequence, each at least `minLength` long and all ASCII (so found alike in a
 * file's bytes and in their decoding). A text lacking one has no match: a rule that reads a whole
 * file is skipped on most files that woke it without rendering or searching them. Null when the
 * regex ignores case or has a top-level alternative; groups, classes and quantified atoms are skipped.
 */
export function requiredLiterals(source: string, flags: string, minLength = 4): string[] | null {
  if (flags.includes('i') || flags.includes('v')) return null;
  const runs: string[] = [];
  let run = '';
  const flush = () => {
    if (run.length >= minLength && /^[\x20-\x7e]+$/.test(run)) runs.push(run);
    run = '';
  };
  for (let i = 0; i < source.length; ) {
    const char = source[i]!;
    if (char === '|') return null;
    let end: number | null;
    let literal: string | null = null;
    if (char === '(') end = closingParen(source, i);
    else if (char === '[') end = classEnd(source, i);
    else if (char === '\\') end = escapeEnd(source, i);
    else {
      if (!'.^$'.includes(char) && !isQuantifier(char) && char !== ')') literal = char;
      end = i;
    }
    if (end === null) return null;
    if (char === '\\' && end === i + 1 && !/[A-Za-z0-9]/.test(source[end]!)) literal = source[end]!;
    let next = end + 1;
    if (isQuantifier(source[next])) {
      literal = null;
      next = source[next] === '{' ? source.indexOf('}', next) + 1 : next + 1;
      if (next === 0) return null;
      if (source[next] === '?' || source[next] === '+') next += 1;
    }
    if (literal === null) flush();
    else run += literal;
    i = next;
  }
  flush();
  return runs;
}

/** The last index of the escape at `at`, with what belongs to it (`\\xHH`, `\\u{…}`, `\\p{…}`, `\\k<…>`, `\\12`). */
function escapeEnd(source: string, at: number): number | null {
  const escaped = source[at + 1];
  if (escaped === undefined) return null;
  const braced = (from: number, close: string) => (source[from] === (close === '}' ? '{' : '<') ? nullIfMissing(source.indexOf(close, from)) : null);
  switch (escaped) {
    case 'x':
      return at + 3;
    case 'c':
      return at + 2;
    case 'u':
      return source[at + 2] === '{' ? braced(at + 2, '}') : at + 5;
    case 'p':
    case 'P':
      return braced(at + 2, '}');
    case 'k':
      return braced(at + 2, '>');
    default: {
      let end = at + 1;
      // A backreference or a legacy octal escape: all its digits.
      if (/[0-9]/.test(escaped)) while (/[0-9]/.test(source[end + 1] ?? '')) end += 1;
      return end;
    }
  }
}

const nullIfMissing = (index: number) => (index === -1 ? null : index);
