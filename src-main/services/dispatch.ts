import { addMember } from './incidents/members';
import { exportBundleToFile } from './incidents/sharing';
import type { z } from 'zod';
import {
  AppError,
  fail,
  isOperationName,
  longRunningOperations,
  ok,
  operations,
  type Envelope,
  type FieldIssue,
  type OperationName,
  type OperationResult,
  type ParsedInput,
} from '../contract';
import { busyTimeoutMs } from '../store/database';
import { busyConflict, isBusyError } from '../store/sqliteErrors';
import { describeFileError } from '../domain/fileErrors';
import type { ServiceContext } from './context';
import { addStep, advancePhase, assignChecklistStep, changeStep, getChecklist } from './playbooks/checklist';
import { setRole } from './incidents/roles';
import { getDrafts, saveDrafts } from './drafts';
import { getVariables, setVariables } from './playbooks/commandVariables';
import { listContacts, removeContact, saveContact } from './escalations/contacts';
import { acknowledgeReminder, listReminders } from './escalations/escalations';
import { acknowledgeIncident, addNote, declareIncident, setCommander, setScenario, setSeverity, setStatus } from './incidents/incidents';
import { getIncident, incidentTimeline, listIncidents } from './incidents/incidentPages';
import { assessSeverity } from './incidents/assessment';
import {
  addCustodyOperation,
  collectOperation,
  contentsOperation,
  preflightOperation,
  listEvidenceOperation,
  exportEvidenceOperation,
  quarantineAddOperation,
  quarantineListOperation,
  quarantineReleaseOperation,
  verifyOperation,
  publicKeyOperation,
} from './evidence/evidenceOperations';
import { liveCollectOperation, liveProfilesOperation } from './evidence/liveOperations';
import { cancelJob } from './jobRegistry';
import { getPlaybook, listPlaybooks } from './playbooks/playbookOperations';
import { scanOperation } from './scans/scans';
import { listScansOperation } from './scans/findingPages';
import { markFinding, markFingerprint } from './scans/findingMarks';
import { scanCatalog } from '../domain/scans/scanCatalog';
import { scanLogsOperation } from './logs/logScans';
import { listLogScans } from './logs/logPages';
import { promoteLog } from './logs/logPromote';
import { importBundle } from './bundle/bundleImport';
import { addAction, listActions, updateActionItem } from './actions/actions';
import { addRotation, checkRotation, listRotation, markRotation } from './rotation/rotation';
import { appInfo, getSettings, updateSettings } from './settings';
import { verifyAll, verifyIncident } from './incidents/verify';
import { copyVaultEntry, deleteVaultEntry, listVault, lockVault, setVaultEntry, testVault, unlockVault, vaultStatus } from './vault/vaultOperations';
import { logError } from './log';
import { listTemplates, renderTemplate } from './comms/templates';
import { markSent } from './comms/sent';
import { exportReport, renderReport } from './comms/reports';
import { checkText, redactErrorEnvelope, redactOperationInput } from './redaction/redaction';
import { previewRunbook } from './runbooks/runbookPreview';
import { saveRunbook } from './runbooks/runbookSave';
import { hubJoin, hubLeave, hubStatus, hubSync, incidentPresence } from './hub/hubOperations';

import { advisoryStatusOf } from '../store/advisoryRepo';
import { getSupplyCheck, listSupplyChecks } from './supply/supplyChecks';
import { answerDrill, drillClock, drillHistory, drillInject, drillReport, finishDrill, getDrill, listDrills, startDrill } from './drills/drillOperations';

export { redactMessage } from './redaction/redaction';
import { addIndicator, importIndicators, listIndicators, updateIndicator } from './investigation/indicators';
import { addAsset, listAssets, setAssetState, updateAsset } from './investigation/assets';
import { importAttack, searchAttack } from './investigation/attack';
import { addTimelineEntry, exportTimeline, importTimeline, listInvestigationTimeline, tagTimelineEntry } from './investigation/timeline';
import { listClocks, startClock, stopClock } from './investigation/clocks';

type Handlers = {
  [Name in OperationName]: (ctx: ServiceContext, input: ParsedInput<Name>) => OperationResult<Name> | Promise<OperationResult<Name>>;
};

// The supply-chain checks' libraries (CycloneDX, zip, TOML, PEP 440, the yarn parser) cost every
// command and every console start about 0.1 s of CPU when evaluated with the bundle: their long
// operations load them on first use. The quick reads (status, stored checks) stay synchronous.
const supplyService = () => import('./supply/supplyOperations');

