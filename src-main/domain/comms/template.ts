import Mustache from 'mustache';
import { isMap, isScalar, type Document, type LineCounter } from 'yaml';
import { z } from 'zod';
import { templateAudiences, type TemplateAudience, type TemplateProblem } from '../../contract';
import { parseYamlUnderLimits } from '../userYaml';
import { fieldNames, fillIn, isFieldName, type FieldName } from './templateFields';

const templateSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  audience: z.enum(templateAudiences, { error: `must be one of ${templateAudiences.join(', ')}` }),
  description: z.string().trim().min(1).max(1000),
  subject: z.string().trim().min(1).max(300).optional(),
  /** By severity rank (0 = most severe); a rank past the end uses the last value. */
  cadenceMinutes: z.array(z.number().int().min(1).max(10_080)).min(1).max(16).optional(),
  body: z.string().min(1).max(50_000),
});

export interface CommsTemplate {
  id: string;
  title: string;
  audience: TemplateAudience;
  description: string;
  subject: string | null;
  cadenceMinutes: number[] | null;
  body: string;
}

export type TemplateParse = { ok: true; template: CommsTemplate } | { ok: false; problem: TemplateProblem };

type Token = [string, string, number, number, Token[]?, ...unknown[]];

/** Field names in order of first use; unknown names and constructs a template may not use are reported. */
function fieldsUsed(source: string): { fields: FieldName[]; error: string | null; at: number } {
  let tokens: Token[];
  try {
    tokens = Mustache.parse(source, ['{{', '}}']) as unknown as Token[];
  } catch (error) {
    return { fields: [], error: `not a valid template: ${(error as Error).message}`, at: 0 };
  }
  const fields: FieldName[] = [];
  let at = 0;
  const walk = (list: Token[]): string | null => {
    for (const [kind, name, start, , children] of list) {
      if (kind === 'text' || kind === '!') continue;
      at = start;
      if (kind === '>' || kind === '=') return `uses {{${kind}${name}}}: partials and delimiter changes are not supported`;
      if (!isFieldName(name)) return `uses {{${name}}}, which is not a field: known fields are ${Object.keys(fieldNames).join(', ')}`;
      if (!fields.includes(name)) fields.push(name);
      if (children) {
        const inner = walk(children);
        if (inner) return inner;
      }
    }
    return null;
  };
  return { fields, error: walk(tokens), at };
}

/** The file line of a position in a `|` block's text (one text line per file line); else the key's line. */
function lineWithin(doc: Document, lineCounter: LineCounter, key: string, text: string, at: number): number | null {
  const line = keyLine(doc, lineCounter, key);
  if (line === null || !isMap(doc.contents)) return line;
  const pair = doc.contents.items.find((item) => isScalar(item.key) && item.key.value === key);
  if (!isScalar(pair?.value) || pair.value.type !== 'BLOCK_LITERAL') return line;
  return line + 1 + (text.slice(0, at).match(/\n/g)?.length ?? 0);
}

/** The line of a top-level key, for a problem that belongs to it. */
function keyLine(doc: Document, lineCounter: LineCounter, key: string): number | null {
  if (!isMap(doc.contents)) return null;
  const pair = doc.contents.items.find((item) => isScalar(item.key) && item.key.value === key);
  const node = (pair?.value ?? pair?.key) as { range?: [number, number, number] } | undefined;
  return node?.range ? lineCounter.linePos(node.range[0]).line : null;
}

/** Parses one template file's text; `file` names it in problems. Never throws. */
export function parseTemplate(source: string, id: string, file: string): TemplateParse {
  const problem = (line: number | null, message: string): TemplateParse => ({ ok: false, problem: { file, line, message } });
  const yaml = parseYamlUnderLimits(source);
  if (!yaml.ok) return problem(yaml.line, yaml.message);
  const parsed = templateSchema.safeParse(yaml.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    return problem(key ? keyLine(yaml.doc, yaml.lineCounter, key) : null, `${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  for (const key of ['subject', 'body'] as const) {
    const text = parsed.data[key];
    if (text === undefined) continue;
    const { error, at } = fieldsUsed(text);
    if (error) return problem(lineWithin(yaml.doc, yaml.lineCounter, key, text, at), `${key}: ${error}`);
  }
  const { title, audience, description, subject, cadenceMinutes, body } = parsed.data;
  return { ok: true, template: { id, title, audience, description, subject: subject ?? null, cadenceMinutes: cadenceMinutes ?? null, body } };
}

/** The cadence for a severity rank: ranks past the list use its last (least urgent) value. */
export function cadenceFor(template: CommsTemplate, rank: number): number | null {
  const cadence = template.cadenceMinutes;
  return cadence ? (cadence[Math.min(rank, cadence.length - 1)] ?? null) : null;
}

export interface FilledText {
  text: string;
  missing: string[];
}

/**
 * Fills one template text. Text, not HTML: nothing is escaped. A field without a value is
 * rendered as its `[fill in: …]` marker and named in `missing` (in order of first use).
 */
export function fillTemplate(source: string, values: Record<FieldName, string | null>): FilledText {
  const { fields, error } = fieldsUsed(source);
  // Validated when loaded; a template reaching here unchecked is a programming error.
  if (error) throw new Error(error);
  const view = Object.fromEntries(fields.map((name) => [name, values[name] ?? fillIn(name)]));
  const text = Mustache.render(source, view, {}, { tags: ['{{', '}}'], escape: (value: unknown) => String(value) });
  return { text, missing: fields.filter((name) => values[name] === null).map((name) => fieldNames[name]) };
}
