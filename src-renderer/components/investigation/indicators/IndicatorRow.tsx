import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Indicator, Tlp } from '../../../../src-main/contract';
import { localTime } from '../../../format';
import { useIndicators } from '../../../hooks/stores';
import { copyText } from '../../playbooks/CommandBlock';
import { UserText } from '../../common/UserText';
import { IndicatorTlp, TlpOptions, tlpSelectClass } from './IndicatorTlp';
import { indicatorTypeNames, parseTags } from './indicatorWords';

interface Props {
  incidentId: string;
  indicator: Indicator;
  onShowOnTimeline(): void;
}

/** One indicator: shown and copied defanged only, never as a link; TLP, tags and note edited in place. */
export function IndicatorRow({ incidentId, indicator, onShowOnTimeline }: Props) {
  const [editing, setEditing] = useState(false);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    setCopied((await copyText(indicator.defanged)) ? 'copied' : 'failed');
    setTimeout(() => setCopied('idle'), 2_000);
  };
  return (
    <tr className="ioc-row">
      <td className="mono">{indicator.id}</td>
      <td className="ioc-type">{indicatorTypeNames[indicator.type]}</td>
      <td className="ioc-value-cell">
        <div className="ioc-value-line">
          <UserText as="code" className="ioc-value" text={indicator.defanged} dir="ltr" />
          <button type="button" className="copy-button" onClick={() => void copy()} aria-label={`Copy ${indicator.id} (defanged)`} title="Copies the defanged form">
            {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Select and Ctrl+C' : 'Copy'}
          </button>
        </div>
        {editing ? <IndicatorEditor incidentId={incidentId} indicator={indicator} onClose={() => setEditing(false)} /> : indicator.note && <UserText as="p" className="ioc-note" text={indicator.note} />}
      </td>
      <td><IndicatorTlp tlp={indicator.tlp} /></td>
      <td className="ioc-seen small">
        {indicator.firstSeen ? localTime(indicator.firstSeen) : <span className="muted">—</span>}
        {indicator.lastSeen && indicator.lastSeen !== indicator.firstSeen && (
          <>
            <br />
            <span className="muted">to</span> {localTime(indicator.lastSeen)}
          </>
        )}
      </td>
      <td>
        <Chips words={indicator.tags} />
      </td>
      <td>
        <Chips words={indicator.techniques} mono />
      </td>
      <td className="ioc-sightings" title={`Added ${indicator.sightings} time${indicator.sightings === 1 ? '' : 's'}; first by ${indicator.addedBy}`}>{indicator.sightings}</td>
      <td className="ioc-actions">
        <button type="button" className="link" onClick={onShowOnTimeline} aria-label={`Show ${indicator.id} on the timeline`}>Timeline</button>
        {!editing && (
          <button type="button" className="link" onClick={() => setEditing(true)} aria-label={`Edit ${indicator.id}`}>Edit</button>
        )}
      </td>
    </tr>
  );
}

function Chips({ words, mono = false }: { words: string[]; mono?: boolean }) {
  if (words.length === 0) return <span className="muted">—</span>;
  return (
    <span className="ioc-chips">
      {words.map((word) => (
        <UserText key={word} className={`ioc-chip ${mono ? 'mono' : ''}`} text={word} />
      ))}
    </span>
  );
}

/** TLP, tags and note of one indicator: Enter saves, Esc closes without saving. */
function IndicatorEditor({ incidentId, indicator, onClose }: { incidentId: string; indicator: Indicator; onClose(): void }) {
  const update = useIndicators((state) => state.update);
  const [tlp, setTlp] = useState<Tlp>(indicator.tlp);
  const [tags, setTags] = useState(indicator.tags.join(', '));
  const [note, setNote] = useState(indicator.note);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const nextTags = parseTags(tags);
    // Only what changed: the timeline records each change.
    const change = {
      ...(tlp !== indicator.tlp ? { tlp } : {}),
      ...(nextTags.join('\n') !== indicator.tags.join('\n') ? { tags: nextTags } : {}),
      ...(note.trim() !== indicator.note ? { note: note.trim() } : {}),
    };
    if (Object.keys(change).length === 0) return onClose();
    setBusy(true);
    const result = await update(incidentId, indicator.id, change);
    setBusy(false);
    if (result.ok) onClose();
    else setError(`Not saved: ${result.error.message}`);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };
  return (
    <form className="ioc-edit" aria-label={`Edit ${indicator.id}`} onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown}>
      <label className="field">
        <span>TLP</span>
        <select className={tlpSelectClass(tlp)} value={tlp} onChange={(event) => setTlp(event.target.value as Tlp)} autoFocus>
          <TlpOptions />
        </select>
      </label>
      <label className="field">
        <span>Tags</span>
        <input value={tags} onChange={(event) => setTags(event.target.value)} autoComplete="off" />
      </label>
      <label className="field ioc-edit-note">
        <span>Note</span>
        <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={2_000} />
      </label>
      <div className="ioc-edit-buttons">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
        <button type="button" onClick={onClose}>Cancel</button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}
