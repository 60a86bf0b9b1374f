import type { Code, List, ListItem, Paragraph, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';
import type { ImportedStep } from '../../contract';
import { lineOf } from './sections';

/** Code blocks in these languages (or none) are commands to copy; others (rust, sql) are examples, not steps' commands. */
const shellLanguages = new Set(['', 'bash', 'sh', 'shell', 'zsh', 'console', 'shell-session', 'powershell', 'ps1', 'cmd']);
export const isCommand = (code: Code): boolean => shellLanguages.has((code.lang ?? '').toLowerCase());

export const maxStepText = 300;
const maxDetail = 4_000;
const maxCommand = 4_000;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Steps of one labelled run of blocks ("**Investigation:**" starts a new group). */
export interface StepGroup {
  label: string | null;
  line: number;
  steps: ImportedStep[];
}

/** A paragraph that is only bold text ("**Assessment:**"): a label for what follows, not a step. */
function labelOf(node: RootContent): string | null {
  if (node.type !== 'paragraph') return null;
  const kids = (node as Paragraph).children.filter((kid) => !(kid.type === 'text' && kid.value.trim() === ''));
  if (kids.length !== 1 || kids[0]!.type !== 'strong') return null;
  return oneLine(toString(kids[0]!)).replace(/[:\s]+$/, '');
}

/** "**Revoke the token** now" is a step; "**Goal:** restore service" is a labelled note, not one. */
function isBoldLed(node: RootContent): boolean {
  if (node.type !== 'paragraph' || labelOf(node) !== null) return false;
  const first = (node as Paragraph).children[0];
  return first?.type === 'strong' && !/:\s*$/.test(toString(first));
}

// Labels of notes rather than steps: what follows them is context, not something to do.
const contextLabel = /^(?:goal|purpose|sources?|examples?|timeline|note|scope|when|why)\b/i;

const textLanguages = new Set(['', 'markdown', 'md', 'text', 'txt']);

/**
 * A plain or Markdown fenced block written as a checklist or numbered list ("1. Acknowledge…",
 * "- [ ] Revoke…") holds steps, not a command: its blocks, with its headings as labels.
 */
function fencedSteps(code: Code): RootContent[] | null {
  if (!textLanguages.has((code.lang ?? '').toLowerCase()) || code.value.length > 50_000) return null;
  const lines = code.value.split('\n');
  if (lines.filter((line) => /^\s{0,3}(?:\d{1,3}[.)]|[-*] \[[ xX]\])\s/.test(line)).length < 2) return null;
  return parseFragment(code.value).children;
}

function addCommand(step: ImportedStep, code: string): void {
  step.command = clip(step.command ? `${step.command}\n\n${code}` : code, maxCommand);
}

function stepOfItem(item: ListItem): ImportedStep {
  const step: ImportedStep = { text: '', detail: '', command: null };
  const details: string[] = [];
  for (const child of item.children) {
    if (child.type === 'paragraph' && !step.text) step.text = oneLine(toString(child));
    else if (child.type === 'code') {
      if (isCommand(child)) addCommand(step, child.value);
    } else if (child.type === 'list') {
      for (const nested of (child as List).children) details.push(`- ${oneLine(toString(nested))}`);
    } else details.push(oneLine(toString(child)));
  }
  if (item.checked !== null && item.checked !== undefined && !step.text) step.text = oneLine(toString(item));
  step.text = clip(step.text || 'Step', maxStepText);
  step.detail = clip(details.filter(Boolean).join('\n'), maxDetail);
  return step;
}

/**
 * Steps from list items (numbered, bulleted or checkboxes; nested items become the detail) and
 * bold-led paragraphs; a fenced command attaches to the step it is in or follows, and a command
 * before any step becomes a step named after the label or heading it stands under.
 */
export function stepGroups(blocks: RootContent[], heading: string, line: number): StepGroup[] {
  const groups: StepGroup[] = [{ label: null, line, steps: [] }];
  const queue = [...blocks];
  for (let node = queue.shift(); node; node = queue.shift()) {
    const group = groups[groups.length - 1]!;
    // A block under "**Template:**" is a message template (found elsewhere), never steps.
    if (node.type === 'code' && group.label !== null && /template/i.test(group.label)) continue;
    const inner = node.type === 'code' ? fencedSteps(node as Code) : null;
    if (inner) {
      // Lines inside the block count from the fence.
      const offset = lineOf(node);
      const shift = (n: RootContent) => (n.position ? { ...n, position: { ...n.position, start: { ...n.position.start, line: n.position.start.line + offset } } } : n) as RootContent;
      queue.unshift(...inner.map(shift));
      continue;
    }
    const label = node.type === 'heading' ? oneLine(toString(node)) : labelOf(node);
    if (label !== null) {
      groups.push({ label, line: lineOf(node), steps: [] });
    } else if (group.label !== null && contextLabel.test(group.label)) {
      continue;
    } else if (node.type === 'list') {
      for (const item of (node as List).children) group.steps.push(stepOfItem(item));
    } else if (isBoldLed(node)) {
      group.steps.push({ text: clip(oneLine(toString(node)), maxStepText), detail: '', command: null });
    } else if (node.type === 'code' && isCommand(node as Code)) {
      const last = group.steps[group.steps.length - 1];
      if (last) addCommand(last, (node as Code).value);
      else group.steps.push({ text: clip(group.label ?? heading, maxStepText), detail: '', command: clip((node as Code).value, maxCommand) });
    }
  }
  return groups.filter((group) => group.steps.length > 0 || group.label === null);
}

/** Parses the inside of a fenced block as Markdown (bounded by the block's size). */
function parseFragment(text: string): Root {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}
