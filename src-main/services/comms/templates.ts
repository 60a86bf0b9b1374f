import fs from 'node:fs';
import path from 'node:path';
import { AppError, type ParsedInput, type RenderedTemplate, type TemplateProblem, type TemplateSummary } from '../../contract';
import { cadenceFor, fillTemplate, parseTemplate, type CommsTemplate, type TemplateParse } from '../../domain/comms/template';
import { fieldValues } from '../../domain/comms/templateFields';
import { currentActor, type ServiceContext } from '../context';
import { readUserFile, yamlFilesIn } from '../userFiles';
import { gatherFacts } from './gatherFacts';

/** A template is a page of text: a file far larger is a mistake or an attack. */
export const maxTemplateBytes = 256 * 1024;
// The folder is read on every call: a flood of files must not make that slow.
export const maxTemplateFiles = 500;

export type LoadedTemplate = CommsTemplate & { source: 'shipped' | 'user' };

export interface TemplateCatalog {
  templates: LoadedTemplate[];
  problems: TemplateProblem[];
}

export function userTemplatesDir(ctx: ServiceContext): string {
  return path.join(ctx.dataDir, 'templates');
}

const idPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

// Parsed files by path while size and mtime are unchanged: every render and send reads the
// catalogue, and an unchanged file then costs a stat instead of a YAML parse.
const parsedFiles = new Map<string, { size: number; mtimeMs: number; result: TemplateParse }>();

function readTemplateFile(file: string, id: string): TemplateParse {
  const stats = fs.statSync(file, { throwIfNoEntry: false });
  const cached = parsedFiles.get(file);
  if (stats && cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) return cached.result;
  const read = readUserFile(file, maxTemplateBytes);
  if (!read.ok) return { ok: false, problem: { file, line: read.problem.line, message: read.problem.message } };
  const result = parseTemplate(read.text, id, file);
  parsedFiles.set(file, { size: read.stats.size, mtimeMs: read.stats.mtimeMs, result });
  return result;
}

/**
 * Shipped templates, then the data dir's (the same id replaces the shipped one). Read on every
 * call so an edited file counts at once; a broken file is a problem and the others still load.
 */
export function loadTemplates(ctx: ServiceContext): TemplateCatalog {
  const byId = new Map<string, LoadedTemplate>();
  const problems: TemplateProblem[] = [];
  const sources: [string, LoadedTemplate['source']][] = [
    [path.join(ctx.resourcesDir, 'templates'), 'shipped'],
    [userTemplatesDir(ctx), 'user'],
  ];
  for (const [dir, source] of sources) {
    const { files, problem } = yamlFilesIn(dir, maxTemplateFiles, 'templates', 'templates');
    if (problem) problems.push({ file: dir, line: null, message: problem });
    for (const file of files) {
      const id = path.basename(file).replace(/\.ya?ml$/i, '');
      if (!idPattern.test(id)) {
        problems.push({ file, line: null, message: 'its name is not a template id: use lowercase letters, digits and dashes, like status-update.yaml' });
        continue;
      }
      const parsed = readTemplateFile(file, id);
      if (parsed.ok) byId.set(id, { ...parsed.template, source });
      else problems.push(parsed.problem);
    }
  }
  return { templates: [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)), problems };
}

export function listTemplates(ctx: ServiceContext): { templates: TemplateSummary[]; problems: TemplateProblem[] } {
  const { templates, problems } = loadTemplates(ctx);
  return {
    templates: templates.map(({ id, title, audience, description, source, cadenceMinutes }) => ({ id, title, audience, description, source, cadenceMinutes })),
    problems,
  };
}

export function requireTemplate(ctx: ServiceContext, id: string): LoadedTemplate {
  const { templates, problems } = loadTemplates(ctx);
  const found = templates.find((template) => template.id === id);
  if (found) return found;
  const broken = problems.find((problem) => path.basename(problem.file).replace(/\.ya?ml$/i, '') === id);
  if (broken) throw new AppError('invalid-input', `the template '${id}' is broken and was skipped: ${broken.file}${broken.line ? `:${broken.line}` : ''}: ${broken.message}`);
  throw new AppError('not-found', `no template '${id}': expected one of ${templates.map((template) => template.id).join(', ')}`);
}

/** The template filled from the incident as it is now. */
export function renderTemplate(ctx: ServiceContext, input: ParsedInput<'template.render'>): RenderedTemplate {
  const template = requireTemplate(ctx, input.templateId);
  const facts = gatherFacts(ctx, input.incidentId);
  const now = ctx.clock().toISOString();
  const cadence = cadenceFor(template, facts.severityRank);
  const values = fieldValues(facts, { now, responder: currentActor(ctx), cadenceMinutes: cadence });
  const subject = template.subject === null ? null : fillTemplate(template.subject, values, `the subject of template '${template.id}'`);
  const body = fillTemplate(template.body, values, `the template '${template.id}'`);
  const missing = [...new Set([...(subject?.missing ?? []), ...body.missing])];
  // A drill's message is rehearsed, maybe pasted somewhere real: it must never read as an incident notice.
  const drill = facts.kind === 'drill';
  return {
    templateId: template.id,
    title: template.title,
    audience: template.audience,
    subject: subject ? `${drill ? '[DRILL] ' : ''}${subject.text}` : null,
    body: drill ? `DRILL: a tabletop exercise, not a real incident.\n\n${body.text}` : body.text,
    missing,
    nextUpdateAt: cadence === null ? null : new Date(Date.parse(now) + cadence * 60_000).toISOString(),
  };
}
