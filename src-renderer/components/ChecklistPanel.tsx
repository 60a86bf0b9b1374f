import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Checklist, ChecklistStep, Phase } from '../../src-main/contract';
import { useChecklists, useUi } from '../hooks/stores';
import { useShortcuts, type ShortcutMap } from '../hooks/useShortcuts';
import { copyText } from './CommandBlock';
import { StepRow, type StepEditor } from './StepRow';

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
  const addStep = useChecklists((state) => state.addStep);
  const dialogOpen = useUi((state) => state.declareOpen || state.helpOpen || state.paletteOpen);
  const [editor, setEditor] = useState<{ stepId: string; kind: StepEditor } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [newStep, setNewStep] = useState<{ phase: Phase; text: string } | null>(null);
  const selected = checklist.steps.find((step) => step.id === selectedId);

  const toggle = useCallback(
    async (step: ChecklistStep) => {
      const result = await change(incidentId, step.id, step.status === 'done' ? { change: 'reopen' } : { change: 'done' });
      setStatus(result.ok ? null : result.error.message);
    },
    [change, incidentId],
  );

  const submitEditor = useCallback(
    async (stepId: string, kind: StepEditor, text: string): Promise<string | null> => {
      const result = await change(incidentId, stepId, kind === 'note' ? { change: 'note', text } : kind === 'skip' ? { change: 'skip', reason: text } : { change: 'na', reason: text });
      if (!result.ok) return result.error.message;
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
          setStatus('This step has no command to copy.');
          return;
        }
        void copyText(step.filledCommand).then((copied) => setStatus(copied ? `Copied: ${step.filledCommand}` : 'Copy failed: select the command and press Ctrl+C.'));
      }),
    };
  }, [closed, dialogOpen, incidentId, move, selected, toggle]);
  useShortcuts(shortcuts);

  useEffect(() => {
    if (selectedId) document.querySelector(`[data-step-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <section className="checklist" aria-label="Checklist">
      <header className="checklist-header">
        <h2>{checklist.playbookTitle}</h2>
        <span className="hint">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>x</kbd> done · <kbd>s</kbd> skip · <kbd>e</kbd> note · <kbd>c</kbd> copy
        </span>
      </header>
      {status && <p className="status-line" role="status">{status}</p>}
      {checklist.phases
        .filter((phase) => phase.total > 0)
        .map((phase) => (
          <div key={phase.phase} className={`checklist-phase ${phase.phase === checklist.currentPhase ? 'is-current' : ''}`}>
            <h3>
              {phase.phase} <span className="muted">{phase.total - phase.open}/{phase.total}</span>
            </h3>
            <ul className="steps" role="listbox" aria-label={`${phase.phase} steps`}>
              {checklist.steps
                .filter((step) => step.phase === phase.phase)
                .map((step) => (
                  <StepRow
                    key={step.id}
                    step={step}
                    selected={step.id === selectedId}
                    editor={editor?.stepId === step.id ? editor.kind : null}
                    disabled={closed}
                    onSelect={() => select(incidentId, step.id)}
                    onToggle={() => void toggle(step)}
                    onOpenEditor={(kind) => setEditor({ stepId: step.id, kind })}
                    onSubmitEditor={(kind, text) => submitEditor(step.id, kind, text)}
                    onCloseEditor={() => setEditor(null)}
                  />
                ))}
            </ul>
            {!closed &&
              (newStep?.phase === phase.phase ? (
                <form
                  className="add-step"
                  onSubmit={(event) => {
                    event.preventDefault();
                    void addStep(incidentId, phase.phase, newStep.text).then((result) => (result.ok ? setNewStep(null) : setStatus(result.error.message)));
                  }}
                >
                  <input autoFocus aria-label={`New step in ${phase.phase}`} value={newStep.text} onChange={(e) => setNewStep({ ...newStep, text: e.target.value })} onKeyDown={(e) => e.key === 'Escape' && setNewStep(null)} placeholder="What needs doing?" />
                  <button type="submit" className="primary">Add</button>
                </form>
              ) : (
                <button type="button" className="link add-step-link" onClick={() => setNewStep({ phase: phase.phase, text: '' })}>
                  + Add a step to {phase.phase}
                </button>
              ))}
          </div>
        ))}
    </section>
  );
}
