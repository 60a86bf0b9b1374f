import { useEffect } from 'react';
import type { Incident, TemplateAudience } from '../../../src-main/contract';
import { useComms } from '../../hooks/stores';
import { ComposeEditor } from './ComposeEditor';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { NextUpdate } from './NextUpdate';
import './Compose.css';

const audienceLabels: Record<TemplateAudience, string> = { internal: 'Internal', external: 'Customers', public: 'Public' };

/** The incident's Compose tab: a template filled from the incident, to edit, copy and mark sent. */
export function ComposeTab({ incident }: { incident: Incident }) {
  const templates = useComms((state) => state.templates);
  const problems = useComms((state) => state.problems);
  const templatesError = useComms((state) => state.templatesError);
  const loadTemplates = useComms((state) => state.loadTemplates);
  const selectedId = useComms((state) => state.selected[incident.id]);
  const select = useComms((state) => state.select);
  const selected = templates?.find((template) => template.id === selectedId);

  useEffect(() => {
    if (!templates) void loadTemplates();
  }, [templates, loadTemplates]);

  return (
    <section className="compose" aria-label="Compose">
      {!selected && <NextUpdate incidentId={incident.id} />}
      <nav className="template-picker" aria-label="Templates">
        <h2>Templates</h2>
        {templatesError && <LoadError what="the templates" message={templatesError} onRetry={loadTemplates} stale={templates !== null} />}
        {!templates && !templatesError && <Loading what="the templates" onRetry={loadTemplates} />}
        <ul>
          {templates?.map((template) => (
            <li key={template.id}>
              <button type="button" title={template.description || template.title} className={`template-choice ${template.id === selectedId ? 'active' : ''}`} aria-pressed={template.id === selectedId} onClick={() => select(incident.id, template.id)}>
                <span className="template-title">{template.title}</span>
                <span className={`audience audience-${template.audience}`}>{audienceLabels[template.audience]}</span>
                {template.source === 'user' && <span className="muted small">from the data folder</span>}
              </button>
            </li>
          ))}
        </ul>
        {problems.length > 0 && (
          <div className="template-problems" role="note">
            <strong>{problems.length === 1 ? 'A template file was not loaded' : `${problems.length} template files were not loaded`}</strong>
            <ul>
              {problems.map((problem) => (
                <li key={`${problem.file}:${problem.line}`}>
                  <code>{problem.file}{problem.line ? `:${problem.line}` : ''}</code> {problem.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </nav>
      {selected ? (
        <ComposeEditor incident={incident} template={selected} />
      ) : (
        <div className="compose-empty muted">
          <p>Pick a template: it is filled from this incident, and every fact it lacks is marked <mark className="fill-marker">[fill in: …]</mark> for you to complete.</p>
        </div>
      )}
    </section>
  );
}
