import { z } from 'zod';
import {
  addMemberInput,
  addNoteInput,
  declareIncidentInput,
  incidentRef,
  setCommanderInput,
  setSeverityInput,
  setStatusInput,
  verifyIncidentInput,
  type Incident,
  type IncidentDetail,
  type MemberAdded,
  type TimelineEntry,
  type VerifyResult,
} from './incidents/incident';
import { getIncidentInput, listIncidentsInput, timelineInput, type IncidentPage, type TimelinePage } from './incidents/paging';
import { updateSettingsInput, type AppInfo, type SeverityScheme, type Settings } from './settings';
import {
  contactRef,
  listRemindersInput,
  reminderRef,
  saveContactInput,
  severityAnswersInput,
  type Contact,
  type Reminder,
  type SeverityAssessment,
} from './escalations/escalation';
import {
  addCustodyInput,
  collectEvidenceInput,
  exportEvidenceInput,
  jobRef,
  listEvidenceInput,
  quarantineAddInput,
  quarantineListInput,
  quarantineRef,
  verifyEvidenceInput,
  exportEvidenceKeyInput,
  preflightEvidenceInput,
  evidenceContentsInput,
  type EvidencePage,
  type EvidenceContents,
  type EvidencePreflight,
  type CollectedEvidence,
  type EvidenceItem,
  type EvidenceVerifyResult,
  type QuarantinedFile,
} from './evidence/evidence';
import { liveCollectInput, liveProfilesInput, type LiveCollectedEvidence, type LiveProfiles } from './evidence/live';
import { verifyAllInput, type VerifyAllResult } from './incidents/verify';
import { setVariablesInput, type IncidentVariables } from './incidents/variables';
import {
  exportReportInput,
  markSentInput,
  renderReportInput,
  renderTemplateInput,
  type ExportedReport,
  type RenderedReport,
  type RenderedTemplate,
  type SentCommunication,
  type TemplateProblem,
  type TemplateSummary,
} from './comms/comms';
import { addActionInput, listActionsInput, updateActionInput, type ActionItem } from './actions/actions';
import { previewRunbookInput, saveRunbookInput, type RunbookImport, type SavedRunbook } from './runbooks/runbookImport';
import { exportBundleInput, importBundleInput, type ExportedBundle, type ImportedBundle } from './bundle/bundle';
import { hubJoinInput, hubSyncInput, incidentPresenceInput, type HubStatus, type IncidentPresence, type SyncResult } from './hub/hub';
import { textCheckInput, type TextCheckResult } from './redaction/redaction';
import { assignStepInput, setRoleInput, type IncidentRoles } from './incidents/roles';
import { draftsRef, saveDraftsInput, type IncidentDrafts } from './drafts/drafts';
import { vaultCopyInput, vaultRef, vaultSetInput, vaultUnlockInput, type VaultCopyResult, type VaultEntry, type VaultStatus } from './vault/vault';
import { rotationAddInput, rotationCheckInput, rotationListInput, rotationMarkInput, type RotationAddResult, type RotationItem } from './rotation/rotation';
import { drillOperations } from './drills/drillOperations';
import { investigationOperations, longRunningInvestigationOperations } from './investigation/investigationOperations';
import { longRunningSupplyOperations, supplyOperations } from './supply/supplyOperations';
import { operation, type OperationSpec } from './operationSpec';
import { listLogScansInput, promoteLogInput, scanLogsInput, type LogPromoted, type LogScanOutcome, type LogScanPage } from './logs/logs';
import { listScansInput, markFindingInput, markFingerprintInput, scanKindsInput, scanSecretsInput, type MarkFingerprintResult, type ScanKind, type ScanList, type ScanOutcome, type StoredFinding } from './scans/scan';
import {
  addStepInput,
  advancePhaseInput,
  playbookRef,
  setScenarioInput,
  stepChangeInput,
  type Checklist,
  type ChecklistStep,
  type Playbook,
  type PlaybookProblem,
  type PlaybookSummary,
} from './playbooks/playbook';


