import { useEffect, useState } from 'react';
import type { Checklist, Envelope, Phase, PhaseGate } from '../../../src-main/contract';
import { useAssets, useUi } from '../../hooks/stores';
import { PhaseGateDialog } from './PhaseGateDialog';

interface Props {
  checklist: Checklist;
  closed: boolean;
  /** Its failure is shown by the incident page, under the controls; `reason` answers the phase gate. */
  onAdvance(to: Phase, reason?: string): Promise<Envelope<unknown>>;
  /** A gate refusal is answered by the dialog here, not by the page's error line. */
  onGateAsked(): void;
}

type GateAsk = { from: Phase; to: Phase; open: PhaseGate['open']; refusal: string | null };

/** The phases whose progress waits on assets (the service's openForContain / openForRecover). */
const assetPhases: Partial<Record<Phase, 'openForContain' | 'openForRecover'>> = { Contain: 'openForContain', Recover: 'openForRecover' };

/** A phase's required steps still open (the checklist's gates), so the question comes before the refusal. */
function openRequired(checklist: Checklist, phase: Phase): PhaseGate['open'] {
  return checklist.gates.find((gate) => gate.phase === phase)?.open ?? [];
}

/** Identify → … → Learn with progress per phase; the responder moves on when ready. */
export function PhaseStepper({ checklist, closed, onAdvance, onGateAsked }: Props) {
  const incidentId = checklist.incidentId;
  const currentIndex = checklist.phases.findIndex((phase) => phase.phase === checklist.currentPhase);
  const next = checklist.phases[currentIndex + 1];
  const current = checklist.phases[currentIndex];
  const [busy, setBusy] = useState(false);
  const [gate, setGate] = useState<GateAsk | null>(null);
  const assets = useAssets((state) => state.lists[incidentId]);
  const loadAssets = useAssets((state) => state.load);
  const navigate = useUi((state) => state.navigate);
  useEffect(() => {
    void loadAssets(incidentId);
  }, [incidentId, loadAssets]);

  const advance = async () => {
    if (!next || !current) return;
    const open = openRequired(checklist, current.phase);
    if (open.length > 0) return setGate({ from: current.phase, to: next.phase, open, refusal: null });
    setBusy(true);
    const result = await onAdvance(next.phase);
    setBusy(false);
    // Refused for its required steps (a checklist that did not say): ask for the reason then.
    if (!result.ok && result.error.code === 'conflict' && /required|reason/i.test(result.error.message)) {
      onGateAsked();
      setGate({ from: current.phase, to: next.phase, open: [], refusal: result.error.message });
    }
  };

  return (
    <nav className="stepper" aria-label="Phases">
      <ol>
        {checklist.phases.map((phase, index) => {
          const settled = phase.total - phase.open;
          const state = index < currentIndex ? 'past' : index === currentIndex ? 'current' : 'future';
          const waitKey = assetPhases[phase.phase];
          const waiting = waitKey && assets ? assets[waitKey].length : 0;
          return (
            <li key={phase.phase} className={`phase phase-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="phase-name">{phase.phase}</span>
              <span className="phase-count">
                {settled}/{phase.total}
                {phase.criticalOpen > 0 && <span className="critical-open" title={`${phase.criticalOpen} critical step(s) open`}> ! {phase.criticalOpen}</span>}
                {waiting > 0 && (
                  <button type="button" className="link phase-assets" onClick={() => navigate({ name: 'incident', id: incidentId, tab: 'assets' })} title={`${phase.phase} waits on ${waiting} asset${waiting === 1 ? '' : 's'}: open the Assets tab`}>
                    {waiting} asset{waiting === 1 ? '' : 's'}
                  </button>
                )}
              </span>
              <span className="phase-bar" aria-hidden>
                <span style={{ width: phase.total ? `${(settled / phase.total) * 100}%` : '0%' }} />
              </span>
            </li>
          );
        })}
      </ol>
      {next && !closed && (
        <button type="button" className="primary" disabled={busy} onClick={() => void advance()}>
          Advance to {next.phase} →
        </button>
      )}
      {gate && <PhaseGateDialog incidentId={incidentId} from={gate.from} to={gate.to} open={gate.open} refusal={gate.refusal} onAdvance={(reason) => onAdvance(gate.to, reason)} onClose={() => setGate(null)} />}
    </nav>
  );
}
