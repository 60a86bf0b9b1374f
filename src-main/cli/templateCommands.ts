import type { Command } from 'commander';
import type { RenderedTemplate, SentCommunication, TemplateProblem, TemplateSummary } from '../contract';
import { call, invalid } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';

type Finish = (code: number) => void;
const maxBodyBytes = 200 * 1024;

const problemLine = (problem: TemplateProblem) => `  ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`;

function formatList({ templates, problems }: { templates: TemplateSummary[]; problems: TemplateProblem[] }): string {
  const rows = templates.map((template) => [template.id, template.audience, template.source, template.cadenceMinutes ? `${template.cadenceMinutes.join('/')} min` : '—', template.title]);
  const lines = [table(['ID', 'AUDIENCE', 'SOURCE', 'NEXT UPDATE', 'TITLE'], rows)];
  if (problems.length) lines.push('', `${problems.length} template file(s) could not be used:`, ...problems.map(problemLine));
  return lines.join('\n');
}

function formatRendered(value: RenderedTemplate): string {
  const lines = value.subject === null ? [] : [`Subject: ${value.subject}`, ''];
  lines.push(value.body.replace(/\n$/, ''));
  // On stderr: stdout stays the message alone, ready to paste or pipe into `comms sent`.
  if (value.missing.length) process.stderr.write(`To fill in: ${value.missing.join(', ')}\n`);
  return lines.join('\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new Error(`the message on stdin is larger than ${maxBodyBytes / 1024} KiB`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function registerTemplateCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const template = program.command('template').description('communication templates filled from the incident');

  template
    .command('list')
    .description('the templates (shipped, and yours from the data dir\'s templates/ folder) and any that could not be used')
    .action(() => {
      finish(report(mode(), call<{ templates: TemplateSummary[]; problems: TemplateProblem[] }>('template.list', {}), formatList));
    });

  template
    .command('render <template>')
    .description('fill a template from the incident; fields it does not know stay marked [fill in: …]')
    .requiredOption('--incident <id>', 'the incident to fill it from')
    .action((templateId: string, options: { incident: string }) => {
      finish(report(mode(), call<RenderedTemplate>('template.render', { templateId, incidentId: options.incident }), formatRendered));
    });

  const comms = program.command('comms').description('messages sent during an incident');
  comms
    .command('sent <id> <template>')
    .description('record a message as sent (its text from stdin; from a terminal, the template as filled now) and set the next-update reminder')
    .option('--channel <where>', 'where it went: "#incident-42", "status page", an address')
    .option('--subject <subject>', 'the subject line it went with')
    .action(async (id: string, templateId: string, options: { channel?: string; subject?: string }) => {
      let body: string;
      let subject = options.subject;
      if (process.stdin.isTTY) {
        const rendered = call<RenderedTemplate>('template.render', { templateId, incidentId: id });
        if (!rendered.ok) {
          finish(report(mode(), rendered, () => ''));
          return;
        }
        body = rendered.value.body;
        subject ??= rendered.value.subject ?? undefined;
      } else {
        try {
          body = await readStdin();
        } catch (error) {
          finish(report(mode(), invalid((error as Error).message), () => ''));
          return;
        }
      }
      const sent = call<SentCommunication>('comms.markSent', { incidentId: id, templateId, body, subject, channel: options.channel });
      finish(report(mode(), sent, (value) => `${value.title} recorded as sent${value.channel ? ` (${value.channel})` : ''} on ${value.incidentId}${value.nextUpdateAt ? `; next update due ${value.nextUpdateAt.slice(0, 16).replace('T', ' ')} UTC` : ''}`));
    });
}
