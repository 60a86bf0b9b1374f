import { useEffect, useState } from 'react';
import type { IndicatorType } from '../../../../src-main/contract';
import { useIndicators, useUi } from '../../../hooks/stores';
import { LoadError } from '../../common/LoadError';
import { Loading } from '../../common/Loading';
import { IndicatorAddForm } from './IndicatorAddForm';
import { IndicatorPaste } from './IndicatorPaste';
import { IndicatorRow } from './IndicatorRow';
import { indicatorTypeChoices, typeName } from './indicatorWords';
import '../Investigation.css';

/** What was found (addresses, domains, hashes, accounts…): added one by one or as a pasted list, each on the timeline. */
export function IndicatorsTab({ incidentId }: { incidentId: string }) {
  const indicators = useIndicators((state) => state.indicators[incidentId]);
  const loadError = useIndicators((state) => state.loadErrors[incidentId]);
  const load = useIndicators((state) => state.load);
  const typeFilter = useIndicators((state) => state.typeFilter[incidentId] ?? null);
  const setTypeFilter = useIndicators((state) => state.setTypeFilter);
  const hasPasteDraft = useUi((state) => Boolean(state.drafts[`iocpaste/${incidentId}`]?.trim()));
  const setTimelineFilter = useUi((state) => state.setTimelineFilter);
  const navigate = useUi((state) => state.navigate);
  const [pasting, setPasting] = useState(hasPasteDraft);

  useEffect(() => {
    void load(incidentId);
  }, [incidentId, load]);

  const showOnTimeline = (indicatorId: string) => {
    setTimelineFilter({ incidentId, indicator: indicatorId });
    navigate({ name: 'incident', id: incidentId, tab: 'timeline' });
  };
  const counts = new Map<IndicatorType, number>();
  for (const indicator of indicators ?? []) counts.set(indicator.type, (counts.get(indicator.type) ?? 0) + 1);
  const shown = (indicators ?? []).filter((indicator) => !typeFilter || indicator.type === typeFilter);

  return (
    <section className="investigation" aria-label="Indicators">
      <IndicatorAddForm incidentId={incidentId} />
      {pasting ? (
        <IndicatorPaste incidentId={incidentId} onClose={() => setPasting(false)} />
      ) : (
        <button type="button" className="link ioc-paste-open" onClick={() => setPasting(true)}>
          Paste a list of indicators…{hasPasteDraft && <span className="draft-mark"> (draft kept)</span>}
        </button>
      )}
      {loadError && <LoadError what="this incident's indicators" message={loadError} onRetry={() => load(incidentId)} stale={indicators !== undefined} />}
      {!indicators && !loadError && <Loading what="this incident's indicators" onRetry={() => load(incidentId)} />}
      {indicators?.length === 0 && (
        <div className="empty investigation-empty">
          <p><strong>No indicators yet.</strong></p>
          <p>
            Indicators (observables) are what the attacker left behind: IP addresses, domains, URLs, email addresses, file hashes, paths, accounts, processes, registry keys. Each one added here goes on
            the timeline, and the timeline can be filtered by it.
          </p>
          <p>
            Add one above, or use <em>Paste a list of indicators</em>: one per line, from a report or a feed. Defanged forms such as <code>hxxps://</code>, <code>[.]</code> and <code>[@]</code> are
            understood; every value is shown and copied defanged so nobody opens it by mistake.
          </p>
        </div>
      )}
      {indicators && indicators.length > 0 && (
        <>
          <div className="investigation-toolbar">
            <p className="investigation-summary" role="status">
              <strong>{indicators.length} indicator{indicators.length === 1 ? '' : 's'}</strong>
              {typeFilter && <span className="muted"> · showing {shown.length} {typeName(typeFilter, shown.length)}</span>}
            </p>
            <label className="inline-field">
              Type
              <select value={typeFilter ?? ''} onChange={(event) => setTypeFilter(incidentId, (event.target.value || null) as IndicatorType | null)} aria-label="Show indicators of type">
                <option value="">All types</option>
                {indicatorTypeChoices
                  .filter((type) => counts.has(type))
                  .map((type) => (
                    <option key={type} value={type}>{typeName(type, 2)} ({counts.get(type)})</option>
                  ))}
              </select>
            </label>
          </div>
          <div className="investigation-grid">
            <table className="ioc-table" aria-label="Indicators">
              <thead>
                <tr>
                  <th scope="col">ID</th>
                  <th scope="col">Type</th>
                  <th scope="col">Value (defanged)</th>
                  <th scope="col">TLP</th>
                  <th scope="col">Seen</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Techniques</th>
                  <th scope="col" title="How many times it was added">Seen ×</th>
                  <th scope="col"><span className="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {shown.map((indicator) => (
                  <IndicatorRow key={indicator.id} incidentId={incidentId} indicator={indicator} onShowOnTimeline={() => showOnTimeline(indicator.id)} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
