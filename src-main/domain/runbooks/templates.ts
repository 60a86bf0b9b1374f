import type { Blockquote, Code } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { ImportedTemplate } from '../../contract';
import type { FieldName } from '../comms/templateFields';
import { isCommand } from './steps';
import { lineOf, walk, type Section } from './sections';
import { slugOf } from './slug';

export const templateHeading = /communicat|notif|template|advisory|post[- ]?mortem|status (?:page|update)|announcement|message/i;

// Placeholder words whose meaning is clear, to the field the console fills (or asks for) by that name.
const fieldWords: [RegExp, FieldName][] = [
  [/^(?:incident[ _-]?)?id$|incident[ _-]?(?:number|id)/i, 'incidentId'],
  [/critical\/high|sev(?:erity)?(?:[ _-]?level)?$|^p0/i, 'severity'],
  [/^incident[ _-]?(?:name|title)$|^title$|short[ _-]?name|^brief$/i, 'title'],
  [/^duration$/i, 'duration'],
  [/description|what happened|summary/i, 'description'],
  [/^status|investigation\/contained/i, 'status'],
  [/^impact|what'?s affected/i, 'impact'],
  [/commander|^ic$|incident lead/i, 'commander'],
  [/detect(?:ion|ed)[ _-]?(?:time|at)/i, 'detectedAt'],
  [/next[ _-]?update/i, 'nextUpdateAt'],
  [/affected[ _-]?(?:systems|services|components)/i, 'affectedSystems'],
  [/root[ _-]?cause/i, 'rootCause'],
  [/users? affected|number of users/i, 'usersAffected'],
  [/data (?:involved|types?)|what data/i, 'dataInvolved'],
  [/^cve|if assigned/i, 'cve'],
  [/affected versions?|version range/i, 'affectedVersions'],
  [/patched|fixed in/i, 'patchedIn'],
  [/mitigation|protect yourself/i, 'mitigation'],
  [/researcher|credit/i, 'credit'],
  [/channel/i, 'channel'],
  [/app(?:lication)?[ _-]?name|product/i, 'appName'],
  [/contact|email/i, 'contactEmail'],
  [/attacker could/i, 'attackerCapability'],
  [/^your name$|responder|author/i, 'responder'],
];

export function fieldFor(placeholder: string): FieldName | null {
  const words = placeholder.trim();
  return fieldWords.find(([pattern]) => pattern.test(words))?.[1] ?? null;
}

const placeholderPattern = /\[([^\][\n]{1,80})\](?!\()|\{([A-Za-z][^{}\n]{0,80})\}/g;

/**
 * The runbook's placeholders become `{{field}}` where their meaning is clear; the others stay as
 * written, for the responder to fill in. Existing `{{` (not ours) is broken up so the body stays a
 * valid template for the loader.
 */
export function toTemplateBody(source: string): { body: string; fields: ImportedTemplate['fields'] } {
  const fields: ImportedTemplate['fields'] = [];
  const safe = source.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
  const body = safe.replace(placeholderPattern, (whole, square: string | undefined, curly: string | undefined) => {
    const placeholder = (square ?? curly ?? '').trim();
    // "- [ ]" and "[x]" are checkboxes, not fields.
    if (placeholder.length <= 1) return whole;
    const field = fieldFor(placeholder);
    if (fields.length < 200 && !fields.some((known) => known.placeholder === whole)) fields.push({ placeholder: whole, field });
    return field ? `{{${field}}}` : whole;
  });
  return { body, fields };
}

/** Fenced blocks (not shell commands) and quoted blocks under communication/notification/template/postmortem headings. */
export function findTemplates(top: Section, taken: Set<string>): ImportedTemplate[] {
  const templates: ImportedTemplate[] = [];
  for (const section of walk(top)) {
    let inTemplates = false;
    for (let at: Section | null = section; at && !inTemplates; at = at.parent) inTemplates = templateHeading.test(at.heading);
    // A block under a bold label such as "**Postmortem Template:**" is a template wherever it stands.
    let label: string | null = null;
    const blocks: { block: Code | Blockquote; title: string | null }[] = [];
    for (const node of section.content) {
      const bold = node.type === 'paragraph' && node.children.length === 1 && node.children[0]!.type === 'strong' ? toString(node).replace(/[:\s]+$/, '') : null;
      if (bold !== null) label = bold;
      const isBlock = node.type === 'blockquote' || (node.type === 'code' && (!isCommand(node) || !node.lang) && !/^\s*\d{1,3}[.)]\s/.test(node.value));
      if (!isBlock) continue;
      const labelled = label !== null && templateHeading.test(label);
      if (inTemplates || labelled) blocks.push({ block: node as Code | Blockquote, title: labelled ? label : null });
    }
    blocks.forEach(({ block, title: labelTitle }, index) => {
      if (templates.length >= 100) return;
      const text = block.type === 'code' ? block.value : toString(block);
      if (!text.trim()) return;
      // "Template - Initial Assessment" names the template "Initial Assessment".
      const named = (labelTitle ?? section.heading).replace(/^template\s*[-:–]?\s*/i, '') || section.heading;
      const title = !labelTitle && blocks.length > 1 ? `${named} ${index + 1}` : named;
      const { body, fields } = toTemplateBody(text.slice(0, 50_000));
      templates.push({ id: slugOf(title, taken), title: title.slice(0, 200), line: lineOf(block), body, fields });
    });
  }
  return templates;
}
