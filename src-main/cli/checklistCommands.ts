import type { Command } from 'commander';
import type { Checklist, ChecklistStep, Incident, Playbook, PlaybookProblem, PlaybookSummary, Reminder } from '../contract';
import { fail } from '../contract/envelope';
import { registerRunbookImport } from './runbookImportCommand';
import { call, commandModules, invalid } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';

type Finish = (code: number) => void;

/** `contain`, `CONTAIN` → `Contain`: the contract checks the name itself. */
const phaseName = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();

const statusMarks: Record<ChecklistStep['status'], string> = { open: '[ ]', done: '[x]', skipped: '[-]', na: '[n/a]' };

export function formatChecklist(checklist: Checklist): string {
  const lines = [`${checklist.incidentId}: ${checklist.playbookTitle} — current phase ${checklist.currentPhase}`];
  for (const phase of checklist.phases) {
    if (phase.total === 0) continue;
    const settled = phase.total - phase.open;
    lines.push('', `${phase.phase === checklist.currentPhase ? '▶ ' : ''}${phase.phase} (${settled}/${phase.total}${phase.criticalOpen ? `, ${phase.criticalOpen} critical open` : ''})`);
    for (const step of checklist.steps.filter((candidate) => candidate.phase === phase.phase)) {
      lines.push(`  ${statusMarks[step.status].padEnd(5)} ${step.critical ? '!' : ' '} ${step.id}: ${step.text}${step.reason ? ` — ${step.reason}` : ''}`);
      if (step.filledCommand) lines.push(`          $ ${step.filledCommand}`);
    }
  }
  return lines.join('\n');
}

