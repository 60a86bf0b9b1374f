import type { Command } from 'commander';
import type { RunbookImport, SavedRunbook } from '../contract';
import { callLong } from './context';
import { report, type OutputMode } from './output';

type Finish = (code: number) => void;

function formatPreview(value: RunbookImport): string {
  const lines: string[] = [`Runbook ${value.source}`];
  lines.push(
    value.severities.length
      ? `Severity scheme: ${value.severities.map((s) => `${s.level}${s.label && s.label !== s.level ? ` ${s.label}` : ''} (${s.responseMinutes === null ? 'no response time' : `${s.responseMinutes} min`})`).join(', ')}`
      : 'Severity scheme: none found',
  );
  lines.push(`Playbooks: ${value.playbooks.length}`);
  for (const playbook of value.playbooks) {
    const steps = playbook.sections.reduce((sum, section) => sum + section.steps.length, 0);
    lines.push(`  ${playbook.id}: ${playbook.title} — ${playbook.sections.length} section(s), ${steps} step(s)`);
    for (const section of playbook.sections) lines.push(`    ${(section.phase ?? '(no phase)').padEnd(10)} ${section.heading} (${section.steps.length}, line ${section.line})`);
  }
  lines.push(`Templates: ${value.templates.length ? value.templates.map((t) => t.id).join(', ') : 'none'}`);
  if (value.escalation.length) lines.push(`Escalation rows: ${value.escalation.length}`);
  if (value.contacts.length) lines.push(`Contacts: ${value.contacts.length}`);
  if (value.warnings.length) lines.push(`Warnings (${value.warnings.length}):`, ...value.warnings.map((w) => `  ${w.line === null ? '' : `line ${w.line}: `}${w.message}`));
  return lines.join('\n');
}

const formatSaved = (value: SavedRunbook) => ['Written:', ...value.files.map((file) => `  ${file}`), ...value.warnings].join('\n');

export function registerRunbookImport(playbook: Command, mode: () => OutputMode, finish: Finish): void {
  playbook
    .command('import <file>')
    .description('read a Markdown incident-response runbook: severity scheme, playbooks, templates; --save writes them to the data dir')
    .option('--save', 'write the playbooks and templates to the data dir (every section must map to a phase)')
    .option('--replace', 'with --save: overwrite playbooks or templates of the same id')
    .action(async (file: string, options: { save?: boolean; replace?: boolean }) => {
      const preview = await callLong<RunbookImport>('playbook.importPreview', { file });
      if (!preview.ok || !options.save) {
        finish(report(mode(), preview, formatPreview));
        return;
      }
      const saved = await callLong<SavedRunbook>('playbook.importSave', { runbook: preview.value, replace: options.replace ?? false });
      finish(report(mode(), saved, (value) => `${formatPreview(preview.value)}\n\n${formatSaved(value)}`));
    });
}
