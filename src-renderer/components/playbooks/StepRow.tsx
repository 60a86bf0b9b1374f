import { memo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ChecklistStep } from '../../../src-main/contract';
import { localTime } from '../../format';
import { useComms, useLiveResponse, useSupply, useUi } from '../../hooks/stores';
import { useDraft, useHasDraft } from '../../hooks/useDraft';
import { usePasteGuard } from '../../hooks/usePasteGuard';
import { useScanKind } from '../../hooks/useScanKind';
import { CommandBlock } from './CommandBlock';
import { StepAssignee } from './StepAssignee';
import { PasteGuardWarning } from '../common/PasteGuardWarning';
import { UserText } from '../common/UserText';
import { UnavailableScan } from './UnavailableScan';

export type StepEditor = 'skip' | 'na' | 'note';

interface Props {
  incidentId: string;
  step: ChecklistStep;
  selected: boolean;
  editor: StepEditor | null;
  disabled: boolean;
  /** A change to this step is on its way: the check waits for the answer. */
  busy: boolean;
  /** Why the last tick or reopen of this step failed. */
  failure: string | null;
  onSelect(): void;
  onToggle(): void;
  onOpenEditor(editor: StepEditor): void;
  onSubmitEditor(editor: StepEditor, text: string): Promise<string | null>;
  onCloseEditor(): void;
}

const statusIcons: Record<ChecklistStep['status'], string> = { open: '○', done: '✓', skipped: '⤼', na: '—' };
const statusLabels: Record<ChecklistStep['status'], string> = { open: 'open', done: 'done', skipped: 'skipped', na: 'not applicable' };
const editorFields: Record<StepEditor, string> = { skip: 'skip reason', na: 'reason', note: 'step note' };
const editorPrompts: Record<StepEditor, string> = { skip: 'Why skip it? (Enter to save, Esc to close)', na: 'Why not applicable? (optional)', note: 'Note on this step (Enter to save)' };
const actionLabels: Record<string, string> = { scan: 'Scan', evidence: 'Evidence', template: 'Template', 'live-response': 'Live response' };

export const stepDraftKey = (incidentId: string, stepId: string, editor: StepEditor) => `step:${incidentId}:${stepId}:${editor}`;

/** Escape closes it and keeps the text for the next time it opens; a failed save keeps it too. */
function InlineEditor({ draftKey, editor, onSubmit, onClose }: { draftKey: string; editor: StepEditor; onSubmit(text: string): Promise<string | null>; onClose(): void }) {
  const [text, setText, clearText] = useDraft(draftKey);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (busy) return;
    setBusy(true);
    // A secret in the text is replaced by its redacted form, and shown, before anything is stored.
    const checked = await guard.beforeSubmit(text);
    if (checked === null) return setBusy(false);
    const failure = await onSubmit(checked);
    // On success the editor is gone (unmounted): only a failure stays to be shown.
    if (failure === null) clearText(checked);
    else {
      setBusy(false);
      setError(failure);
    }
  };
  const guard = usePasteGuard(editorFields[editor], text, setText, () => void submit());
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void submit();
    }
  };
  return (
    <div className="step-editor">
      <input autoFocus aria-label={editorPrompts[editor]} placeholder={editorPrompts[editor]} value={text} readOnly={busy} onChange={(e) => setText(e.target.value)} onPaste={guard.onPaste} onKeyDown={onKeyDown} aria-invalid={guard.warning !== null} />
      <PasteGuardWarning guard={guard} />
      {busy && <span className="muted small">Saving…</span>}
      {error && <span className="field-error" role="alert">{error}</span>}
    </div>
  );
}

function EditorButton({ draftKey, onClick, children }: { draftKey: string; onClick(): void; children: ReactNode }) {
  const drafted = useHasDraft(draftKey);
  return (
    <button type="button" onClick={onClick} title={drafted ? 'What you typed is kept: open to finish it' : undefined}>
      {children}
      {drafted && <span className="draft-mark"> (draft)</span>}
    </button>
  );
}

const actionTabs = { scan: 'scans', evidence: 'evidence', template: 'compose', 'live-response': 'evidence' } as const;
const tabNames = { scans: 'Scans', logs: 'Logs', supply: 'Supply chain', evidence: 'Evidence', compose: 'Compose' } as const;
/** Scan kinds run on their own tab rather than the Scans tab. */
const scanTabs: Record<string, 'logs' | 'supply'> = { logs: 'logs', dependencies: 'supply', integrity: 'supply' };

