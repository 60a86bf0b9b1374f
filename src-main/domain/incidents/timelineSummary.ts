import { roleLabels, type IncidentRole } from '../../contract';
import { eventTypes } from './incidentState';
import { describeCustody } from '../evidence/custodyWords';
import { summarizeRotationEvent } from '../rotation/rotationSummary';
import { summarizeActionEvent } from '../actions/actionItems';
import { summarizeDrillEvent } from '../drills/drillSummary';
import { summarizeInvestigationEvent } from '../investigation/investigationSummary';

const supplyCheckLabels: Record<string, string> = { deps: 'Dependency audit', lockdiff: 'Lockfile drift', integrity: 'Integrity check', 'sbom-diff': 'SBOM diff' };

const stepVerbs: Record<string, string> = { done: '✓ Done', open: 'Reopened', skipped: 'Skipped', na: 'Not applicable' };

const withReason = (line: string, reason: unknown) => (typeof reason === 'string' && reason ? `${line}: ${reason}` : line);
const count = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-US') : String(value));
const texts = (...values: unknown[]) => values.filter((value): value is string => typeof value === 'string' && value !== '').join(' · ');

/** One readable line per event, for the timeline in the UI, the CLI and exports. */
export function summarizeEvent(type: string, payload: Record<string, unknown>): string {
  switch (type) {
    case eventTypes.declared:
      return `Declared ${String(payload.severity)} — ${String(payload.title)}`;
    case eventTypes.severityChanged:
      return withReason(`Severity ${String(payload.from)} → ${String(payload.to)}`, payload.reason);
    case eventTypes.statusChanged:
      // A move back is said as one, with its reason first: the record changed its mind, and why.
      if (payload.reversal === true) return withReason(`Status moved back ${String(payload.from)} → ${String(payload.to)}`, texts(payload.reason, payload.note));
      return withReason(`Status ${String(payload.from)} → ${String(payload.to)}`, texts(payload.note, payload.reason));
    case eventTypes.commanderChanged:
      return `Commander ${String(payload.from) || '(none)'} → ${String(payload.to)}`;
    case eventTypes.variablesSet: {
      const values = typeof payload.values === 'object' && payload.values !== null ? Object.entries(payload.values as Record<string, unknown>) : [];
      return `Command values: ${values.map(([name, value]) => (value === '' ? `{${name}} cleared` : `{${name}} = ${String(value)}`)).join(', ') || 'none'}`;
    }
    case eventTypes.roleChanged: {
      const role = roleLabels[payload.role as IncidentRole] ?? String(payload.role);
      const line = payload.name ? `${role}: ${String(payload.from) || '(none)'} → ${String(payload.name)}` : `${role}: ${String(payload.from) || '(none)'} stepped down, nobody holds it`;
      return withReason(line, payload.reason);
    }
    case eventTypes.stepAssigned:
      return payload.assignee ? `Step “${String(payload.step)}” assigned to ${String(payload.assignee)}` : `Step “${String(payload.step)}” unassigned (was ${String(payload.from) || 'nobody'})`;
    case eventTypes.noteAdded:
      return String(payload.text);
    case eventTypes.slaBreached:
      // The entry's own time is shown beside it, in the responder's zone; no raw UTC stamp here.
      return `Response SLA breached: no response within the ${String(payload.severity)} deadline`;
    case eventTypes.acknowledged:
      return 'Acknowledged: the response SLA stops';
    case eventTypes.phaseAdvanced: {
      // Past a gate: which required steps were left open, and why (older events carry neither).
      const open = Array.isArray(payload.openRequired) ? payload.openRequired.map((step) => String((step as { text?: unknown } | null)?.text ?? step)) : [];
      const gate = open.length ? ` with ${open.length} required step${open.length === 1 ? '' : 's'} open: ${open.join('; ')}` : '';
      const reason = typeof payload.reason === 'string' && payload.reason ? `. Reason: ${payload.reason}` : '';
      return `Phase ${String(payload.from)} → ${String(payload.to)}${gate}${reason}`;
    }
    case eventTypes.checklistSnapshotted:
      return `${payload.reason === 'scenario-changed' ? 'Scenario changed: checklist' : 'Checklist'} from playbook “${String(payload.playbookTitle)}” (${Array.isArray(payload.steps) ? payload.steps.length : 0} steps)`;
    case eventTypes.stepChanged:
      return withReason(`${stepVerbs[String(payload.to)] ?? String(payload.to)}: ${String(payload.step)}`, payload.reason);
    case eventTypes.stepNoted:
      return `Note on “${String(payload.step)}”: ${String(payload.text)}`;
    case eventTypes.stepAdded:
      return `Step added: ${String((payload.step as { text?: unknown } | undefined)?.text)}`;
    case eventTypes.escalationDue: {
      const who = Array.isArray(payload.recipients) && payload.recipients.length ? ` (${payload.recipients.join(', ')})` : '';
      return `Escalation due: notify ${String(payload.notify)}${who}`;
    }
    case eventTypes.evidenceCustody:
      return `Evidence ${String(payload.evidenceId)} ${describeCustody(String(payload.action), String(payload.detail ?? ''))}`;
    case eventTypes.quarantined:
      return `Quarantined ${String(payload.originalPath)} as ${String(payload.id)} (sha256 ${String(payload.sha256).slice(0, 16)}…)`;
    case eventTypes.released:
      return `Released ${String(payload.id)} back to ${String(payload.originalPath)}`;
    case eventTypes.scanCompleted:
      return `Secret scan of ${String(payload.root)}${payload.history ? ' (with git history)' : ''}: ${String(payload.findings)} finding(s) in ${String(payload.files)} files${payload.commits ? ` and ${String(payload.commits)} commits` : ''}`;
    case eventTypes.logsScanned: {
      const categories = Array.isArray(payload.categories) && payload.categories.length ? ` (${payload.categories.join(', ')})` : '';
      return `Log scan ${String(payload.scanId)} of ${count(payload.files)} file(s), ${count(payload.lines)} lines: ${count(payload.findings)} finding(s)${categories}, ${count(payload.aggregates)} pattern(s) across lines`;
    }
    case eventTypes.logsPromoted:
      return `${String(payload.summary)}${payload.note ? `. Note: ${String(payload.note)}` : ''}`;
    case eventTypes.supplyChecked:
      return `${supplyCheckLabels[String(payload.kind)] ?? 'Supply-chain check'} ${String(payload.checkId)}: ${String(payload.summary)}`;
    case eventTypes.findingMarked:
      return `Finding ${String(payload.rule)} in ${String(payload.file)}:${String(payload.line)} (${String(payload.redacted)}, fingerprint ${String(payload.fingerprint)}) marked ${payload.status === 'rotation' ? `for rotation${payload.rotationItem ? ` as ${String(payload.rotationItem)}${payload.rotationItemCreated === false ? ' (already tracked)' : ''}` : ''}` : 'false positive'}${payload.note ? `: ${String(payload.note)}` : ''}`;
    case eventTypes.escalationAcknowledged:
      return `Escalation acknowledged: ${String(payload.notify)}`;
    case eventTypes.commsSent:
      return `${String(payload.title)} sent${payload.channel ? ` (${String(payload.channel)})` : ''}${typeof payload.nextUpdateAt === 'string' ? `: next update due ${payload.nextUpdateAt.slice(11, 16)} UTC` : ''}`;
    case 'member.added':
      return `Responder added: ${String(payload.name)}'s laptop (device key ${String(payload.actorKey).slice(0, 12)}…) may write to this incident`;
    default:
      return summarizeRotationEvent(type, payload) ?? summarizeActionEvent(type, payload) ?? summarizeDrillEvent(type, payload) ?? summarizeInvestigationEvent(type, payload) ?? type;
  }
}
