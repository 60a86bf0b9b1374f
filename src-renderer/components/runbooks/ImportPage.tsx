import { useMemo, useState, type FormEvent } from 'react';
import type { RunbookImport } from '../../../src-main/contract';
import { responseWindow } from '../../format';
import { useImport, useIncidents, useUi } from '../../hooks/stores';
import { unphasedSections } from '../../stores/importStore';
import { ImportedPlaybookCard, playbookAnchor } from './ImportedPlaybookCard';
import { InlineName } from '../common/InlineName';
import './Import.css';

interface OutlineEntry {
  line: number;
  label: string;
  kind: string;
  depth: number;
  /** The element id of its card in the extracted column, to jump to. */
  target?: string;
}

/** Brings a card into view and gives it the focus, so the keyboard carries on from there. */
function jumpTo(id: string) {
  const element = document.getElementById(id);
  element?.scrollIntoView({ block: 'start' });
  element?.focus({ preventScroll: true });
}

/** The runbook's headings the importer used, in source order, with their line numbers. */
function outline(preview: RunbookImport): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  for (const playbook of preview.playbooks) {
    entries.push({ line: playbook.line, label: playbook.title, kind: 'playbook', depth: 0, target: playbookAnchor(playbook.id) });
    for (const section of playbook.sections) entries.push({ line: section.line, label: section.heading, kind: section.phase ?? 'no phase', depth: 1, target: playbookAnchor(playbook.id) });
  }
  for (const template of preview.templates) entries.push({ line: template.line, label: template.title, kind: 'template', depth: 0 });
  // A section the runbook gives every scenario (a shared post-incident checklist) is one heading in the source: list it once.
  const seen = new Set<string>();
  return entries
    .sort((a, b) => a.line - b.line)
    .filter((entry) => {
      const key = `${entry.line}\u0000${entry.label}\u0000${entry.kind}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
const sentence = (message: string) => (/[.!?]$/.test(message.trim()) ? message.trim() : `${message.trim()}.`);

/** What the save wrote, and the way on: declaring an incident with one of the new playbooks. */
function SavedNotice() {
  const saved = useImport((state) => state.saved);
  const preview = useImport((state) => state.preview);
  const setDeclareOpen = useUi((state) => state.setDeclareOpen);
  const [chosen, setChosen] = useState<string | null>(null);
  if (!saved) return null;
  const scenario = chosen !== null && saved.playbooks.includes(chosen) ? chosen : saved.playbooks[0];
  const titleOf = (id: string) => preview?.playbooks.find((playbook) => playbook.id === id)?.title ?? id;
  return (
    <div className="import-saved" role="status" aria-label="Runbook saved">
      <p>
        <strong>Saved.</strong> {plural(saved.playbooks.length, 'playbook')} and {plural(saved.templates.length, 'template')}{saved.scheme ? `, severity scheme ${saved.scheme}` : ''}. New incidents can use them now.{' '}
      </p>
      <details>
        <summary>{plural(saved.files.length, 'file')} written</summary>
        <ul className="mono small">{saved.files.map((file) => <li key={file}>{file}</li>)}</ul>
      </details>
      {saved.warnings.map((warning, at) => <p key={at} className="hint">{warning}</p>)}
      {scenario && (
        <div className="import-declare">
          <label className="inline-field">
            Declare an incident with
            <select value={scenario} onChange={(event) => setChosen(event.target.value)}>
              {saved.playbooks.map((id) => <option key={id} value={id}>{titleOf(id)} ({id})</option>)}
            </select>
          </label>
          <button type="button" className="primary danger" onClick={() => setDeclareOpen(true, scenario)}>Declare incident…</button>
        </div>
      )}
    </div>
  );
}

/** Bring a team's Markdown runbook in: preview what was found, correct it, save it as playbooks and templates. */
export function ImportPage() {
  const path = useImport((state) => state.path);
  const setPath = useImport((state) => state.setPath);
  const loadPreview = useImport((state) => state.loadPreview);
  const previewing = useImport((state) => state.previewing);
  const preview = useImport((state) => state.preview);
  const previewError = useImport((state) => state.previewError);
  const saving = useImport((state) => state.saving);
  const saveError = useImport((state) => state.saveError);
  const saved = useImport((state) => state.saved);
  const saveConflict = useImport((state) => state.saveConflict);
  const save = useImport((state) => state.save);
  const dropTemplate = useImport((state) => state.dropTemplate);
  const setTemplateId = useImport((state) => state.setTemplateId);
  const loadMeta = useIncidents((state) => state.loadMeta);
  const entries = useMemo(() => (preview ? outline(preview) : []), [preview]);
  const unphased = preview ? unphasedSections(preview) : [];
  const empty = preview !== null && preview.playbooks.length === 0 && preview.templates.length === 0 && preview.severities.length === 0;

  const edited = useImport((state) => state.edited);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (edited && preview && !window.confirm(`Read the file again? Your corrections to ${preview.source} are lost.`)) return;
    void loadPreview();
  };
  const saveAll = async (replace: boolean) => {
    const result = await save(replace);
    // The declare dialog lists playbooks from the console's cache: read the new ones in.
    if (result.ok) await loadMeta();
  };

  return (
    <main className="import-page">
      <div className="toolbar">
        <h1>Import a runbook</h1>
        <span className="muted">A Markdown runbook becomes playbooks, a severity scheme and message templates. Nothing is written until you save.</span>
      </div>
      <form className="import-form" onSubmit={submit}>
        <label className="field">
          <span>Runbook file (.md) on this computer</span>
          <input className="mono" value={path} onChange={(event) => setPath(event.target.value)} placeholder="/home/you/team/INCIDENT_RESPONSE.md" aria-invalid={previewError !== null} />
        </label>
        <button type="submit" className="primary" disabled={previewing}>{previewing ? 'Reading…' : 'Preview'}</button>
      </form>
      {previewError && <p className="form-error" role="alert">Could not read the runbook: {previewError}</p>}

      {preview && (
        <>
          {empty && <p className="form-error" role="alert">Nothing to import from {preview.source}: it has no severity table, playbook or template the importer recognises. It may not be a runbook; see the warnings below.</p>}
          {preview.warnings.length > 0 && (
            <section className="import-warnings-box" aria-label="Warnings">
              <h2>Check these ({preview.warnings.length})</h2>
              <ul className="import-warnings">
                {preview.warnings.map((warning, at) => <li key={at}>{warning.line !== null && <span className="line-no">L{warning.line}</span>} {warning.message}</li>)}
              </ul>
            </section>
          )}
          {!empty && (
            <>
              <div className="import-columns">
                <nav className="import-outline" aria-label="Runbook outline">
                  <h2>{preview.source}</h2>
                  <ol>
                    {entries.map((entry, at) => (
                      <li key={at} className={`depth-${entry.depth}${entry.kind === 'no phase' ? ' no-phase' : ''}`}>
                        <span className="line-no">L{entry.line}</span>
                        <span>
                          {entry.target ? <button type="button" className="link outline-label" onClick={() => jumpTo(entry.target!)}>{entry.label}</button> : <span className="outline-label">{entry.label}</span>}{' '}
                          <span className="muted small">{entry.kind}</span>
                        </span>
                      </li>
                    ))}
                  </ol>
                </nav>
                <div className="import-extracted">
                  <section aria-label="Severity scheme">
                    <h2>Severity scheme</h2>
                    {preview.severities.length === 0 ? <p className="muted">No severity table found: incidents keep the console's current scheme.</p> : (
                      <table className="incident-table import-table">
                        <thead><tr><th>Level</th><th>Label</th><th>Response time</th></tr></thead>
                        <tbody>
                          {preview.severities.map((severity) => (
                            <tr key={severity.level}><td><strong>{severity.level}</strong></td><td>{severity.label}</td><td>{severity.responseMinutes === null ? <span className="import-flag-inline">none given</span> : severity.responseMinutes === 0 ? 'immediately' : responseWindow(severity.responseMinutes)} <span className="muted small">“{severity.responseText}”</span></td></tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </section>
                  <section aria-label="Playbooks">
                    <h2>Playbooks ({preview.playbooks.length})</h2>
                    {preview.playbooks.map((playbook, index) => <ImportedPlaybookCard key={`${playbook.line}-${index}`} playbook={playbook} index={index} />)}
                  </section>
                  <section aria-label="Templates">
                    <h2>Templates ({preview.templates.length})</h2>
                    <ul className="import-templates">
                      {preview.templates.map((template, index) => (
                        <li key={`${template.line}-${index}`}>
                          <span className="line-no">L{template.line}</span> <strong>{template.title}</strong>
                          <span className="import-id mono small">saved as <InlineName value={template.id} label={`the id of template ${template.title}`} onRename={(id) => setTemplateId(index, id)} /></span>
                          <span className="small">
                            {template.fields.map((field) => (
                              <span key={field.placeholder} className={field.field ? 'field-mapped' : 'field-fill'} title={field.field ? `Filled from the incident's ${field.field}` : 'Filled in by hand when composing'}>
                                {field.placeholder} → {field.field ?? 'fill in'}
                              </span>
                            ))}
                          </span>
                          <button type="button" onClick={() => dropTemplate(index)} aria-label={`Drop template ${template.title}`}>Drop</button>
                        </li>
                      ))}
                    </ul>
                  </section>
                  <p className="muted">Also found: {preview.escalation.length} escalation rows, {preview.contacts.length} contacts.</p>
                </div>
              </div>
              <footer className="import-save">
                {unphased.length > 0 && <p className="import-flag" role="note" title={unphased.join('\n')}>{unphased.length === 1 ? `1 section has no phase: ${unphased[0]}.` : `${unphased.length} sections have no phase (marked in yellow): pick one for each, merge or drop them.`}</p>}
                {saveError && <p className="form-error" role="alert">Not saved: {sentence(saveError)} Your corrections are kept.</p>}
                <SavedNotice />
                <div className="form-actions">
                  {unphased.length === 0 && !saveError && !saved && <span className="hint">Saved playbooks appear in the declare dialog&apos;s scenario list.</span>}
                  {saveConflict && <button type="button" onClick={() => void saveAll(true)} disabled={saving}>Replace existing files</button>}
                  <button type="button" className="primary" onClick={() => void saveAll(false)} disabled={saving || empty || saved !== null}>{saving ? 'Saving…' : saved ? 'Saved' : 'Save playbooks and templates'}</button>
                </div>
              </footer>
            </>
          )}
        </>
      )}
    </main>
  );
}
