import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { IndicatorAdded, IndicatorImport, IndicatorType, Tlp } from '../../../../src-main/contract';
import { useIndicators } from '../../../hooks/stores';
import { useDraft } from '../../../hooks/useDraft';
import { UserText } from '../../common/UserText';
import { TlpOptions, tlpSelectClass } from './IndicatorTlp';
import { indicatorTypeChoices, indicatorTypeNames, parseTags } from './indicatorWords';

type Detection = { value: string; result: IndicatorImport } | { value: string; error: string };

/** What the service made of the value: its type and safe form, that it merges, or why it was refused. */
function DetectionLine({ detection }: { detection: Detection }) {
  if ('error' in detection) return <p className="field-error" role="alert">Could not check it: {detection.error}</p>;
  const [line] = detection.result.preview;
  const [rejected] = detection.result.rejected;
  if (line) {
    return (
      <p className="ioc-detected" role="status">
        Detected <strong>{indicatorTypeNames[line.type]}</strong>: <code className="ioc-value">{line.defanged}</code>
        {line.duplicate && <span className="muted"> · already held: adding it again counts one more sighting</span>}
      </p>
    );
  }
  return (
    <p className="field-error" role="alert">
      Not recognised{rejected ? <>: <UserText text={rejected.reason} /></> : '.'} Pick a type, or “text” to keep it as written.
    </p>
  );
}

/** One indicator: typed or pasted value, its type detected (and shown) before it is added. */
export function IndicatorAddForm({ incidentId }: { incidentId: string }) {
  const add = useIndicators((state) => state.add);
  const detect = useIndicators((state) => state.detect);
  const [value, setValue, clearValue] = useDraft(`ioc:${incidentId}:value`);
  const [tagText, setTagText, clearTags] = useDraft(`ioc:${incidentId}:tags`);
  const [note, setNote, clearNote] = useDraft(`ioc:${incidentId}:note`);
  const [type, setType] = useState<IndicatorType | 'detect'>('detect');
  const [tlp, setTlp] = useState<Tlp>('amber');
  const [detection, setDetection] = useState<Detection | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const trimmed = value.trim();

  // The value typed last, so a slow answer for an older value is not shown for a newer one.
  const latest = useRef(trimmed);
  useEffect(() => {
    latest.current = trimmed;
  }, [trimmed]);
  const runDetect = async (text: string): Promise<Detection> => {
    const result = await detect(incidentId, text);
    const next: Detection = result.ok ? { value: text, result: result.value } : { value: text, error: result.error.message };
    if (latest.current === text) setDetection(next);
    return next;
  };

  // Detection follows typing after a short pause: one dry run, not one per keystroke.
  useEffect(() => {
    if (type !== 'detect' || !trimmed || trimmed.includes('\n')) return;
    const timer = setTimeout(() => void runDetect(trimmed), 350);
    return () => clearTimeout(timer);
    // Re-run on the value and the mode only (runDetect is rebuilt every render).
  }, [trimmed, type]);

  const shown = detection && detection.value === trimmed && type === 'detect' ? detection : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!trimmed) return setMessage({ text: 'Not added: type or paste a value first.', failed: true });
    setMessage(null);
    setBusy(true);
    if (type === 'detect') {
      // Enter before the detection showed: show it first, add on the next Enter.
      const known = shown ?? (await runDetect(trimmed));
      if (!shown || 'error' in known || known.result.preview.length === 0) return setBusy(false);
    }
    const result = await add(incidentId, { value: trimmed, ...(type === 'detect' ? {} : { type }), tlp, tags: parseTags(tagText), note: note.trim() });
    setBusy(false);
    if (!result.ok) return setMessage({ text: `Not added: ${result.error.message}`, failed: true });
    const merged = result.value.sightings > 1;
    // A merge keeps the stricter marking held: say so, or the looser TLP picked here looks applied.
    // (The store types the answer as an Indicator; `ioc.add` answers the IndicatorAdded it extends.)
    const { tlpKept } = result.value as IndicatorAdded;
    const kept = tlpKept ? ` · TLP:${tlpKept.held.toUpperCase()} held is kept (stricter than the TLP:${tlpKept.asked.toUpperCase()} picked)` : '';
    setMessage({ text: `${merged ? 'Merged into' : 'Added'} ${result.value.id} (${indicatorTypeNames[result.value.type]}): ${result.value.defanged}${merged ? ` · ${result.value.sightings} sightings` : ''}${kept}`, failed: false });
    clearValue(value);
    clearNote(note);
    clearTags(tagText);
    setDetection(null);
  }

  return (
    <form className="ioc-add" aria-label="Add an indicator" onSubmit={(event) => void submit(event)}>
      <label className="field ioc-add-value">
        <span>Indicator</span>
        <input value={value} onChange={(event) => setValue(event.target.value)} placeholder="203.0.113.7, evil[.]example, hxxps://…, a SHA-256…" maxLength={2_000} spellCheck={false} autoComplete="off" />
      </label>
      <label className="field">
        <span>Type</span>
        <select value={type} onChange={(event) => setType(event.target.value as IndicatorType | 'detect')}>
          <option value="detect">Detect</option>
          {indicatorTypeChoices.map((choice) => (
            <option key={choice} value={choice}>{indicatorTypeNames[choice]}</option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>TLP</span>
        <select className={tlpSelectClass(tlp)} value={tlp} onChange={(event) => setTlp(event.target.value as Tlp)}>
          <TlpOptions />
        </select>
      </label>
      <label className="field">
        <span>Tags</span>
        <input value={tagText} onChange={(event) => setTagText(event.target.value)} placeholder="c2, phishing" autoComplete="off" />
      </label>
      <label className="field ioc-add-note">
        <span>Note</span>
        <input value={note} onChange={(event) => setNote(event.target.value)} placeholder="where it was seen" maxLength={2_000} />
      </label>
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Checking…' : 'Add'}</button>
      <div className="ioc-add-notes">
        {shown && <DetectionLine detection={shown} />}
        {message && <p className={`status-line ${message.failed ? 'field-error' : ''}`} role={message.failed ? 'alert' : 'status'}>{message.text}</p>}
      </div>
    </form>
  );
}