export function registerChecklistCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const incident = program.commands.find((command) => command.name() === 'incident')!;

  incident
    .command('checklist <id>')
    .description("the incident's checklist by phase (! marks critical steps)")
    .action((id: string) => {
      const envelope = call<Checklist>('checklist.get', { id });
      finish(report(mode(), envelope, formatChecklist));
    });

  incident
    .command('step <id> <stepId>')
    .description('tick, reopen, skip, mark not applicable or annotate one checklist step')
    .option('--done', 'mark the step done')
    .option('--reopen', 'mark the step open again')
    .option('--skip <reason>', 'skip the step, saying why')
    .option('--na [reason]', 'mark the step not applicable')
    .option('--note <text>', 'add a note to the step')
    .action((id: string, stepId: string, options: { done?: boolean; reopen?: boolean; skip?: string; na?: string | boolean; note?: string }) => {
      const chosen = [options.done && { change: 'done' }, options.reopen && { change: 'reopen' }, options.skip !== undefined && { change: 'skip', reason: options.skip }, options.na !== undefined && { change: 'na', reason: typeof options.na === 'string' ? options.na : '' }, options.note !== undefined && { change: 'note', text: options.note }].filter(Boolean);
      if (chosen.length !== 1) return finish(report(mode(), invalid('give exactly one of --done, --reopen, --skip REASON, --na [REASON], --note TEXT'), () => ''));
      const envelope = call<ChecklistStep>('checklist.change', { id, stepId, ...(chosen[0] as object) });
      finish(report(mode(), envelope, (step) => `${statusMarks[step.status]} ${step.id}: ${step.text}${step.notes.length ? ` (${step.notes.length} note${step.notes.length === 1 ? '' : 's'})` : ''}`));
    });

  incident
    .command('add-step <id> <text>')
    .description('add an ad-hoc step to the checklist')
    .requiredOption('--phase <phase>', 'Identify, Triage, Contain, Eradicate, Recover or Learn')
    .option('--command <command>', 'a command to copy')
    .option('--critical', 'mark the step critical')
    .action((id: string, text: string, options: { phase: string; command?: string; critical?: boolean }) => {
      const envelope = call<ChecklistStep>('checklist.addStep', { id, phase: phaseName(options.phase), text, command: options.command, critical: Boolean(options.critical) });
      finish(report(mode(), envelope, (step) => `Added ${step.id} to ${step.phase}: ${step.text}`));
    });

  incident
    .command('phase <id> [phase]')
    .description('move to the next phase, or to the phase named; with required steps of the phases left behind open, give --reason')
    .option('--reason <text>', 'why move on with required steps still open (recorded on the timeline)')
    .action((id: string, phase: string | undefined, options: { reason?: string }) => {
      const to = phase ? phaseName(phase) : undefined;
      finish(report(mode(), call<Incident>('incident.advancePhase', { id, to, reason: options.reason }), (value) => `${value.id} is now in ${value.currentPhase}`));
    });

  incident
    .command('ack <id>')
    .description('acknowledge the incident: the response SLA stops')
    .action((id: string) => {
      finish(report(mode(), call<Incident>('incident.acknowledge', { id }), (value) => `${value.id} acknowledged at ${value.acknowledgedAt}; response SLA ${value.sla.state}`));
    });

  incident
    .command('reminders [id]')
    .description('escalation reminders that came due and are not acknowledged yet')
    .option('--all', 'include acknowledged ones')
    .option('--ack <key>', 'acknowledge the reminder with this key (needs the incident id)')
    .action((id: string | undefined, options: { all?: boolean; ack?: string }) => {
      if (options.ack) {
        if (!id) return finish(report(mode(), invalid('--ack needs the incident id'), () => ''));
        return finish(report(mode(), call<Reminder>('reminders.acknowledge', { id, key: options.ack }), (value) => `Acknowledged: ${value.notify} (${value.incidentId})`));
      }
      const envelope = call<{ reminders: Reminder[] }>('reminders.list', { scope: options.all ? 'all' : 'pending', id });
      finish(
        report(mode(), envelope, ({ reminders }) =>
          reminders.length === 0
            ? 'No pending escalation reminders.'
            : table(
                ['INCIDENT', 'KEY', 'NOTIFY', 'WHO', 'DUE'],
                reminders.map((reminder) => [reminder.incidentId, reminder.key, reminder.notify, reminder.recipients.map((r) => r.name).join(', ') || '-', reminder.dueAt]),
              ),
        ),
      );
    });

  const playbook = program.command('playbook').description('scenario playbooks');
  registerRunbookImport(playbook, mode, finish);
  playbook
    .command('list')
    .description('shipped playbooks and your own (from the data dir)')
    .action(() => {
      const envelope = call<{ playbooks: PlaybookSummary[]; problems: PlaybookProblem[] }>('playbook.list', {});
      if (envelope.ok && !mode().json) {
        for (const problem of envelope.value.problems) process.stderr.write(`firebreak: skipped ${commandModules().playbooks.describeProblem(problem)}\n`);
      }
      finish(report(mode(), envelope, ({ playbooks }) => table(['ID', 'STEPS', 'ORIGIN', 'TITLE'], playbooks.map((p) => [p.id, String(p.steps), p.origin, p.title]))));
    });

  playbook
    .command('show <id>')
    .description('one playbook with its steps')
    .action((id: string) => {
      const envelope = call<Playbook>('playbook.get', { id });
      finish(
        report(mode(), envelope, (value) =>
          [`${value.title} (${value.id}, ${value.origin})`, value.description, '', ...value.steps.map((step) => `  ${step.phase.padEnd(9)} ${step.critical ? '!' : ' '} ${step.id}: ${step.text}`)].join('\n'),
        ),
      );
    });

  playbook
    .command('validate <file>')
    .description('check a playbook file; exits 1 and names the line when it is invalid, 2 when it cannot be read')
    .action((file: string) => {
      const { describeProblem, readPlaybookFile, summarize } = commandModules().playbooks;
      const result = readPlaybookFile(file);
      if ('problem' in result && result.unreadable) {
        return finish(report(mode(), fail('io-error', `cannot check ${describeProblem(result.problem)}`), () => ''));
      }
      const value = 'problem' in result ? { valid: false, problem: result.problem } : { valid: true, playbook: summarize({ ...result.playbook, origin: 'user', file }) };
      finish(
        report(
          mode(),
          { ok: true, value },
          (checked) => (checked.valid ? `${file}: valid (${checked.playbook!.steps} steps in ${checked.playbook!.phases.join(', ')})` : describeProblem(checked.problem!)),
          (checked) => !checked.valid,
        ),
      );
    });
}
