import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { AppError, phases, type ImportedPlaybook, type ImportedTemplate, type ParsedInput, type RunbookImport, type SavedRunbook, type SeverityScheme } from '../../contract';
import { schemeSchema } from '../../domain/incidents/severity';
import { parseTemplate } from '../../domain/comms/template';
import { parsePlaybook } from '../../domain/playbooks/playbook';
import { importedCommand, labelOf } from '../../domain/playbooks/placeholders';
import { slugOf } from '../../domain/runbooks/slug';
import { writeError, writeFileAtomic } from '../../jobs/atomicFile';
import { userTemplatesDir } from '../comms/templates';
import type { ServiceContext } from '../context';
import { userPlaybooksDir } from '../playbooks/playbooks';
import { userSchemesDir } from '../resources';

// Steps a responder must not skip: the runbook says so, or they stop the damage or keep the evidence.
const criticalWords = /\b(?:immediate(?:ly)?|critical|must|revoke|rotate|preserve|isolate|take .* offline)\b/i;

function playbookYaml(playbook: ImportedPlaybook, source: string): string {
  const ids = new Set<string>();
  const ordered = [...playbook.sections].sort((a, b) => phases.indexOf(a.phase!) - phases.indexOf(b.phase!));
  // The runbook's {NAME} placeholders become the playbook's variables, asked once per incident.
  const variables = new Set<string>();
  const steps = ordered.flatMap((section) =>
    section.steps.map((step) => {
      const command = step.command ? importedCommand(step.command.slice(0, 4_000)) : null;
      command?.variables.forEach((name) => variables.add(name));
      return {
        id: slugOf(step.text.split(/\s+/).slice(0, 6).join(' '), ids),
        phase: section.phase,
        text: step.text.slice(0, 300),
        ...(step.detail ? { detail: step.detail.slice(0, 4_000) } : {}),
        ...(command ? { command: command.command.slice(0, 4_000) } : {}),
        critical: criticalWords.test(`${step.text} ${section.heading}`),
      };
    }),
  );
  const declared = [...variables].slice(0, 50).map((name) => ({ name, label: labelOf(name) }));
  const header = `# Imported from the runbook ${source}; edit freely, it is an ordinary playbook.\n`;
  return header + stringify({ id: playbook.id, title: playbook.title.slice(0, 120), description: `Imported from ${source}.`, source: source.slice(0, 500), ...(declared.length ? { variables: declared } : {}), steps }, { lineWidth: 0 });
}

function templateYaml(template: ImportedTemplate, source: string): string {
  const audience = /external|user|customer|public|status page|advisory|breach/i.test(template.title) ? (/status page|public/i.test(template.title) ? 'public' : 'external') : 'internal';
  const fillIns = template.fields.filter((field) => field.field === null).map((field) => field.placeholder);
  const description = `Imported from ${source}.${fillIns.length ? ` Fill in by hand: ${fillIns.slice(0, 20).join(', ')}`.slice(0, 900) : ''}`;
  return stringify({ title: template.title, audience, description, body: template.body.endsWith('\n') ? template.body : `${template.body}\n` }, { lineWidth: 0 });
}

/**
 * The preview's severities as a scheme (most severe first, as the runbook lists them), or why it
 * cannot be one. A level without a response time is refused rather than borrowing another's:
 * a guessed SLA would be silently wrong on the incident it times.
 */
function importedScheme(ctx: ServiceContext, runbook: RunbookImport): { scheme: SeverityScheme; note?: string } | { warning: string } {
  const id = `imported-${slugOf(runbook.source.replace(/\.(?:md|markdown)$/i, ''), new Set()).slice(0, 55).replace(/-+$/, '')}`;
  const notSaved = `The severity scheme (${runbook.severities.map((s) => s.level).join(', ')}) was not saved`;
  const timeless = runbook.severities.find((severity) => severity.responseMinutes === null);
  if (timeless) return { warning: `${notSaved}: the level ${timeless.level} has no response time, and a scheme level needs one; give it one in the runbook and import again, or pick the closest scheme in settings.` };
  if (ctx.schemes.some((scheme) => scheme.id === id) && ctx.db.prepare('SELECT 1 FROM incidents WHERE scheme_id = ? LIMIT 1').get(id)) {
    return { warning: `${notSaved}: incidents already use the scheme "${id}", so replacing it would change what their severities mean.` };
  }
  const raw = {
    id,
    name: `${runbook.source} (imported)`.slice(0, 200),
    source: `Imported from the runbook ${runbook.source}`,
    levels: runbook.severities.map((severity) => ({
      id: severity.level.trim().replace(/\s+/g, '-'),
      label: severity.label || severity.level,
      // "Immediate" reads as 0 minutes; a scheme's SLA must be a positive time, and one minute is the tightest.
      responseMinutes: Math.max(1, severity.responseMinutes!),
      description: severity.responseText ? `Response: ${severity.responseText}` : '',
    })),
  };
  const parsed = schemeSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return { warning: `${notSaved}: ${first.path.join('.')} ${first.message}.` };
  }
  const immediate = runbook.severities.filter((severity) => severity.responseMinutes === 0).map((severity) => severity.level);
  return { scheme: parsed.data, ...(immediate.length ? { note: `The severity scheme "${id}" times ${immediate.join(', ')} ("Immediate" in the runbook) as 1 minute, the tightest response time a scheme can hold.` } : {}) };
}