const noInput = z.strictObject({});

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
  'incident.list': operation<IncidentPage>()(
    listIncidentsInput,
    'Incidents by urgency: those whose response SLA is running or overdue first, by due time; then by severity, newest declared first; ties by id. `open` leaves out Resolved and Closed ones; `text` (id or title, any case), `status`, `severity` and `declaredFrom`/`declaredTo` (inclusive from, exclusive to) narrow it, and `total` counts every match. With `limit`, one page: pass `nextCursor` back as `cursor` for the next (null on the last page); incidents declared while paging never make a row appear twice or go missing.',
  ),
  'incident.get': operation<IncidentDetail>()(
    getIncidentInput,
    'One incident with its timeline, oldest event first: all of it, or only the newest `timelineLimit` entries, with `timelineTotal`, a `timelineCursor` to page back through `incident.timeline` and a `timelineNewerCursor` to ask it for what is added later.',
  ),
  'incident.timeline': operation<TimelinePage>()(
    timelineInput,
    'A page of an incident\'s timeline, oldest first: the newest `limit` entries (default 200), those just older than `before`, or the first `limit` this laptop stored after `after` (what was added since `newerCursor` was read, merged entries from other laptops included, each placed by its `position`).',
  ),
  'incident.setSeverity': operation<Incident>()(
    setSeverityInput,
    'Change severity within the incident\'s scheme; the SLA is recomputed from the declaration time.',
  ),
  'incident.setStatus': operation<Incident>()(
    setStatusInput,
    'Move the incident forward (Active → Contained → Resolved → Closed; a status may be skipped), or back to an earlier status with a `reason` when one was set by mistake (recorded as a reversal). Only acknowledging stops the response SLA.',
  ),
  'incident.setCommander': operation<Incident>()(setCommanderInput, 'Hand the incident to another commander.'),
  'incident.addNote': operation<TimelineEntry>()(addNoteInput, 'Append a note to the timeline.'),
  'incident.setRole': operation<IncidentRoles>()(
    setRoleInput,
    'Give a role (scribe, communications lead, operations lead) to a responder, or leave it unheld with an empty name; recorded on the timeline with the reason. Returns who holds each role now.',
  ),
  'incident.verify': operation<VerifyResult>()(
    verifyIncidentInput,
    'Walk the incident\'s hash chain, then replay it against the incident row and its checklist, notes, scans, findings, evidence, custody, quarantine, reminder and rotation rows; names the first broken event and every row that differs, and reports events whose incident row is gone.',
  ),
  'verify.all': operation<VerifyAllResult>()(
    verifyAllInput,
    'Verify every incident and every orphan (events or rows whose incident row is gone): each chain, then its incident, checklist, notes, scans, findings, evidence, custody, quarantine, reminder and rotation rows replayed against its events.',
  ),
  'incident.acknowledge': operation<Incident>()(incidentRef, 'Acknowledge the incident: someone is on it. The response-time SLA stops.'),
  'incident.setScenario': operation<Incident>()(
    setScenarioInput,
    'Switch to another scenario: the checklist is replaced by a fresh snapshot of that playbook (the old one stays on the timeline).',
  ),
  'incident.advancePhase': operation<Incident>()(
    advancePhaseInput,
    'Move to the next phase (Identify → Triage → Contain → Eradicate → Recover → Learn), or to a later one named in `to`.',
  ),
  'incident.variables': operation<IncidentVariables>()(
    incidentRef,
    'The placeholders of the incident\'s commands that the responder fills ({SHORT_NAME} …): label, example, the value set if any, and how many steps use it.',
  ),
  'incident.setVariables': operation<IncidentVariables>()(
    setVariablesInput,
    'Set values for placeholders of the incident\'s commands, once for every step (an empty value clears one). Each is shell-quoted where it is used; a value that looks like a secret, starts with - or misses the playbook\'s pattern is refused and nothing is stored. Recorded on the timeline.',
  ),
  'checklist.get': operation<Checklist>()(incidentRef, 'The incident\'s checklist with progress per phase and commands filled from the incident.'),
  'checklist.change': operation<ChecklistStep>()(
    stepChangeInput,
    'Tick (`done`), `reopen`, `skip` with a reason, mark `na` (not applicable) or add a `note` to one step.',
  ),
  'checklist.addStep': operation<ChecklistStep>()(addStepInput, 'Add an ad-hoc step to the incident\'s checklist.'),
  'checklist.assign': operation<ChecklistStep>()(assignStepInput, 'Give one step to a responder (an empty assignee takes it back); recorded on the timeline.'),
  'drafts.get': operation<IncidentDrafts>()(draftsRef, 'What was typed into the incident\'s fields and not sent yet, kept on this laptop (never shared or exported).'),
  'drafts.save': operation<IncidentDrafts>()(
    saveDraftsInput,
    'Keep the incident\'s unsent field texts, replacing the set kept; secrets are taken out first like any stored text. An empty set forgets them.',
  ),
  'playbook.list': operation<{ playbooks: PlaybookSummary[]; problems: PlaybookProblem[] }>()(
    noInput,
    'Shipped and user playbooks; files that failed validation are listed in `problems` with file, line and reason.',
  ),
  'playbook.get': operation<Playbook>()(playbookRef, 'One playbook with all its steps.'),
  'contacts.list': operation<{ contacts: Contact[] }>()(noInput, 'The contacts directory, by name.'),
  'contacts.save': operation<Contact>()(saveContactInput, 'Create a contact, or update the one named by `id`.'),
  'contacts.remove': operation<{ removed: string }>()(contactRef, 'Remove a contact.'),
  'reminders.list': operation<{ reminders: Reminder[]; total: number }>()(
    listRemindersInput,
    'Escalation reminders that came due (`pending`: not yet acknowledged, of incidents still Active or Contained): the newest `limit` (or the most urgent, with `order: urgency`), and how many there are in all.',
  ),
  'reminders.acknowledge': operation<Reminder>()(reminderRef, 'Acknowledge an escalation reminder; recorded on the incident\'s timeline.'),
  'severity.assess': operation<SeverityAssessment>()(
    severityAnswersInput,
    'Suggest a severity (in the active scheme) and impact from five questions, with the reasons.',
  ),
  'evidence.preflight': operation<EvidencePreflight>()(
    preflightEvidenceInput,
    'Check every root before collecting: names each missing or unreadable one, in words, and whether the archive can be written at `output`. Nothing is read or written.',
  ),
  'evidence.collect': operation<CollectedEvidence>()(
    collectEvidenceInput,
    'Collect files and folders into a signed, hashed .tar.gz (long work: pushes `job.progress`, cancel with `jobs.cancel`). A missing or unreadable root stops it before any work, unless `skipUnavailable`: then the others are collected and the manifest, the result and the chain of custody name what was left out.',
  ),
  'evidence.liveProfiles': operation<LiveProfiles>()(
    liveProfilesInput,
    'Live response profiles (quick, containers, build, and the data dir\'s collectors/ files): each collector\'s command as it will run (no shell), whether it is volatile or needs root, its timeout and output file, and whether it can run on this machine (program on the PATH, platform). Files that failed validation are in `problems`.',
  ),
  'evidence.liveCollect': operation<LiveCollectedEvidence>()(
    liveCollectInput,
    'Run a live response profile into a signed, hashed .tar.gz like `evidence.collect` (long work: pushes `job.progress`, cancel with `jobs.cancel`): volatile collectors first, a few at a time, each cut at its timeout; a missing program or missing root is recorded, not fatal. The manifest\'s `live` section and `collectors` give each command, exit code, clock, bytes, SHA-256 and problem.',
  ),
  'evidence.contents': operation<EvidenceContents>()(
    evidenceContentsInput,
    'What a collected archive holds, 100 entries a page, from the register\'s copy of its manifest (the archive itself is not read).',
  ),
  'evidence.verify': operation<EvidenceVerifyResult>()(
    verifyEvidenceInput,
    'Re-hash an archive and compare every entry (hash, type, mode, owner, time, size, link target) with the manifest (the register\'s copy when this console collected it); check both signatures and that the signer is trusted (the registered key, this laptop\'s key, or one in `trustedKeys`: fingerprints or public key files). Recorded in the chain of custody.',
  ),
  'evidence.publicKey': operation<{ fingerprint: string; publicKeyPem: string }>()(
    exportEvidenceKeyInput,
    'This laptop\'s public evidence key (PEM) and its fingerprint, for colleagues to verify its archives with.',
  ),
  'evidence.list': operation<EvidencePage>()(
    listEvidenceInput,
    'Collected evidence with its chain of custody, for one incident or all, oldest first (all of it, or a page of `limit` items: pass `nextCursor` back as `cursor`), with `total`; and the custody actions a responder records by hand, in words.',
  ),
  'evidence.addCustody': operation<EvidenceItem>()(addCustodyInput, 'Append to an evidence item\'s chain of custody (also on the incident\'s timeline).'),
  'evidence.export': operation<EvidenceItem & { exportedTo: string }>()(
    exportEvidenceInput,
    'Copy an archive with its manifest and checksum into a folder, check the copy\'s hash, and record the export in the chain of custody.',
  ),
  'quarantine.add': operation<QuarantinedFile>()(quarantineAddInput, 'Move a suspicious file into quarantine with its permissions stripped.'),
  'quarantine.list': operation<{ files: QuarantinedFile[] }>()(quarantineListInput, 'Files in quarantine (and released ones with `includeReleased`).'),
  'quarantine.release': operation<QuarantinedFile>()(quarantineRef, 'Put a quarantined file back, after checking its hash.'),
  'scan.secrets': operation<ScanOutcome>()(
    scanSecretsInput,
    'Scan a folder (and with `history` its git history) for secrets; findings are redacted, kept against the incident when one is given (long work: pushes `job.progress`).',
  ),
  'scan.list': operation<ScanList>()(
    listScansInput,
    'The secret scans kept against an incident, newest first (ties by id), with their findings; and `groups`: one per credential (fingerprint) with every place any scan found it (working tree and history), in the order first found (newest scan first), with `total`. With `limit`, one page of groups (pass `nextCursor` back as `cursor`) and the runs carry only those groups\' findings.',
  ),
  'scan.markFinding': operation<StoredFinding>()(
    markFindingInput,
    'Mark a finding a false positive, or send it to the incident\'s rotation tracker (`rotation`): a pending item named by the rule and file, its group guessed from the rule, owned by the responder who sent it, reused when its fingerprint is already tracked. Settles every open place of the same credential (fingerprint) on the incident, each on the timeline.',
  ),
  'scan.markFingerprint': operation<MarkFingerprintResult>()(
    markFingerprintInput,
    'Mark a credential (every open place of its fingerprint on the incident, in files and history) a false positive or send it to rotation (one tracker item per fingerprint). Each place is recorded on the timeline; `conflict` when none is open.',
  ),
  'scan.logs': operation<LogScanOutcome>()(
    scanLogsInput,
    'Scan log files (paths and glob patterns; .gz read as is) for attack patterns, brute force, rate-limit storms, error spikes and scanning, on every core; excerpts are redacted; kept against the incident when one is given (long work: pushes `job.progress`).',
  ),
  'logs.list': operation<LogScanPage>()(
    listLogScansInput,
    'The log scans kept against an incident, newest first, and one page of one scan\'s findings (the newest scan without `scanId`) in file and line order, filtered by `category` and `ip`, with `total`; pass `nextCursor` back as `cursor`.',
  ),
  'logs.promote': operation<LogPromoted>()(
    promoteLogInput,
    'Put a log finding (`findingId`), or what one source address did in a scan (`ip`: requests, flagged lines, first and last seen, patterns), on the incident\'s timeline, with an optional note.',
  ),
  'scan.kinds': operation<{ kinds: ScanKind[] }>()(scanKindsInput, 'The kinds of scan playbook steps link to, and which the console can run yet (the others say what to use meanwhile).'),
  'rotation.list': operation<{ items: RotationItem[] }>()(
    rotationListInput,
    'The incident\'s secrets to rotate, in the runbooks\' order (external API keys, then application secrets, then service credentials; within a group as added), with status, who and when, and the after-rotation checks. Never a secret value.',
  ),
  'rotation.add': operation<RotationAddResult>()(
    rotationAddInput,
    'Track a secret to rotate by name, where it lives, owner and priority group (and optionally its 16-hex fingerprint). A fingerprint already tracked on the incident returns that item with `created: false`.',
  ),
  'rotation.mark': operation<RotationItem>()(
    rotationMarkInput,
    'Mark an item `rotated` (only from pending) or `verified` (only from rotated, once every after-rotation check is done: the error names the missing ones). Recorded on the timeline.',
  ),
  'rotation.check': operation<RotationItem>()(
    rotationCheckInput,
    'Tick (`done: true`) or untick one after-rotation check of a rotated item (env-example, ci-secrets, production, app-works, storage-documented). Recorded on the timeline.',
  ),
  'text.check': operation<TextCheckResult>()(
    textCheckInput,
    'The paste guard: the text with every secret taken out (the secret rules and the vault\'s values), and what was taken. Only the redacted form comes back; nothing is stored.',
  ),
  'jobs.cancel': operation<{ cancelled: boolean }>()(jobRef, 'Cancel long work (an evidence collection, a scan); false when it already finished.'),
  'vault.status': operation<VaultStatus>()(
    noInput,
    'Which backend holds the vault (the OS keychain through keytar, or the encrypted file) and, when it is the file, why the keychain is not used; whether it is locked; the console keys\' fingerprints.',
  ),
  'vault.list': operation<{ entries: VaultEntry[] }>()(noInput, 'Vault entries by name, with kind and last change; never a value.'),
  'vault.set': operation<VaultEntry>()(vaultSetInput, 'Add or replace a value. The value goes to the keychain or the encrypted file only; it is never written to the database, a log or a result.'),
  'vault.delete': operation<{ deleted: string }>()(vaultRef, 'Delete an entry. The console\'s own keys cannot be deleted.'),
  'vault.copy': operation<VaultCopyResult>()(
    vaultCopyInput,
    'Put a value on the clipboard for 30 seconds. The desktop app does it in the main process; in browser mode the value comes back for the page to copy and clear.',
  ),
  'vault.unlock': operation<VaultStatus>()(vaultUnlockInput, 'Unlock the encrypted-file vault with its passphrase for this session, or create it (`create`). Moves the console keys in.'),
  'vault.lock': operation<VaultStatus>()(noInput, 'Forget the encrypted-file vault\'s key in this session.'),
  'vault.test': operation<{ backend: string; description: string; roundTripMs: number }>()(
    noInput,
    'Write, read back and delete a test value, to prove the vault works here.',
  ),
  'template.list': operation<{ templates: TemplateSummary[]; problems: TemplateProblem[] }>()(
    noInput,
    'Communication templates (internal notification, status update, resolution, advisory, breach notice, status page, postmortem): shipped ones, replaced or added by files in the data dir\'s templates/ folder; files that failed validation are in `problems`.',
  ),
  'template.render': operation<RenderedTemplate>()(
    renderTemplateInput,
    'Fill a template from the incident. A field with no value stays visibly marked `[fill in: …]` and is named in `missing`.',
  ),
  'comms.markSent': operation<SentCommunication>()(
    markSentInput,
    'Record that a message was sent (its text, on the timeline) and set the next-update reminder from the template\'s cadence for the incident\'s severity.',
  ),
  'report.render': operation<RenderedReport>()(
    renderReportInput,
    'The incident report or postmortem in Markdown: summary, impact, timeline (UTC), root cause, detection, response, action items, evidence with SHA-256, findings (redacted), checklist by phase, SLA figures.',
  ),
  'report.export': operation<ExportedReport>()(exportReportInput, 'Write the report or postmortem as a Markdown file (whole or not at all).'),
  'action.list': operation<{ items: ActionItem[] }>()(listActionsInput, 'Action items of one incident (a drill too) or of every real incident, open ones by default; overdue first, then by due date.'),
  'action.add': operation<ActionItem>()(addActionInput, 'Add an action item (owner, due date optional); recorded on the timeline.'),
  'action.update': operation<ActionItem>()(updateActionInput, 'Edit, assign, reschedule, finish (`status: done`) or reopen an action item; recorded on the timeline.'),
  'incident.addMember': operation<MemberAdded>()(
    addMemberInput,
    'Admit another laptop\'s device key to the incident with a signed member.added event: its events verify, and it may write once it holds this history (through a bundle or the hub).',
  ),
  'incident.export': operation<ExportedBundle>()(
    exportBundleInput,
    'Write one signed JSON bundle of the incident: its events as stored (signed by their authors), checklist, notes, scans and findings, evidence manifests and custody, reminders, rotation and action items, with the head hash and event count; signed with the evidence key.',
  ),
  'incident.import': operation<ImportedBundle>()(
    importBundleInput,
    'Import a bundle as a set union of events. An incident new here needs a trusted signer, and its event count, head hash, every event\'s hash, signature and link, and its rows are checked. For an incident already here, the events it lacks are merged (each event\'s own signature and membership are the trust), the current state rebuilt and verified. The first problem is named and nothing is written. Importing the same bundle again changes nothing.',
  ),
  'playbook.importPreview': operation<RunbookImport>()(
    previewRunbookInput,
    'Read a Markdown incident-response runbook and show what it holds: severity scheme, playbooks (sections mapped to phases, steps with their commands), message templates, escalation and contacts tables, and warnings for anything ambiguous. Nothing is written.',
  ),
  'playbook.importSave': operation<SavedRunbook>()(
    saveRunbookInput,
    'Write a (possibly corrected) runbook preview as playbook and template files in the data dir, which the console then uses like any other; every section must have a phase.',
  ),
  'hub.status': operation<HubStatus>()(noInput, 'The hub connection: state, events to push, how far behind, offline since when and why.'),
  'hub.join': operation<HubStatus>()(
    hubJoinInput,
    'Join a PostgreSQL hub with a responder role: checks the connection and the hub schema, registers this laptop\'s device key, keeps the password in the vault, then syncs in the background.',
  ),
  'hub.leave': operation<HubStatus>()(noInput, 'Stop syncing with the hub and forget its address and password; nothing held here is removed.'),
  'hub.sync': operation<SyncResult>()(hubSyncInput, 'Push this laptop\'s outbox to the hub and pull what it has not seen, once, now.'),
  ...drillOperations,
  ...investigationOperations,
  ...supplyOperations,
  'incident.presence': operation<IncidentPresence>()(incidentPresenceInput, 'Who has worked the incident, from the events held here: each responder\'s last activity.'),
  'settings.get': operation<Settings>()(noInput, 'The responder name and the active severity scheme.'),
  'settings.update': operation<Settings>()(updateSettingsInput, 'Change the responder name or the active severity scheme.'),
  'severity.schemes': operation<{ schemes: SeverityScheme[]; activeSchemeId: string }>()(
    noInput,
    'The severity schemes shipped in resources/, and which one new incidents use.',
  ),
} as const;

/** Operations whose result comes later (they read or move files, or ask the keychain): transports await them. */
export const longRunningOperations: ReadonlySet<OperationName> = new Set([
  'evidence.collect',
  'evidence.liveProfiles',
  'evidence.liveCollect',
  'evidence.contents',
  'evidence.verify',
  'evidence.export',
  'evidence.publicKey',
  'scan.secrets',
  'scan.logs',
  'quarantine.add',
  'quarantine.release',
  'vault.status',
  'vault.list',
  'vault.set',
  'vault.delete',
  'vault.copy',
  'vault.unlock',
  'vault.lock',
  'vault.test',
  'report.export',
  'drill.report',
  'incident.export',
  'incident.import',
  'playbook.importPreview',
  'playbook.importSave',
  'hub.status',
  'hub.join',
  'hub.leave',
  'hub.sync',
  ...longRunningSupplyOperations,
  ...longRunningInvestigationOperations,
] as const);

export type { OperationSpec };
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
