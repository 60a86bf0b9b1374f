import type { Envelope, OperationName, Redaction } from '../contract';

// What a field is called on the command line's side, by operation and field, then by field alone.
const labels: Record<string, string> = {
  'incident.addNote:text': 'note',
  'checklist.change:text': 'step note',
  'checklist.change:reason': 'reason',
  'checklist.addStep:text': 'step text',
  'checklist.addStep:command': 'step command',
  'evidence.addCustody:detail': 'custody detail',
  'scan.markFinding:note': 'finding note',
  'scan.markFingerprint:note': 'finding note',
  'contacts.save:name': 'contact name',
  'contacts.save:role': 'contact role',
  'contacts.save:email': 'contact email',
  'contacts.save:phone': 'contact phone',
  detectionSource: 'detection source',
  responderName: 'responder name',
};

function label(operation: OperationName, field: string): string {
  return labels[`${operation}:${field}`] ?? labels[field] ?? field.replace(/\.(\d+)$/, ' #$1').replace(/\./g, ' ');
}

/** One line per secret taken out of the input: what it looked like, and where the value belongs. */
export function redactionNotices(operation: OperationName, redactions: readonly Redaction[]): string[] {
  return redactions.map((redaction) => {
    const what = `the ${label(operation, redaction.field)}`;
    return redaction.rule === 'vault-value'
      ? `firebreak: ${what} held a value kept in the vault (${redaction.preview}, sha256:${redaction.fingerprint}): it was stored redacted.`
      : `firebreak: ${what} looked like it held a secret (${redaction.description}, ${redaction.preview}, sha256:${redaction.fingerprint}): it was stored redacted. Keep the value in the vault instead: firebreak vault set NAME`;
  });
}

/** On stderr, in every mode: with --json stdout stays one envelope (which carries `redactions` too). */
export function printRedactions(operation: OperationName, envelope: Envelope<unknown>): void {
  if (envelope.ok && envelope.redactions?.length) process.stderr.write(`${redactionNotices(operation, envelope.redactions).join('\n')}\n`);
}
