import type { Command } from 'commander';
import type { ExportedReport, RenderedReport, ReportKind } from '../contract';
import { reportKinds } from '../contract/choices';
import { call, callLong, invalid } from './context';
import { report, type OutputMode } from './output';

type Finish = (code: number) => void;

export function registerReportCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  program
    .command('report <id>')
    .description('the incident report or postmortem in Markdown: on stdout, or written to a file with -o')
    .option('--kind <kind>', `${reportKinds.join(' or ')}`, 'incident')
    .option('-o, --output <path>', 'a file to write, or a folder to write INC-…-report.md into')
    .action(async (id: string, options: { kind: string; output?: string }) => {
      if (!(reportKinds as readonly string[]).includes(options.kind)) {
        finish(report(mode(), invalid(`--kind must be one of ${reportKinds.join(', ')}`), () => ''));
        return;
      }
      const kind = options.kind as ReportKind;
      if (options.output === undefined) {
        // Markdown alone on stdout, so it can be piped; the envelope carries it in JSON mode.
        finish(report(mode(), call<RenderedReport>('report.render', { id, kind }), ({ markdown }) => markdown.replace(/\n$/, '')));
        return;
      }
      const written = await callLong<ExportedReport>('report.export', { id, kind, destination: options.output });
      finish(report(mode(), written, (value) => `Wrote the ${value.kind === 'postmortem' ? 'postmortem' : 'incident report'} of ${value.incidentId} to ${value.path} (${value.bytes} bytes, sha256 ${value.sha256})`));
    });
}
