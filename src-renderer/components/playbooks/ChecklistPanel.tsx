import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Checklist, ChecklistStep, Phase } from '../../../src-main/contract';
import { useChecklists, useUi } from '../../hooks/stores';
import { useDraft, useHasDraft } from '../../hooks/useDraft';
import { useShortcuts, type ShortcutMap } from '../../hooks/useShortcuts';
import { copyText, focusVariable } from './CommandBlock';
import { LoadError } from '../common/LoadError';
import { StepRow, type StepEditor } from './StepRow';
import { VariablesPanel } from './VariablesPanel';

interface Props {
  checklist: Checklist;
  closed: boolean;
}

/** The playbook as a live checklist: j/k move, x ticks, s skips, e notes, c copies the command. */
export function ChecklistPanel({ checklist, closed }: Props) {
  const incidentId = checklist.incidentId;
  const selectedId = useChecklists((state) => state.selected[incidentId]);
  const select = useChecklists((state) => state.select);
  const move = useChecklists((state) => state.move);
  const change = useChecklists((state) => state.change);
  const refreshError = useChecklists((state) => state.errors[incidentId]);
  const load = useChecklists((state) => state.load);
  const dialogOpen = useUi((state) => state.declareOpen || state.helpOpen || state.paletteOpen);
  const [editor, setEditor] = useState<{ stepId: string; kind: StepEditor } | null>(null);
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  const [addingTo, setAddingTo] = useState<Phase | null>(null);
  // Steps with a change on its way: their check is disabled until the answer is in.
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  // A failed tick or reopen, shown on the step it belongs to (which may be far below the header).
  const [stepErrors, setStepErrors] = useState<Record<string, string>>({});
  const selected = checklist.steps.find((step) => step.id === selectedId);

  const toggle = useCallback(
    async (step: ChecklistStep) => {
      setPending((current) => new Set(current).add(step.id));
      const result = await change(incidentId, step.id, step.status === 'done' ? { change: 'reopen' } : { change: 'done' });
      setPending((current) => {
        const next = new Set(current);
        next.delete(step.id);
        return next;
      });
      setStepErrors((current) => {
        const { [step.id]: _dropped, ...others } = current;
        return result.ok ? others : { ...others, [step.id]: `Could not ${step.status === 'done' ? 'reopen' : 'mark it done'}: ${result.error.message}` };
      });
    },
    [change, incidentId],
  );

  const submitEditor = useCallback(
    async (stepId: string, kind: StepEditor, text: string): Promise<string | null> => {
      const result = await change(incidentId, stepId, kind === 'note' ? { change: 'note', text } : kind === 'skip' ? { change: 'skip', reason: text } : { change: 'na', reason: text });
      if (!result.ok) return `Not saved: ${result.error.message}`;
      setEditor(null);
      return null;
    },
    [change, incidentId],
  );

  const shortcuts = useMemo((): ShortcutMap => {
    if (dialogOpen || closed) return {};
    const withSelected = (action: (step: ChecklistStep) => void) => () => {
      if (selected) action(selected);
    };
    return {
      j: () => move(incidentId, 1),
      k: () => move(incidentId, -1),
      ArrowDown: () => move(incidentId, 1),
      ArrowUp: () => move(incidentId, -1),
      x: withSelected((step) => void toggle(step)),
      s: withSelected((step) => setEditor({ stepId: step.id, kind: 'skip' })),
      e: withSelected((step) => setEditor({ stepId: step.id, kind: 'note' })),
      c: withSelected((step) => {
        if (!step.filledCommand) {
          setStatus({ text: 'This step has no command to copy.', failed: false });
          return;
        }
        // A command with a gap would run wrong: the responder is taken to the value it needs instead.
        const gap = step.unfilledPlaceholders[0];
        if (gap) {
          const there = focusVariable(gap);
          setStatus({ text: `Not copied: fill {${gap}} first${there ? ' (Command values, above)' : ''}.`, failed: true });
          return;
        }
        void copyText(step.filledCommand).then((copied) => setStatus(copied ? { text: `Copied: ${step.filledCommand}`, failed: false } : { text: 'Copy failed: select the command and press Ctrl+C.', failed: true }));
      }),
    };
  }, [closed, dialogOpen, incidentId, move, selected, toggle]);
  useShortcuts(shortcuts);

  // Follows the cursor when it moves (j/k, a click), never on opening the incident: the responder
  // first reads the header, and the page must not jump to wherever the first open step is.
  const shownSelection = useRef(selectedId);
  useEffect(() => {
    if (shownSelection.current === selectedId) return;
    const opening = shownSelection.current === undefined;
    shownSelection.current = selectedId;
    if (selectedId && !opening) document.querySelector(`[data-step-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <section className="checklist" aria-label="Checklist">
      <header className="checklist-header">
        <h2>{checklist.playbookTitle}</h2>
        <span className="hint">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>x</kbd> done · <kbd>s</kbd> skip · <kbd>e</kbd> note · <kbd>c</kbd> copy
        </span>
      </header>
      {refreshError && <LoadError what="the checklist" message={refreshError} onRetry={() => load(incidentId)} stale />}
      <VariablesPanel incidentId={incidentId} variables={checklist.variables} closed={closed} />
      {status && (
        <p className={`status-line ${status.failed ? 'field-error' : ''}`} role={status.failed ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
      {checklist.phases
        .filter((phase) => phase.total > 0)
        .map((phase) => (
          <div key={phase.phase} className={`checklist-phase ${phase.phase === checklist.currentPhase ? 'is-current' : ''}`}>
            <h3>
              {phase.phase} <span className="muted">{phase.total - phase.open}/{phase.total}</span>
            </h3>
            <ul className="steps" aria-label={`${phase.phase} steps`}>
              {checklist.steps
                .filter((step) => step.phase === phase.phase)
                .map((step) => (
                  <StepRow
                    key={step.id}
                    incidentId={incidentId}
                    step={step}
                    selected={step.id === selectedId}
                    editor={editor?.stepId === step.id ? editor.kind : null}
                    disabled={closed}
                    busy={pending.has(step.id)}
                    failure={stepErrors[step.id] ?? null}
                    onSelect={() => select(incidentId, step.id)}
                    onToggle={() => void toggle(step)}
                    onOpenEditor={(kind) => setEditor({ stepId: step.id, kind })}
                    onSubmitEditor={(kind, text) => submitEditor(step.id, kind, text)}
                    onCloseEditor={() => setEditor(null)}
                  />
                ))}
            </ul>
            {!closed &&
              (addingTo === phase.phase ? (
                <AddStep incidentId={incidentId} phase={phase.phase} onClose={() => setAddingTo(null)} />
              ) : (
                <AddStepLink incidentId={incidentId} phase={phase.phase} onOpen={() => setAddingTo(phase.phase)} />
              ))}
          </div>
        ))}
    </section>
  );
}

const addStepDraftKey = (incidentId: string, phase: Phase) => `addstep:${incidentId}:${phase}`;

function AddStepLink({ incidentId, phase, onOpen }: { incidentId: string; phase: Phase; onOpen(): void }) {
  const drafted = useHasDraft(addStepDraftKey(incidentId, phase));
  return (
    <button type="button" className="link add-step-link" onClick={onOpen}>
      + Add a step to {phase}
      {drafted && <span className="draft-mark"> (draft kept)</span>}
    </button>
  );
}

/** A new step for one phase: Escape closes it and keeps the text; a failed add keeps it and says why, here. */
function AddStep({ incidentId, phase, onClose }: { incidentId: string; phase: Phase; onClose(): void }) {
  const addStep = useChecklists((state) => state.addStep);
  const [text, setText, clearText] = useDraft(addStepDraftKey(incidentId, phase));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await addStep(incidentId, phase, text);
    if (result.ok) {
      clearText(text);
      onClose();
      return;
    }
    setBusy(false);
    setError(`Step not added: ${result.error.message}`);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };
  return (
    <form className="add-step" onSubmit={(event) => void submit(event)}>
      <div className="add-step-row">
        <input autoFocus aria-label={`New step in ${phase}`} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} placeholder="What needs doing? (Enter to add, Esc to close)" />
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Adding…' : 'Add'}</button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}