const handlers: Handlers = {
  'app.info': appInfo,
  'incident.declare': declareIncident,
  'incident.list': listIncidents,
  'incident.get': getIncident,
  'incident.timeline': incidentTimeline,
  'incident.setSeverity': setSeverity,
  'incident.setStatus': setStatus,
  'incident.setCommander': setCommander,
  'incident.addNote': addNote,
  'incident.setRole': setRole,
  'incident.verify': verifyIncident,
  'incident.addMember': addMember,
  'verify.all': verifyAll,
  'incident.acknowledge': acknowledgeIncident,
  'incident.setScenario': setScenario,
  'incident.advancePhase': advancePhase,
  'incident.variables': getVariables,
  'incident.setVariables': setVariables,
  'checklist.get': getChecklist,
  'checklist.change': changeStep,
  'checklist.addStep': addStep,
  'checklist.assign': assignChecklistStep,
  'drafts.get': getDrafts,
  'drafts.save': saveDrafts,
  'playbook.list': listPlaybooks,
  'playbook.get': getPlaybook,
  'contacts.list': listContacts,
  'contacts.save': saveContact,
  'contacts.remove': removeContact,
  'reminders.list': listReminders,
  'reminders.acknowledge': acknowledgeReminder,
  'severity.assess': assessSeverity,
  'evidence.preflight': preflightOperation,
  'evidence.collect': collectOperation,
  'evidence.liveProfiles': liveProfilesOperation,
  'evidence.liveCollect': liveCollectOperation,
  'evidence.contents': contentsOperation,
  'evidence.verify': verifyOperation,
  'evidence.publicKey': publicKeyOperation,
  'evidence.list': listEvidenceOperation,
  'evidence.addCustody': addCustodyOperation,
  'evidence.export': exportEvidenceOperation,
  'quarantine.add': quarantineAddOperation,
  'quarantine.list': quarantineListOperation,
  'quarantine.release': quarantineReleaseOperation,
  'scan.secrets': scanOperation,
  'scan.list': listScansOperation,
  'scan.markFinding': markFinding,
  'scan.markFingerprint': markFingerprint,
  'scan.kinds': () => ({ kinds: [...scanCatalog] }),
  'scan.logs': scanLogsOperation,
  'logs.list': listLogScans,
  'logs.promote': promoteLog,
  'rotation.list': listRotation,
  'rotation.add': addRotation,
  'rotation.mark': markRotation,
  'rotation.check': checkRotation,
  'text.check': checkText,
  'jobs.cancel': cancelJob,
  'vault.status': vaultStatus,
  'vault.list': listVault,
  'vault.set': setVaultEntry,
  'vault.delete': deleteVaultEntry,
  'vault.copy': copyVaultEntry,
  'vault.unlock': unlockVault,
  'vault.lock': lockVault,
  'vault.test': testVault,
  'template.list': listTemplates,
  'template.render': renderTemplate,
  'comms.markSent': markSent,
  'report.render': renderReport,
  'report.export': exportReport,
  'action.list': listActions,
  'action.add': addAction,
  'action.update': updateActionItem,
  'incident.export': exportBundleToFile,
  'incident.import': importBundle,
  'playbook.importPreview': previewRunbook,
  'playbook.importSave': saveRunbook,
  'hub.status': hubStatus,
  'hub.join': hubJoin,
  'hub.leave': hubLeave,
  'hub.sync': hubSync,
  'incident.presence': incidentPresence,
  'drill.list': listDrills,
  'drill.start': startDrill,
  'drill.get': getDrill,
  'drill.clock': drillClock,
  'drill.inject': drillInject,
  'drill.answer': answerDrill,
  'drill.finish': finishDrill,
  'drill.report': drillReport,
  'drill.history': drillHistory,
  'advisories.import': async (ctx, input) => (await supplyService()).importAdvisories(ctx, input),
  'advisories.status': (ctx) => advisoryStatusOf(ctx.db),
  'scan.deps': async (ctx, input) => (await supplyService()).scanDeps(ctx, input),
  'scan.lockdiff': async (ctx, input) => (await supplyService()).scanLockDiff(ctx, input),
  'sbom.generate': async (ctx, input) => (await supplyService()).generateSbom(ctx, input),
  'sbom.diff': async (ctx, input) => (await supplyService()).diffSboms(ctx, input),
  'integrity.snapshot': async (ctx, input) => (await supplyService()).integritySnapshot(ctx, input),
  'integrity.check': async (ctx, input) => (await supplyService()).integrityCheck(ctx, input),
  'supply.list': listSupplyChecks,
  'supply.get': getSupplyCheck,
  'ioc.add': addIndicator,
  'ioc.import': importIndicators,
  'ioc.update': updateIndicator,
  'ioc.list': listIndicators,
  'asset.add': addAsset,
  'asset.state': setAssetState,
  'asset.update': updateAsset,
  'asset.list': listAssets,
  'attack.import': importAttack,
  'attack.search': searchAttack,
  'timeline.add': addTimelineEntry,
  'timeline.tag': tagTimelineEntry,
  'timeline.list': listInvestigationTimeline,
  'timeline.export': exportTimeline,
  'timeline.import': importTimeline,
  'clock.start': startClock,
  'clock.stop': stopClock,
  'clock.list': listClocks,
  'settings.get': getSettings,
  'settings.update': updateSettings,
  'severity.schemes': (ctx) => ({ schemes: ctx.schemes, activeSchemeId: getSettings(ctx).activeSchemeId }),
};