/**
 * Writes the preview as playbook and template files in the data dir, each checked first by the
 * same parser that loads it, so what is written is what the console will use.
 */
export function saveRunbook(ctx: ServiceContext, input: ParsedInput<'playbook.importSave'>): SavedRunbook {
  const { runbook, replace } = input;
  for (const playbook of runbook.playbooks) {
    const missing = playbook.sections.find((section) => section.phase === null);
    if (missing) throw new AppError('invalid-input', `The section "${missing.heading}" of "${playbook.title}" (line ${missing.line}) has no phase: pick one of ${phases.join(', ')} or drop it.`);
    if (!playbook.sections.some((section) => section.steps.length)) throw new AppError('invalid-input', `The playbook "${playbook.title}" has no steps left: drop it or keep a section with steps.`);
  }
  const writes: { file: string; text: string; kind: 'playbook' | 'template' | 'severity scheme'; id: string }[] = [];
  for (const playbook of runbook.playbooks) {
    const text = playbookYaml(playbook, runbook.source);
    const file = path.join(userPlaybooksDir(ctx), `${playbook.id}.yaml`);
    const parsed = parsePlaybook(text, file);
    if ('problem' in parsed) throw new AppError('invalid-input', `The playbook "${playbook.title}" would not load: ${parsed.problem.path} ${parsed.problem.message}`);
    writes.push({ file, text, kind: 'playbook', id: playbook.id });
  }
  for (const template of runbook.templates) {
    const text = templateYaml(template, runbook.source);
    const file = path.join(userTemplatesDir(ctx), `${template.id}.yaml`);
    const parsed = parseTemplate(text, template.id, file);
    if (!parsed.ok) throw new AppError('invalid-input', `The template "${template.title}" would not load: ${parsed.problem.message}`);
    writes.push({ file, text, kind: 'template', id: template.id });
  }
  const warnings: string[] = [];
  const imported = runbook.severities.length ? importedScheme(ctx, runbook) : null;
  if (imported && 'warning' in imported) warnings.push(imported.warning);
  if (imported && 'scheme' in imported) {
    writes.push({ file: path.join(userSchemesDir(ctx.dataDir), `${imported.scheme.id}.json`), text: `${JSON.stringify(imported.scheme, null, 2)}\n`, kind: 'severity scheme', id: imported.scheme.id });
  }
  const ids = new Set<string>();
  for (const write of writes) {
    if (ids.has(write.file)) throw new AppError('invalid-input', `Two ${write.kind}s have the id "${write.id}": rename one.`);
    ids.add(write.file);
  }
  if (!replace) {
    const existing = writes.find((write) => fs.existsSync(write.file));
    if (existing) throw new AppError('conflict', `A ${existing.kind} "${existing.id}" already exists (${existing.file}): rename it in the preview, or save with replace to overwrite it.`);
  }
  // Checked all first, so a refused runbook writes nothing; each file is then written whole or not at all.
  for (const write of writes) {
    try {
      fs.mkdirSync(path.dirname(write.file), { recursive: true });
      writeFileAtomic(write.file, write.text);
    } catch (error) {
      throw writeError(error, write.file, `the ${write.kind} "${write.id}"`, `files written before it: ${writes.slice(0, writes.indexOf(write)).map((w) => w.file).join(', ') || 'none'}`);
    }
  }
  const saved = imported && 'scheme' in imported ? imported.scheme : null;
  if (saved) {
    if (imported && 'note' in imported && imported.note) warnings.push(imported.note);
    // ctx.schemes is read once per process: add it here so this process uses it now; others read it at their next start.
    const at = ctx.schemes.findIndex((scheme) => scheme.id === saved.id);
    if (at >= 0) ctx.schemes[at] = saved;
    else ctx.schemes.push(saved);
  }
  for (const write of writes) {
    if (write.kind === 'severity scheme') continue;
    const shipped = path.join(ctx.resourcesDir, write.kind === 'playbook' ? 'playbooks' : 'templates', path.basename(write.file));
    if (fs.existsSync(shipped)) warnings.push(`The ${write.kind} "${write.id}" replaces the shipped one of the same id (a file in the data dir wins); rename it in the preview to keep both.`);
  }
  return {
    files: writes.map((write) => write.file),
    playbooks: writes.filter((write) => write.kind === 'playbook').map((write) => write.id),
    templates: writes.filter((write) => write.kind === 'template').map((write) => write.id),
    scheme: saved?.id ?? null,
    warnings,
  };
}
