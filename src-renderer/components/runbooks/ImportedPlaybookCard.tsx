import { useState } from 'react';
import type { ImportedPlaybook, ImportedSection, Phase } from '../../../src-main/contract';
import { useImport, useIncidents } from '../../hooks/stores';
import { InlineName } from '../common/InlineName';

// The renderer takes only types from the contract; `satisfies` keeps this list in step with its phases.
const phases = ['Identify', 'Triage', 'Contain', 'Eradicate', 'Recover', 'Learn'] as const satisfies readonly Phase[];

export const playbookAnchor = (id: string) => `import-playbook-${id}`;

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function SectionCard({ playbook, index, section, at }: { playbook: ImportedPlaybook; index: number; section: ImportedSection; at: number }) {
  const renameSection = useImport((state) => state.renameSection);
  const setPhase = useImport((state) => state.setPhase);
  const mergeUp = useImport((state) => state.mergeUp);
  const dropSection = useImport((state) => state.dropSection);
  const above = at > 0 ? playbook.sections[at - 1] : undefined;
  const [open, setOpen] = useState(false);
  const commands = section.steps.filter((step) => step.command).length;
  return (
    <li className={`import-section${section.phase === null ? ' no-phase' : ''}`} aria-label={`Section ${section.heading}`}>
      <div className="import-section-head">
        <span className="line-no" title="Line in the runbook">L{section.line}</span>
        <InlineName value={section.heading} label={`section ${section.heading}`} onRename={(heading) => renameSection(index, at, heading)} />
        <select aria-label={`Phase of ${section.heading}`} value={section.phase ?? ''} onChange={(event) => setPhase(index, at, (event.target.value || null) as Phase | null)}>
          <option value="">No phase</option>
          {phases.map((phase) => <option key={phase} value={phase}>{phase}</option>)}
        </select>
        <span className="muted small">{plural(section.steps.length, 'step')}{commands ? `, ${commands} with a command` : ''}</span>
        <span className="import-section-actions">
          <button type="button" onClick={() => setOpen(!open)} aria-expanded={open}>{open ? 'Hide steps' : 'Steps'}</button>
          {above && <button type="button" onClick={() => mergeUp(index, at)} title={`Append these steps to “${above.heading}”`}>Merge up</button>}
          <button type="button" onClick={() => dropSection(index, at)} aria-label={`Drop section ${section.heading}`}>Drop</button>
        </span>
      </div>
      {section.phase === null && <p className="import-flag" role="note">No phase: pick the phase its steps belong to, merge it into the section above, or drop it. It cannot be saved without one.</p>}
      {open && (
        <ol className="import-steps">
          {section.steps.map((step, stepAt) => (
            <li key={stepAt}>
              <span>{step.text}</span>
              {step.detail && <div className="step-detail">{step.detail}</div>}
              {step.command && <pre className="import-command mono">{step.command}</pre>}
            </li>
          ))}
          {section.steps.length === 0 && <li className="muted">No steps under this heading.</li>}
        </ol>
      )}
    </li>
  );
}

/** One extracted playbook: its title, and its sections with phase, steps and the corrections. */
export function ImportedPlaybookCard({ playbook, index }: { playbook: ImportedPlaybook; index: number }) {
  const renamePlaybook = useImport((state) => state.renamePlaybook);
  const setPlaybookId = useImport((state) => state.setPlaybookId);
  // A saved playbook with a shipped playbook's id takes its place for every new incident.
  const existing = useIncidents((state) => state.playbooks.find((candidate) => candidate.id === playbook.id));
  // Right after a save the match is the file just written, not one it would replace.
  const shipped = useImport((state) => (state.saved ? undefined : existing));
  const dropPlaybook = useImport((state) => state.dropPlaybook);
  const steps = playbook.sections.reduce((total, section) => total + section.steps.length, 0);
  return (
    <section id={playbookAnchor(playbook.id)} tabIndex={-1} className="import-playbook" aria-label={`Playbook ${playbook.title}`}>
      <header className="import-playbook-head">
        <span className="line-no">L{playbook.line}</span>
        <h3><InlineName value={playbook.title} label={`playbook ${playbook.title}`} onRename={(title) => renamePlaybook(index, title)} /></h3>
        <span className="muted small">{plural(playbook.sections.length, 'section')} · {plural(steps, 'step')} · saved as</span>
        <span className="import-id mono small"><InlineName value={playbook.id} label={`the id of ${playbook.title}`} onRename={(id) => setPlaybookId(index, id)} /></span>
        <button type="button" className="import-drop-playbook" onClick={() => dropPlaybook(index)} aria-label={`Drop playbook ${playbook.title}`}>Drop</button>
      </header>
      {shipped && (
        <p className="import-flag" role="note">
          Saving replaces the {shipped.origin === 'user' ? 'saved' : 'shipped'} playbook “{shipped.title}” ({shipped.id}) for new incidents. Change the id to keep both.
        </p>
      )}
      <ul className="import-sections">
        {playbook.sections.map((section, at) => (
          <SectionCard key={`${section.line}-${at}`} playbook={playbook} index={index} section={section} at={at} />
        ))}
        {playbook.sections.length === 0 && <li className="muted">No sections left: drop this playbook, or preview the runbook again.</li>}
      </ul>
    </section>
  );
}
