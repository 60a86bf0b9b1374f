import { z } from 'zod';
import type { Redaction } from '../envelope';

/**
 * Fields the dispatch passes to the operation exactly as given, by operation; every other string
 * of every operation's input, present and future, has its secrets taken out before the operation
 * runs (`*` stands for any array index or record key). A field belongs here only when changing it
 * would break the operation and it cannot hold a note: a file to read, an id to look up, or the
 * secret an operation exists to keep. Enums need no entry: no rule matches their values.
 */
export const redactionExemptFields: Readonly<Record<string, readonly string[]>> = {
  // Files and folders the operation reads or writes: a changed path names another file.
  'evidence.collect': ['paths.*', 'output', 'incidentId'],
  'evidence.preflight': ['paths.*', 'output'],
  'evidence.liveCollect': ['paths.*', 'output', 'incidentId', 'profile', 'namespaces.*'],
  'evidence.verify': ['archive', 'trustedKeys.*'],
  'evidence.export': ['evidenceId', 'destination'],
  'quarantine.add': ['file', 'incidentId'],
  'scan.secrets': ['path', 'baseline', 'incidentId'],
  // Instants by their schema: no room for a secret.
  'scan.logs': ['paths.*', 'since', 'until', 'incidentId'],
  'advisories.import': ['path'],
  'scan.deps': ['lockfiles.*', 'db', 'incidentId'],
  'scan.lockdiff': ['baseline', 'current', 'incidentId'],
  'sbom.generate': ['lockfile', 'output'],
  'sbom.diff': ['before', 'after', 'incidentId'],
  'integrity.snapshot': ['dir', 'output'],
  'integrity.check': ['dir', 'baseline', 'incidentId'],
  'supply.list': ['incidentId'],
  'supply.get': ['incidentId', 'checkId'],
  // Ids and names of things that exist: looked up, never stored as text.
  'incident.declare': ['severity', 'scenario', 'assessment.suggested'],
  'incident.get': ['id'],
  'drill.start': ['drillId'],
  'drill.get': ['id'],
  'drill.clock': ['id'],
  'drill.inject': ['id', 'injectId'],
  'drill.answer': ['id', 'questionId'],
  'drill.finish': ['id'],
  'drill.report': ['id', 'output'],
  'drill.history': ['drillId'],
  // Choices from a fixed list, checked before redaction: the console's first requests must not wait for the redactor's rules.
  // A cursor must come back byte for byte, and filters are ids, levels and instants. `text` stays redacted:
  // titles are stored redacted, so a secret in clear could never match one, while its redacted form does.
  'incident.list': ['scope', 'kind', 'cursor', 'status.*', 'severity.*', 'declaredFrom', 'declaredTo'],
  'incident.timeline': ['id', 'before', 'after'],
  'reminders.list': ['scope', 'order', 'id'],
  'action.list': ['status', 'incidentId'],
  'incident.verify': ['id', 'seal'],
  // A device key is public: the redactor would take 43 characters of base64url for a token.
  'incident.addMember': ['id', 'actorKey'],
  'incident.acknowledge': ['id'],
  'incident.setSeverity': ['id', 'severity'],
  'incident.setStatus': ['id'],
  'incident.setCommander': ['id'],
  'incident.addNote': ['id'],
  'incident.setScenario': ['id', 'scenario'],
  'incident.advancePhase': ['id'],
  'checklist.get': ['id'],
  'incident.variables': ['id'],
  // Values that look like secrets are refused by the operation: redacted, they would make every command wrong.
  'incident.setVariables': ['id', 'values.*'],
  'checklist.change': ['id', 'stepId'],
  'checklist.addStep': ['id'],
  'checklist.assign': ['id', 'stepId'],
  'incident.setRole': ['id'],
  'drafts.get': ['id'],
  'drafts.save': ['id'],
  'playbook.get': ['id'],
  'contacts.save': ['id'],
  'contacts.remove': ['id'],
  'reminders.acknowledge': ['id', 'key'],
  'evidence.list': ['incidentId', 'cursor'],
  'evidence.addCustody': ['evidenceId'],
  'evidence.contents': ['evidenceId'],
  'quarantine.release': ['id'],
  'scan.list': ['incidentId', 'cursor'],
  'scan.markFingerprint': ['incidentId', 'fingerprint'],
  // The investigation record. Indicator values are what they are (a changed hash is another one): a value or a pasted
  // line that is a secret is refused by the operation instead. Links, ids, instants and filters are looked up.
  'ioc.add': ['incidentId', 'value', 'type', 'firstSeen', 'lastSeen', 'techniques.*'],
  'ioc.import': ['incidentId', 'text'],
  'ioc.update': ['incidentId', 'indicatorId', 'firstSeen', 'lastSeen', 'techniques.*'],
  'ioc.list': ['incidentId', 'type', 'tag', 'technique'],
  'asset.add': ['incidentId', 'techniques.*'],
  'asset.state': ['incidentId', 'assetId'],
  'asset.update': ['incidentId', 'assetId', 'techniques.*'],
  'asset.list': ['incidentId'],
  'attack.import': ['path'],
  'timeline.add': ['incidentId', 'at', 'links.indicators.*', 'links.assets.*', 'links.techniques.*'],
  'timeline.tag': ['incidentId', 'hash', 'add.indicators.*', 'add.assets.*', 'add.techniques.*', 'remove.indicators.*', 'remove.assets.*', 'remove.techniques.*'],
  'timeline.list': ['incidentId', 'sort', 'indicator', 'asset', 'technique', 'types.*'],
  'timeline.export': ['incidentId', 'output'],
  'timeline.import': ['incidentId', 'path'],
  'clock.start': ['incidentId', 'name', 'startedAt'],
  'clock.stop': ['incidentId', 'name'],
  'clock.list': ['incidentId'],
  // Categories and addresses filter, a cursor comes back byte for byte; a promoted note stays redacted.
  'logs.list': ['incidentId', 'scanId', 'category.*', 'ip', 'cursor'],
  'logs.promote': ['incidentId', 'scanId', 'ip'],
  'jobs.cancel': ['jobId'],
  'settings.update': ['activeSchemeId'],
  'rotation.list': ['incidentId'],
  'rotation.add': ['incidentId', 'fingerprint'],
  'rotation.mark': ['incidentId', 'itemId'],
  'rotation.check': ['incidentId', 'itemId'],
  'vault.delete': ['name'],
  'template.render': ['templateId', 'incidentId'],
  'comms.markSent': ['incidentId', 'templateId'],
  'report.render': ['id'],
  'report.export': ['id', 'destination'],
  // due is a YYYY-MM-DD date by its schema: no room for a secret.
  'action.add': ['incidentId', 'due'],
  'action.update': ['incidentId', 'itemId', 'due'],
  'incident.export': ['id', 'file'],
  'incident.import': ['file', 'trustedKeys.*'],
  'playbook.importPreview': ['file'],
  // The hub's address, the role's password the vault keeps, and a CA file to read.
  'hub.join': ['url', 'password', 'caFile'],
  'hub.sync': ['incidentId'],
  'incident.presence': ['id'],
  // Names and ids the importer derived (a file name, `P0`, `secret-leaked`, a field name): the runbook's text itself is redacted.
  'playbook.importSave': ['runbook.source', 'runbook.severities.*.level', 'runbook.playbooks.*.id', 'runbook.templates.*.id', 'runbook.templates.*.fields.*.field'],
  'vault.copy': ['name'],
  // The paste guard's own check: it redacts the text itself and stores nothing.
  'text.check': ['text'],
  // The value is the secret the vault exists to keep, and the passphrase opens it.
  'vault.set': ['value'],
  'vault.unlock': ['passphrase'],
};

/** Whether a field of an operation's input goes to the operation exactly as given. */
export function isRedactionExempt(operation: string, field: string): boolean {
  const exempt = redactionExemptFields[operation];
  if (!exempt) return false;
  const parts = field.split('.');
  return exempt.some((pattern) => {
    const wanted = pattern.split('.');
    return wanted.length === parts.length && wanted.every((part, index) => part === '*' || part === parts[index]);
  });
}

// A paste may be a whole .env file or a key; it is checked as it is (not trimmed), so the field can show what will be stored.
export const textCheckInput = z.strictObject({
  text: z
    .string({ error: 'must be text' })
    .max(256 * 1024, { message: 'must be at most 262144 characters' })
    .refine((value) => value.isWellFormed(), { message: 'is not valid text (unpaired surrogates)' }),
});

/**
 * The paste guard's answer: only the redacted form goes back, never the value. Each redaction says
 * where the value was in the text sent (UTF-16 offsets), so the page can hand that value, which it
 * already holds, to the vault instead.
 */
export interface TextCheckResult {
  redacted: string;
  /** `field` is `text`. */
  redactions: (Redaction & { start: number; end: number })[];
}
