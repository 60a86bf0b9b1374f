import { useState } from 'react';
import type { Checklist, Phase } from '../../../src-main/contract';

interface Props {
  checklist: Checklist;
  closed: boolean;
  /** Its failure is shown by the incident page, under the controls. */
  onAdvance(to: Phase): Promise<unknown>;
}

/** Identify → … → Learn with progress per phase; the responder moves on when ready. */
export function PhaseStepper({ checklist, closed, onAdvance }: Props) {
  const currentIndex = checklist.phases.findIndex((phase) => phase.phase === checklist.currentPhase);
  const next = checklist.phases[currentIndex + 1];
  const current = checklist.phases[currentIndex];
  const [busy, setBusy] = useState(false);
  return (
    <nav className="stepper" aria-label="Phases">
      <ol>
        {checklist.phases.map((phase, index) => {
          const settled = phase.total - phase.open;
          const state = index < currentIndex ? 'past' : index === currentIndex ? 'current' : 'future';
          return (
            <li key={phase.phase} className={`phase phase-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="phase-name">{phase.phase}</span>
              <span className="phase-count">
                {settled}/{phase.total}
                {phase.criticalOpen > 0 && <span className="critical-open" title={`${phase.criticalOpen} critical step(s) open`}> ! {phase.criticalOpen}</span>}
              </span>
              <span className="phase-bar" aria-hidden>
                <span style={{ width: phase.total ? `${(settled / phase.total) * 100}%` : '0%' }} />
              </span>
            </li>
          );
        })}
      </ol>
      {next && !closed && (
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => {
            const warning = current && current.criticalOpen > 0 ? `${current.criticalOpen} critical step(s) in ${current.phase} are still open. Move to ${next.phase} anyway?` : null;
            if (warning && !window.confirm(warning)) return;
            setBusy(true);
            void onAdvance(next.phase).finally(() => setBusy(false));
          }}
        >
          Advance to {next.phase} →
        </button>
      )}
    </nav>
  );
}