function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(input)', message: issue.message }));
}

function describeIssues(fields: FieldIssue[]): string {
  return fields.map((issue) => (issue.field === '(input)' ? issue.message : `${issue.field} ${issue.message}`)).join('; ');
}

/** Maps a thrown error to the envelope; only AppError messages are shown verbatim. */
export function errorEnvelope(error: unknown): Envelope<never> {
  if (error instanceof AppError) return { ok: false, error: error.toBody() };
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return fail('io-error', 'the disk is full: nothing was written. Free some space and try again.');
  const file = describeFileError(error);
  if (file) return fail(file.code, file.message);
  if (isBusyError(error)) return { ok: false, error: busyConflict(busyTimeoutMs).toBody() };
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return fail('io-error', `database error (${code}): ${(error as Error).message}`);
  logError('firebreak: internal error', error);
  return fail('internal', 'an internal error occurred; the details are in the log');
}

/**
 * The single entry point of every transport: validates the raw input with the operation's
 * schema (once, here), runs the service and wraps the outcome in the envelope. Long operations
 * (evidence collection, verification, quarantine) resolve later: transports await the result.
 */
export function dispatch(ctx: ServiceContext, name: string, rawInput: unknown): Envelope<unknown> {
  // Refused before anything runs: a long operation must never start behind an error.
  if (isOperationName(name) && longRunningOperations.has(name)) return fail('invalid-input', `operation '${name}' is long-running: call it through dispatchAsync`);
  return run(ctx, name, rawInput) as Envelope<unknown>;
}

export async function dispatchAsync(ctx: ServiceContext, name: string, rawInput: unknown): Promise<Envelope<unknown>> {
  return run(ctx, name, rawInput);
}

function run(ctx: ServiceContext, name: string, rawInput: unknown): Envelope<unknown> | Promise<Envelope<unknown>> {
  // Error messages may echo input (a field, an unknown key, a path): they are redacted like stored text.
  const outcome = attempt(ctx, name, rawInput);
  return outcome instanceof Promise ? outcome.then((envelope) => redactErrorEnvelope(envelope, ctx)) : redactErrorEnvelope(outcome, ctx);
}

function attempt(ctx: ServiceContext, name: string, rawInput: unknown): Envelope<unknown> | Promise<Envelope<unknown>> {
  if (!isOperationName(name)) return fail('not-found', `unknown operation '${name}'`);
  const parsed = operations[name].input.safeParse(rawInput === undefined ? {} : rawInput);
  if (!parsed.success) {
    const fields = fieldIssues(parsed.error);
    return fail('invalid-input', describeIssues(fields), fields);
  }
  try {
    // Before anything is stored: every free-text string loses its secrets (contract/redaction/redaction.ts lists the exceptions).
    const { input, redactions } = redactOperationInput(ctx, name, parsed.data);
    const done = (value: unknown): Envelope<unknown> => (redactions.length ? { ok: true, value, redactions } : ok(value));
    const handler = handlers[name] as (ctx: ServiceContext, input: unknown) => unknown;
    const value = handler(ctx, input);
    return value instanceof Promise ? value.then(done, errorEnvelope) : done(value);
  } catch (error) {
    return errorEnvelope(error);
  }
}
