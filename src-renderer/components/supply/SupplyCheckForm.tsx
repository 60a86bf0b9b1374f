import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { SupplyCheckKind } from '../../../src-main/contract';
import { useSupply, useUi } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { emptySupplyView, type SupplyRun } from '../../stores/supplyStore';
import { SupplyProgress } from './SupplyProgress';
import { checkKindLabels, pathLines } from './supplyText';

interface FieldSpec {
  name: string;
  label: string;
  placeholder: string;
  optional?: boolean;
  /** Several paths, one a line. */
  lines?: boolean;
  /** The whole row: a long path stays readable. */
  wide?: boolean;
}

/** Each check's fields, what its button says, and how its fields become the operation's input. */
const forms: Record<SupplyCheckKind, { fields: FieldSpec[]; button: string; hint: string; input(values: Record<string, string>): SupplyRun | null }> = {
  deps: {
    fields: [
      { name: 'lockfiles', label: 'Lockfiles to audit, one a line', placeholder: '/srv/app/package-lock.json', lines: true },
      { name: 'db', label: 'Advisory folder or OSV all.zip (optional: the imported database otherwise)', placeholder: '/media/usb/osv/npm/all.zip', optional: true, wide: true },
    ],
    button: 'Run audit',
    hint: 'package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, Cargo.lock, go.sum, requirements.txt, poetry.lock.',
    input: (values) => {
      const lockfiles = pathLines(values.lockfiles ?? '');
      return lockfiles.length ? { kind: 'deps', lockfiles, ...(values.db?.trim() ? { db: values.db.trim() } : {}) } : null;
    },
  },
  lockdiff: {
    fields: [
      { name: 'baseline', label: 'Known-good lockfile (baseline)', placeholder: '/media/usb/release-1.4/package-lock.json' },
      { name: 'current', label: 'Current lockfile', placeholder: '/srv/app/package-lock.json' },
    ],
    button: 'Compare lockfiles',
    hint: 'Flags a new resolved host, a new install script, a changed checksum, a version that went down, and a name one edit from a well-known package.',
    input: (values) => (values.baseline?.trim() && values.current?.trim() ? { kind: 'lockdiff', baseline: values.baseline.trim(), current: values.current.trim() } : null),
  },
  integrity: {
    fields: [
      { name: 'dir', label: 'Folder to check', placeholder: '/srv/app/dist' },
      { name: 'baseline', label: 'Baseline (from firebreak integrity snapshot)', placeholder: '/media/usb/dist-baseline.json' },
    ],
    button: 'Check integrity',
    hint: 'SHA-256 of every file compared with the baseline: changed, added and removed files.',
    input: (values) => (values.dir?.trim() && values.baseline?.trim() ? { kind: 'integrity', dir: values.dir.trim(), baseline: values.baseline.trim() } : null),
  },
  'sbom-diff': {
    fields: [
      { name: 'before', label: 'SBOM before (CycloneDX JSON)', placeholder: '/media/usb/release-1.4/sbom.json' },
      { name: 'after', label: 'SBOM after', placeholder: '/srv/app/sbom.json' },
    ],
    button: 'Compare SBOMs',
    hint: 'Added, removed and changed components, and hashes that differ for the same version.',
    input: (values) => (values.before?.trim() && values.after?.trim() ? { kind: 'sbom-diff', before: values.before.trim(), after: values.after.trim() } : null),
  },
};

const kinds = Object.keys(forms) as SupplyCheckKind[];

