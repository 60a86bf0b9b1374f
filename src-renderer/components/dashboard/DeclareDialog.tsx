import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { FieldIssue, Impact, SeverityAnswers, SeverityAssessment } from '../../../src-main/contract';
import { responseWindow } from '../../format';
import { useIncidents, useUi } from '../../hooks/stores';
import { checkAll, usePasteGuard } from '../../hooks/usePasteGuard';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { Modal } from '../common/Modal';
import { PasteGuardWarning } from '../common/PasteGuardWarning';
import { SeverityAssistant } from './SeverityAssistant';

const impactFields: [keyof Impact, string][] = [
  ['confidentiality', 'Confidentiality — data exposed or stolen'],
  ['integrity', 'Integrity — data modified or corrupted'],
  ['availability', 'Availability — service disrupted'],
];

function FieldError({ issues, field }: { issues: FieldIssue[]; field: string }) {
  const issue = issues.find((candidate) => candidate.field === field);
  return issue ? (
    <p className="field-error" role="alert">
      {issue.message}
    </p>
  ) : null;
}

export function DeclareDialog() {
  const schemes = useIncidents((state) => state.schemes);
  const activeSchemeId = useIncidents((state) => state.activeSchemeId);
  const actor = useIncidents((state) => state.info?.actor ?? '');
  const declare = useIncidents((state) => state.declare);
  const playbooks = useIncidents((state) => state.playbooks);
  const metaError = useIncidents((state) => state.metaError);
  const loadMeta = useIncidents((state) => state.loadMeta);
  const setDeclareOpen = useUi((state) => state.setDeclareOpen);
  const close = () => setDeclareOpen(false);
  const navigate = useUi((state) => state.navigate);
  const scheme = schemes.find((candidate) => candidate.id === activeSchemeId);

  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState('');
  const preselected = useUi((state) => state.declareScenario);
  const [scenario, setScenario] = useState(preselected ?? 'generic');
  const [assistantOpen, setAssistantOpen] = useState(false);
  const [assessment, setAssessment] = useState<{ suggestion: SeverityAssessment; answers: SeverityAnswers } | null>(null);
  const [impact, setImpact] = useState<Impact>({ confidentiality: false, integrity: false, availability: false });
  const [commander, setCommander] = useState('');
  const [detectionSource, setDetectionSource] = useState('');
  const [description, setDescription] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const resubmit = () => void submit();
  const guards = {
    title: usePasteGuard('title', title, setTitle, resubmit),
    commander: usePasteGuard('commander', commander, setCommander, resubmit),
    detectionSource: usePasteGuard('detection source', detectionSource, setDetectionSource, resubmit),
    description: usePasteGuard('description', description, setDescription, resubmit),
  };

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    const local: FieldIssue[] = [];
    if (!title.trim()) local.push({ field: 'title', message: 'Give the incident a title: what is happening, in one line.' });
    if (!severity) local.push({ field: 'severity', message: 'Pick a severity: it sets the response-time SLA.' });
    setIssues(local);
    setFormError(null);
    if (local.length) return;
    setBusy(true);
    // Secrets in any field are replaced by their redacted form, and shown, before anything is stored.
    const checked = await checkAll([
      [guards.title, title],
      [guards.commander, commander],
      [guards.detectionSource, detectionSource],
      [guards.description, description],
    ]);
    if (!checked) return setBusy(false);
    const recorded = assessment ? { answers: { ...assessment.answers }, suggested: assessment.suggestion.severity, reasons: assessment.suggestion.reasons } : undefined;
    const [checkedTitle, checkedCommander, checkedSource, checkedDescription] = checked as [string, string, string, string];
    const result = await declare({ title: checkedTitle, severity, scenario, impact, commander: checkedCommander, detectionSource: checkedSource, description: checkedDescription, assessment: recorded });
    setBusy(false);
    if (result.ok) {
      close();
      navigate({ name: 'incident', id: result.value.id });
      return;
    }
    setIssues(result.error.fields ?? []);
    setFormError(result.error.message);
  }

  const submitOnCtrlEnter = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit();
  };

  return (
    <Modal title="Declare an incident" onClose={close} wide>
      <form className="form" onSubmit={submit} onKeyDown={submitOnCtrlEnter} noValidate>
        <label className="field">
          <span>Title</span>
          <input autoFocus value={title} onChange={(e) => setTitle(e.target.value)} onPaste={guards.title.onPaste} placeholder="AWS access key pushed to a public repository" aria-invalid={issues.some((i) => i.field === 'title') || guards.title.warning !== null} />
          <FieldError issues={issues} field="title" />
          <PasteGuardWarning guard={guards.title} />
        </label>

        <fieldset className="field">
          <legend>Severity{scheme ? ` — ${scheme.name}` : ''}</legend>
          {!scheme && (metaError ? <LoadError what="the severity levels" message={metaError} onRetry={loadMeta} /> : <Loading what="the severity levels" onRetry={loadMeta} />)}
          <div className="severity-options" role="radiogroup" aria-label="Severity">
            {scheme?.levels.map((level, rank) => (
              <label key={level.id} className={`severity-option sev-border-${Math.min(rank, 3)} ${severity === level.id ? 'selected' : ''}`} title={level.description}>
                <input type="radio" name="severity" value={level.id} checked={severity === level.id} onChange={() => setSeverity(level.id)} />
                <strong>{level.id}</strong>
                <span>{level.label}</span>
                <small>respond in {responseWindow(level.responseMinutes)}</small>
              </label>
            ))}
          </div>
          <FieldError issues={issues} field="severity" />
          {assessment && assessment.suggestion.severity !== severity && (
            <p className="hint">The assistant suggested {assessment.suggestion.severity}; your choice of {severity || 'none'} will be recorded as an override.</p>
          )}
          <button type="button" className="link" onClick={() => setAssistantOpen(!assistantOpen)}>
            {assistantOpen ? 'Hide the severity assistant' : 'Not sure? Answer five questions'}
          </button>
          {assistantOpen && (
            <SeverityAssistant
              onAccept={(suggestion, answers) => {
                setSeverity(suggestion.severity);
                setImpact(suggestion.impact);
                setAssessment({ suggestion, answers });
                setAssistantOpen(false);
              }}
            />
          )}
        </fieldset>

        <div className="field-row">
          <label className="field">
            <span>Scenario (playbook)</span>
            <select aria-label="Scenario" value={scenario} onChange={(e) => setScenario(e.target.value)}>
              {playbooks.map((playbook) => (
                <option key={playbook.id} value={playbook.id} title={playbook.description}>
                  {playbook.title}
                </option>
              ))}
            </select>
            <FieldError issues={issues} field="scenario" />
          </label>
          <label className="field">
            <span>Commander</span>
            <input value={commander} onChange={(e) => setCommander(e.target.value)} onPaste={guards.commander.onPaste} placeholder={actor ? `${actor} (you)` : 'you'} />
            <FieldError issues={issues} field="commander" />
            <PasteGuardWarning guard={guards.commander} />
          </label>
        </div>
        <button type="button" className="link small import-link" onClick={() => { close(); navigate({ name: 'import' }); }}>Scenario not listed? Import your team&apos;s runbook</button>

        <fieldset className="field">
          <legend>Impact</legend>
          <div className="impact-options">
            {impactFields.map(([key, label]) => (
              <label key={key} className="check">
                <input type="checkbox" checked={impact[key]} onChange={(e) => setImpact({ ...impact, [key]: e.target.checked })} />
                {label}
              </label>
            ))}
          </div>
        </fieldset>

        <label className="field">
          <span>Detected by</span>
          <input value={detectionSource} onChange={(e) => setDetectionSource(e.target.value)} onPaste={guards.detectionSource.onPaste} placeholder="GitHub secret scanning alert" />
          <FieldError issues={issues} field="detectionSource" />
          <PasteGuardWarning guard={guards.detectionSource} />
        </label>
        <label className="field">
          <span>Description</span>
          <textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} onPaste={guards.description.onPaste} placeholder="What is known so far" />
          <FieldError issues={issues} field="description" />
          <PasteGuardWarning guard={guards.description} />
        </label>

        {formError && !issues.length && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <footer className="form-actions">
          <span className="hint">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> declares · <kbd>Esc</kbd> leaves a field, then cancels
          </span>
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary danger" disabled={busy}>
            {busy ? 'Declaring…' : 'Declare incident'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
