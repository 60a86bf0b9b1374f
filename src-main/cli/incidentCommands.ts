import type { Command } from 'commander';
import type { Impact, Incident, IncidentDetail, MemberAdded, TimelineEntry, VerifyResult } from '../contract';
import { incidentStatuses } from '../contract/choices';
import { registerBundleCommands } from './bundleCommands';
import { call, invalid } from './context';
import { formatIncidentDetail, formatVerify } from './formatIncident';
import { listIncidentsCommand, type ListOptions } from './incidentList';
import { report, type OutputMode } from './output';

type Finish = (code: number) => void;

const impactLetters: Record<string, keyof Impact> = {
  c: 'confidentiality', confidentiality: 'confidentiality',
  i: 'integrity', integrity: 'integrity',
  a: 'availability', availability: 'availability',
};

/** `C,I,A`, `ci`, `confidentiality,availability` → Impact; null when a part is not recognised. */
export function parseImpact(value: string): Impact | null {
  const impact: Impact = { confidentiality: false, integrity: false, availability: false };
  const parts = value.includes(',') ? value.split(',') : value.split('');
  for (const part of parts.map((p) => p.trim().toLowerCase()).filter(Boolean)) {
    const key = impactLetters[part];
    if (!key) return null;
    impact[key] = true;
  }
  return impact;
}

function normaliseStatus(value: string): string {
  return incidentStatuses.find((status) => status.toLowerCase() === value.toLowerCase()) ?? value;
}

export function registerIncidentCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const incident = program.command('incident').description('declare, inspect and update incidents');

  incident
    .command('declare')
    .description('declare an incident; prints its ID')
    .requiredOption('--title <title>', 'what is happening, in one line')
    .requiredOption('--severity <level>', 'a level of the active scheme, e.g. P1')
    .option('--scenario <scenario>', 'the scenario, e.g. secret-leaked')
    .option('--impact <C,I,A>', 'impact letters: Confidentiality, Integrity, Availability')
    .option('--commander <name>', 'incident commander (default: you)')
    .option('--source <source>', 'how it was detected')
    .option('--description <text>', 'longer description')
    .action((options: { title: string; severity: string; scenario?: string; impact?: string; commander?: string; source?: string; description?: string }) => {
      const impact = options.impact === undefined ? undefined : parseImpact(options.impact);
      if (impact === null) return finish(report(mode(), invalid(`--impact '${options.impact}' is not a list of C, I and A`), () => ''));
      const envelope = call<Incident>('incident.declare', {
        title: options.title,
        severity: options.severity,
        scenario: options.scenario,
        impact,
        commander: options.commander,
        detectionSource: options.source,
        description: options.description,
      });
      finish(report(mode(), envelope, (value) => `Declared ${value.id} (${value.severity} ${value.severityLabel}); respond by ${value.sla.dueAt}`));
    });

  incident
    .command('list')
    .description('open incidents, most urgent first; every one is printed as it is read (memory stays flat), or one page with --limit')
    .option('--all', 'include resolved and closed incidents')
    .option('--limit <n>', 'print one page of at most n incidents (1-1000) and the cursor of the next')
    .option('--cursor <cursor>', 'start after the page that printed this cursor')
    .action(async (options: ListOptions) => {
      finish(await listIncidentsCommand(options, mode()));
    });

  incident
    .command('show <id>')
    .description('one incident with its timeline')
    .action((id: string) => {
      finish(report(mode(), call<IncidentDetail>('incident.get', { id }), (value) => formatIncidentDetail(value, new Date())));
    });

  incident
    .command('note <id> <text>')
    .description('add a note to the timeline')
    .action((id: string, text: string) => {
      finish(report(mode(), call<TimelineEntry>('incident.addNote', { id, text }), (value) => `Note #${value.seq} added to ${id}`));
    });

  incident
    .command('status <id> <status>')
    .description(`move the incident forward (${incidentStatuses.join(' → ')}), or back with --reason when a status was set by mistake`)
    .option('--note <text>', 'what happened')
    .option('--reason <text>', 'why an earlier status is set again (required to move back)')
    .action((id: string, status: string, options: { note?: string; reason?: string }) => {
      const envelope = call<Incident>('incident.setStatus', { id, status: normaliseStatus(status), note: options.note, reason: options.reason });
      finish(report(mode(), envelope, (value) => `${value.id} is now ${value.status}`));
    });

  incident
    .command('severity <id> <level>')
    .description('change severity; the SLA is recomputed')
    .option('--reason <text>', 'why')
    .action((id: string, level: string, options: { reason?: string }) => {
      const envelope = call<Incident>('incident.setSeverity', { id, severity: level, reason: options.reason });
      finish(report(mode(), envelope, (value) => `${value.id} is now ${value.severity} ${value.severityLabel}; respond by ${value.sla.dueAt}`));
    });

  incident
    .command('commander <id> <name>')
    .description('hand the incident to another commander')
    .action((id: string, name: string) => {
      finish(report(mode(), call<Incident>('incident.setCommander', { id, commander: name }), (value) => `${value.id} is now commanded by ${value.commander}`));
    });

  incident
    .command('verify <id>')
    .description('check the signed event history, its witnesses and the stored records: prints the verdict (ok, incomplete or tampered), heads, missing and unsigned events; exits 0 ok, 1 tampered or incomplete, 2 bad input')
    .option('--seal <hash>', 'also check the seal printed in an exported report: the history it names must still be here')
    .action((id: string, options: { seal?: string }) => {
      finish(report(mode(), call<VerifyResult>('incident.verify', { id, seal: options.seal }), formatVerify, (value) => !value.intact || value.verdict !== 'ok'));
    });

  incident
    .command('member')
    .description("who may write to a shared incident: device keys admitted by a signed event")
    .command('add <id> <key>')
    .description("admit another laptop's device key (the one its `firebreak vault status` prints) to the incident")
    .requiredOption('--name <name>', 'the responder who uses that laptop')
    // A device key is base64url: one in 64 begins with '-', and must still be read as the key, not an option.
    .allowUnknownOption()
    .action((id: string, key: string, options: { name: string }) => {
      finish(report(mode(), call<MemberAdded>('incident.addMember', { id, actorKey: key, name: options.name }), (value) => `${value.name} (${value.actorKey}) may now write to ${value.incidentId}: export the incident and hand them the bundle`));
    });

  registerBundleCommands(incident, mode, finish);
}