function PathField({ incidentId, kind, spec, disabled, onEnter }: { incidentId: string; kind: SupplyCheckKind; spec: FieldSpec; disabled: boolean; onEnter(): void }) {
  const [value, setValue] = useDraft(`supplyPaths:${incidentId}:${kind}:${spec.name}`);
  const id = `supply-${kind}-${spec.name}`;
  // Enter runs; in a list of paths Shift+Enter adds a line.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || (spec.lines && event.shiftKey) || event.nativeEvent.isComposing) return;
    event.preventDefault();
    onEnter();
  };
  return (
    <label className={`field ${spec.lines ? 'supply-lines' : spec.wide ? 'supply-wide' : ''}`} htmlFor={id}>
      <span>{spec.label}</span>
      {spec.lines ? (
        <textarea id={id} rows={Math.min(5, Math.max(2, pathLines(value).length + 1))} value={value} disabled={disabled} placeholder={spec.placeholder} spellCheck={false} onChange={(event) => setValue(event.target.value)} onKeyDown={onKeyDown} />
      ) : (
        <input id={id} value={value} disabled={disabled} placeholder={spec.placeholder} spellCheck={false} onChange={(event) => setValue(event.target.value)} onKeyDown={onKeyDown} />
      )}
    </label>
  );
}

/** The four checks, one form at a time: pick the check, give the paths, run it against the incident. */
export function SupplyCheckForm({ incidentId }: { incidentId: string }) {
  const kind = useSupply((state) => state.views[incidentId]?.form ?? emptySupplyView.form);
  const choose = useSupply((state) => state.choose);
  const run = useSupply((state) => state.run);
  const running = useSupply((state) => state.running);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const form = forms[kind];
  const busy = running !== null;
  const values = useDraftValues(incidentId, kind, form.fields);
  const input = form.input(values);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !input) return;
    setMessage(null);
    const result = await run(incidentId, input);
    if (!result.ok) setMessage(result.error.code === 'cancelled' ? { text: result.error.message, failed: false } : { text: `${checkKindLabels[kind]} failed: ${result.error.message}`, failed: true });
  };
  // Arrows move between the checks, as between the incident's tabs.
  const onChooserKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = kinds[(kinds.indexOf(kind) + (event.key === 'ArrowRight' ? 1 : kinds.length - 1)) % kinds.length]!;
    choose(incidentId, next);
    setMessage(null);
    document.getElementById(`supply-choose-${next}`)?.focus();
  };

  return (
    <form className="supply-form" aria-label="Run a supply-chain check" onSubmit={(event) => void submit(event)}>
      <div className="supply-chooser" role="radiogroup" aria-label="Check" onKeyDown={onChooserKey}>
        {kinds.map((candidate) => (
          <button key={candidate} id={`supply-choose-${candidate}`} type="button" role="radio" aria-checked={candidate === kind} tabIndex={candidate === kind ? 0 : -1} className="chip" disabled={busy} onClick={() => { choose(incidentId, candidate); setMessage(null); }}>
            {checkKindLabels[candidate]}
          </button>
        ))}
      </div>
      <p className="muted small supply-hint">{form.hint}</p>
      <div className="supply-fields">
        {form.fields.map((spec) => <PathField key={`${kind}:${spec.name}`} incidentId={incidentId} kind={kind} spec={spec} disabled={busy} onEnter={() => void submit()} />)}
      </div>
      <div className="supply-form-row">
        {running?.incidentId === incidentId ? <SupplyProgress label={`${checkKindLabels[kind]} progress`} /> : <button type="submit" className="primary" disabled={busy || !input}>{form.button}</button>}
        {busy && running?.incidentId !== incidentId && <span className="muted small">Another check or import is running; this one waits for it.</span>}
      </div>
      {message && <p className={`status-line ${message.failed ? 'field-error' : ''}`} role={message.failed ? 'alert' : 'status'}>{message.text}</p>}
    </form>
  );
}

/** The form's fields as typed (kept as drafts, so a tab switch loses nothing). */
function useDraftValues(incidentId: string, kind: SupplyCheckKind, fields: FieldSpec[]): Record<string, string> {
  const drafts = useUi((state) => state.drafts);
  return Object.fromEntries(fields.map((spec) => [spec.name, drafts[`supplyPaths:${incidentId}:${kind}:${spec.name}`] ?? '']));
}
