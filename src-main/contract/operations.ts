import { z } from 'zod';
import {
  addNoteInput,
  declareIncidentInput,
  incidentRef,
  listIncidentsInput,
  setCommanderInput,
  setSeverityInput,
  setStatusInput,
  type Incident,
  type IncidentDetail,
  type TimelineEntry,
  type VerifyResult,
} from './incident';
import { updateSettingsInput, type AppInfo, type SeverityScheme, type Settings } from './settings';

/** One operation: its input schema (validated once, at the boundary) and its result type. */
export interface OperationSpec<Input extends z.ZodType, Result> {
  input: Input;
  doc: string;
  /** Phantom field carrying the result type; never set at run time. */
  readonly result?: Result;
}

function operation<Result>() {
  return <Input extends z.ZodType>(input: Input, doc: string): OperationSpec<Input, Result> => ({ input, doc });
}

const noInput = z.object({}).strict();

/**
 * The API reference: every operation the console offers, over IPC, HTTP and the CLI alike.
 * Names are `<domain>.<verb>`; the preload exposes each as `window.firebreak.<domain>.<verb>()`.
 */
export const operations = {
  'app.info': operation<AppInfo>()(noInput, 'Version, data directory, device id and the actor recorded on new events.'),
  'incident.declare': operation<Incident>()(
    declareIncidentInput,
    'Declare an incident. Assigns an ID like INC-20261123-141502 and starts the response-time SLA of its severity (active scheme).',
  ),
  'incident.list': operation<{ incidents: Incident[] }>()(
    listIncidentsInput,
    'Incidents sorted by SLA urgency: overdue first, then least time left. `open` leaves out Resolved and Closed ones.',
  ),
  'incident.get': operation<IncidentDetail>()(incidentRef, 'One incident with its whole timeline, oldest event first.'),
  'incident.setSeverity': operation<Incident>()(
    setSeverityInput,
    'Change severity within the incident\'s scheme; the SLA is recomputed from the declaration time.',
  ),
  'incident.setStatus': operation<Incident>()(
    setStatusInput,
    'Move the incident forward: Active → Contained → Resolved → Closed. Leaving Active stops the response SLA.',
  ),
  'incident.setCommander': operation<Incident>()(setCommanderInput, 'Hand the incident to another commander.'),
  'incident.addNote': operation<TimelineEntry>()(addNoteInput, 'Append a note to the timeline.'),
  'incident.verify': operation<VerifyResult>()(
    incidentRef,
    'Walk the incident\'s hash chain and replay it against the stored state; names the first broken event.',
  ),
  'settings.get': operation<Settings>()(noInput, 'The responder name and the active severity scheme.'),
  'settings.update': operation<Settings>()(updateSettingsInput, 'Change the responder name or the active severity scheme.'),
  'severity.schemes': operation<{ schemes: SeverityScheme[]; activeSchemeId: string }>()(
    noInput,
    'The severity schemes shipped in resources/, and which one new incidents use.',
  ),
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export const operationNames = Object.keys(operations) as OperationName[];

export type OperationInput<Name extends OperationName> = z.input<Operations[Name]['input']>;
export type ParsedInput<Name extends OperationName> = z.output<Operations[Name]['input']>;
export type OperationResult<Name extends OperationName> =
  Operations[Name] extends OperationSpec<z.ZodType, infer Result> ? Result : never;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}