/**
 * Ticking an acknowledge step acknowledges the incident; scan, evidence, template and live response
 * steps open the tab that does them (a scan the console cannot run yet says so; a live response opens
 * on the step's profile).
 */
function ActionLink({ type, target }: { type: string; target: string }) {
  const route = useUi((state) => state.route);
  const navigate = useUi((state) => state.navigate);
  const selectTemplate = useComms((state) => state.select);
  const chooseLive = useLiveResponse((state) => state.choose);
  const chooseSupplyForm = useSupply((state) => state.choose);
  const scanKind = useScanKind(type === 'scan' ? target : null);
  if (type === 'acknowledge') return <span className="action-tag" title="Ticking this step acknowledges the incident and stops the response SLA">ticking acknowledges</span>;
  if (scanKind && !scanKind.runnable) return <UnavailableScan kind={scanKind} />;
  const tab = type === 'scan' ? (scanTabs[target] ?? 'scans') : actionTabs[type as keyof typeof actionTabs];
  if (!tab || route.name !== 'incident') return <span className="action-tag" title="Done with another part of the console">{actionLabels[type]}: {target}</span>;
  const open = () => {
    if (type === 'template') selectTemplate(route.id, target);
    if (type === 'live-response') chooseLive(route.id, target, true);
    if (tab === 'supply') chooseSupplyForm(route.id, target === 'integrity' ? 'integrity' : 'deps');
    navigate({ name: 'incident', id: route.id, tab });
  };
  return (
    <button type="button" className="action-tag link-tag" title={type === 'live-response' ? `Open live response on the Evidence tab, profile ${target}` : `Open the ${tabNames[tab]} tab`} onClick={(event) => { event.stopPropagation(); open(); }}>
      {actionLabels[type]}: {target} →
    </button>
  );
}

export const StepRow = memo(function StepRow({ incidentId, step, selected, editor, disabled, busy, failure, onSelect, onToggle, onOpenEditor, onSubmitEditor, onCloseEditor }: Props) {
  return (
    <li className={`step status-${step.status} ${selected ? 'selected' : ''}`} data-step-id={step.id} aria-current={selected ? true : undefined} onClick={onSelect}>
      <button type="button" className="step-check" aria-label={`${step.text}: ${statusLabels[step.status]}${step.status === 'done' ? ', reopen' : ', mark done'}`} onClick={onToggle} disabled={disabled || busy}>
        {statusIcons[step.status]}
      </button>
      <div className="step-body">
        <div className="step-text">
          {/* One run of text: the badges stay on the first line of the words they mark. */}
          <span className="step-words">
            {step.critical && <span className="critical-badge" title="Critical step">critical</span>}
            {step.adhoc && <span className="adhoc-badge">added</span>}
            <UserText text={step.text} />
          </span>
          {step.action && <ActionLink type={step.action.type} target={step.action.target} />}
          <StepAssignee incidentId={incidentId} step={step} disabled={disabled} selected={selected} />
        </div>
        {failure && <p className="field-error step-error" role="alert">{failure}</p>}
        {step.reason && <div className="step-reason">{step.status === 'skipped' ? 'Skipped' : 'Not applicable'}: <UserText text={step.reason} /></div>}
        {selected && step.detail && <div className="step-detail">{step.detail}</div>}
        {step.filledCommand && <CommandBlock step={step} />}
        {step.notes.map((note, index) => (
          <div key={index} className="step-note">
            <span className="muted small">{localTime(note.at)} · {note.actor}</span> <UserText text={note.text} />
          </div>
        ))}
        {editor && <InlineEditor draftKey={stepDraftKey(incidentId, step.id, editor)} editor={editor} onSubmit={(text) => onSubmitEditor(editor, text)} onClose={onCloseEditor} />}
        {selected && !editor && !disabled && (
          <div className="step-actions">
            <EditorButton draftKey={stepDraftKey(incidentId, step.id, 'skip')} onClick={() => onOpenEditor('skip')}>Skip <kbd>s</kbd></EditorButton>
            <EditorButton draftKey={stepDraftKey(incidentId, step.id, 'na')} onClick={() => onOpenEditor('na')}>Not applicable</EditorButton>
            <EditorButton draftKey={stepDraftKey(incidentId, step.id, 'note')} onClick={() => onOpenEditor('note')}>Note <kbd>e</kbd></EditorButton>
          </div>
        )}
      </div>
    </li>
  );
});
