/** `{NAME}` in a step command: capitals, digits and underscores, so shell braces such as `xargs -I{}` never match. */
export const placeholderPattern = /\{([A-Z][A-Z0-9_]*)\}/g;
export const variableNamePattern = /^[A-Z][A-Z0-9_]{0,39}$/;

/** Filled from the incident itself; a playbook uses them without declaring them. */
export const builtinPlaceholders = ['INCIDENT_ID', 'SEVERITY', 'DETECTED_AT', 'DECLARED_AT', 'DATE', 'TITLE', 'COMMANDER', 'SCENARIO'] as const;
const builtins: ReadonlySet<string> = new Set(builtinPlaceholders);
export const isBuiltinPlaceholder = (name: string) => builtins.has(name);
// Their values are made of characters no shell reads specially (an ID, a date, an ISO time): safe anywhere.
const alwaysBare: ReadonlySet<string> = new Set(['INCIDENT_ID', 'DATE', 'DETECTED_AT', 'DECLARED_AT']);

/** The placeholders a command uses, each once, in order. */
export function placeholdersIn(command: string): string[] {
  return [...new Set([...command.matchAll(placeholderPattern)].map((match) => match[1]!))];
}

// What POSIX shells never read specially: such a value is one argument as it stands (as Python's shlex.quote).
const bare = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One shell argument that means exactly `value`: as it is when nothing in it is special, else in
 * single quotes, where nothing is special, with each embedded quote written as '\''.
 */
export function shellQuote(value: string): string {
  return value !== '' && bare.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

export type UnsafeContext = 'inside single quotes' | 'inside double quotes' | 'inside backquotes' | 'right after $' | 'right after a backslash';

/**
 * Placeholders written where a quoted value would not stay one argument: inside quotes (the
 * value's own quotes would close them), in backquotes, or after `$` or `\`, which change how the
 * quote that follows is read. Such a placeholder must be written bare.
 */
export function unsafePlaceholders(command: string): { name: string; context: UnsafeContext; index: number; length: number }[] {
  const found: { name: string; context: UnsafeContext; index: number; length: number }[] = [];
  const at = /\{([A-Z][A-Z0-9_]*)\}/y;
  let quote: 'none' | 'single' | 'double' | 'back' = 'none';
  for (let index = 0; index < command.length; index += 1) {
    at.lastIndex = index;
    const match = at.exec(command);
    if (match) {
      const before = command[index - 1];
      const context: UnsafeContext | null =
        quote === 'single' ? 'inside single quotes' : quote === 'double' ? 'inside double quotes' : quote === 'back' ? 'inside backquotes' : before === '$' ? 'right after $' : before === '\\' ? 'right after a backslash' : null;
      if (context && !alwaysBare.has(match[1]!)) found.push({ name: match[1]!, context, index, length: match[0].length });
      index += match[0].length - 1;
      continue;
    }
    const char = command[index];
    if (quote === 'single') {
      if (char === "'") quote = 'none';
    } else if (char === '\\') {
      // The next character is taken literally (a backslash inside single quotes is not special).
      if (command[index + 1] !== '{') index += 1;
    } else if (quote === 'double') {
      if (char === '"') quote = 'none';
    } else if (quote === 'back') {
      if (char === '`') quote = 'none';
    } else if (char === "'") quote = 'single';
    else if (char === '"') quote = 'double';
    else if (char === '`') quote = 'back';
  }
  return found;
}

/** A stretch of a command: plain text, or a placeholder with the (quoted) value it got, if any. */
export interface CommandPart {
  text: string;
  placeholder: string | null;
  filled: boolean;
}

export interface FilledCommand {
  text: string;
  unfilled: string[];
  parts: CommandPart[];
}

/**
 * Fills `{NAME}` placeholders from `values`, each value shell-quoted so it stays one argument.
 * Unknown ones, and any written where quoting cannot protect them, stay exactly as written so the
 * responder sees what still needs a value before running the command.
 */
export function fillCommand(template: string, values: Readonly<Record<string, string>>): FilledCommand {
  const unsafe = new Set(unsafePlaceholders(template).map((found) => found.index));
  const parts: CommandPart[] = [];
  const unfilled = new Set<string>();
  let last = 0;
  for (const match of template.matchAll(placeholderPattern)) {
    const name = match[1]!;
    if (match.index > last) parts.push({ text: template.slice(last, match.index), placeholder: null, filled: false });
    const known = Object.hasOwn(values, name) && !unsafe.has(match.index);
    if (!known) unfilled.add(name);
    parts.push({ text: known ? shellQuote(values[name]!) : match[0], placeholder: name, filled: known });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last), placeholder: null, filled: false });
  return { text: parts.map((part) => part.text).join(''), unfilled: [...unfilled], parts };
}

/**
 * A command from a Markdown runbook, made loadable as a playbook's: a placeholder written where a
 * value could not be quoted becomes `<NAME>`, filled by hand as the runbook itself wrote it; the
 * others become variables the incident asks for once.
 */
export function importedCommand(command: string): { command: string; variables: string[] } {
  let text = command;
  for (const found of unsafePlaceholders(command).reverse()) text = `${text.slice(0, found.index)}<${found.name}>${text.slice(found.index + found.length)}`;
  // A name too long to declare is filled by hand too.
  text = text.replace(placeholderPattern, (match, name: string) => (variableNamePattern.test(name) ? match : `<${name}>`));
  return { command: text, variables: placeholdersIn(text).filter((name) => !isBuiltinPlaceholder(name)) };
}

/** `SHORT_NAME` → `Short name`: a label for a variable nobody described. */
export function labelOf(name: string): string {
  const words = name.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
