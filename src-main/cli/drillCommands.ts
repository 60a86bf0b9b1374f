import type { Command } from 'commander';
import type { DrillHistory, DrillList, DrillReport, DrillRun, DrillStarted } from '../contract';
import { call, callLong, invalid } from './context';
import { formatClock, formatDrillList, formatHistory, formatRun, formatScore } from './drillFormat';
import { report, type OutputMode } from './output';

type Finish = (code: number) => void;

const clockActions = ['start', 'pause', 'resume', 'speed'];
const injectActions = ['fire', 'skip'];

/**
 * `firebreak drill …`: tabletop drills from a terminal. No watcher runs in a CLI process, so every
 * drill operation first delivers the injects that came due since the last command (the service
 * does it, as the console's watcher would have).
 */
export function registerDrillCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const drill = program.command('drill').description('tabletop drills: scenarios with timed injects on a drill incident, scored');

  drill
    .command('list')
    .description('the drill scenarios (shipped and in the data dir), and scenario files that failed validation')
    .action(() => finish(report(mode(), call<DrillList>('drill.list', {}), formatDrillList)));

  drill
    .command('start <drillId>')
    .description("start a drill: declares a drill incident following the scenario's playbook; prints its ID")
    .option('--commander <name>', 'who runs the drill (default: you)')
    .action((drillId: string, options: { commander?: string }) => {
      const envelope = call<DrillStarted>('drill.start', { drillId, commander: options.commander });
      finish(
        report(mode(), envelope, ({ id, run }) =>
          [`Started ${id}: ${run.title} (DRILL, ${run.severity}); the clock is ready`, '', `Situation: ${run.situation}`, '', `Start the clock: firebreak drill clock ${id} start`].join('\n'),
        ),
      );
    });

  drill
    .command('show <id>')
    .description('the drill as participants see it (arrived injects), or everything with --facilitator')
    .option('--facilitator', 'every inject, what comes next, expected actions, notes and the score so far')
    .action((id: string, options: { facilitator?: boolean }) => {
      finish(report(mode(), call<DrillRun>('drill.get', { id, view: options.facilitator ? 'facilitator' : 'participant' }), (run) => formatRun(run)));
    });

  drill
    .command('clock <id> <action> [speed]')
    .description('start, pause, resume, or speed N (1 to 60 drill minutes per minute) the drill clock')
    .action((id: string, action: string, speed: string | undefined) => {
      if (!clockActions.includes(action)) return finish(report(mode(), invalid(`the clock action must be one of ${clockActions.join(', ')}, not '${action}'`), () => ''));
      if (action !== 'speed' && speed !== undefined) return finish(report(mode(), invalid(`'${action}' takes no value: only speed does (drill clock ${id} speed 10)`), () => ''));
      const value = speed === undefined ? undefined : Number(speed);
      if (action === 'speed' && (value === undefined || !Number.isFinite(value))) return finish(report(mode(), invalid('give the speed as a number from 1 to 60: drill clock ID speed 10'), () => ''));
      const envelope = call<DrillRun>('drill.clock', { id, action, speed: value });
      finish(report(mode(), envelope, (run) => `${run.incidentId} clock: ${formatClock(run.clock)}${run.nextInject ? `\nNext inject: ${run.nextInject.id} (${run.nextInject.title})` : ''}`));
    });

  drill
    .command('inject <id> <action> <injectId>')
    .description('fire a pending inject now, or skip it')
    .action((id: string, action: string, injectId: string) => {
      if (!injectActions.includes(action)) return finish(report(mode(), invalid(`the inject action must be fire or skip, not '${action}'`), () => ''));
      const envelope = call<DrillRun>('drill.inject', { id, injectId, action });
      finish(
        report(mode(), envelope, (run) => {
          const inject = run.injects.find((candidate) => candidate.id === injectId);
          return `${inject?.status === 'skipped' ? 'Skipped' : 'Fired'} ${injectId} at minute ${inject?.atMinute ?? '?'}: ${inject?.title ?? ''}`;
        }),
      );
    });

  drill
    .command('answer <id> <questionId> <text>')
    .description("record the team's answer to a discussion question (a later answer replaces it)")
    .action((id: string, questionId: string, text: string) => {
      const envelope = call<DrillRun>('drill.answer', { id, questionId, answer: text });
      finish(report(mode(), envelope, (run) => `Answer to ${questionId} recorded for ${run.incidentId}`));
    });

  drill
    .command('finish <id>')
    .description('stop the clock, score the drill and close the drill incident')
    .action((id: string) => {
      const envelope = call<DrillRun>('drill.finish', { id });
      finish(report(mode(), envelope, (run) => [`${run.incidentId} finished and closed.`, '', formatScore(run.finished!.score, 'Score'), '', `The report: firebreak drill report ${run.incidentId}`].join('\n')));
    });

  drill
    .command('report <id>')
    .description('the drill report in Markdown: on stdout, or written to a file with -o')
    .option('-o, --output <path>', 'a file to write, or a folder to write INC-…-drill-report.md into')
    .action(async (id: string, options: { output?: string }) => {
      const envelope = await callLong<DrillReport>('drill.report', { id, output: options.output });
      // Markdown alone on stdout, so it can be piped; the envelope carries it in JSON mode.
      finish(report(mode(), envelope, (value) => (value.path ? `Wrote the drill report of ${value.incidentId} to ${value.path}` : value.markdown.replace(/\n$/, ''))));
    });

  drill
    .command('history')
    .description('finished drills and their scores, oldest first')
    .option('--drill <drillId>', 'only the runs of this scenario')
    .action((options: { drill?: string }) => finish(report(mode(), call<DrillHistory>('drill.history', { drillId: options.drill }), formatHistory)));
}
