import { useMemo, useState, type KeyboardEvent } from 'react';
import type { Asset, Indicator, TimelineLinks } from '../../../../src-main/contract';
import { useInvestigationTimeline } from '../../../hooks/stores';
import { useDraft } from '../../../hooks/useDraft';
import { noLinks } from '../../../stores/investigationTimelineStore';
import { DraftKept } from '../../common/DraftKept';
import { TimelineLinksEditor } from './TimelineLinksEditor';
import { givenTime, nowInZone, parsePastedTime, responderZone, shownTime, zoneChoices, zonedIso } from './timelineTime';

/** The form's field element id: the tab's "Add an entry" focuses it. */
export const entryTextId = (incidentId: string) => `timeline-entry-${incidentId}`;

function parseLinks(json: string): TimelineLinks {
  try {
    const parsed = JSON.parse(json) as Partial<TimelineLinks>;
    const list = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
    return { indicators: list(parsed.indicators), assets: list(parsed.assets), techniques: list(parsed.techniques), tags: list(parsed.tags) };
  } catch {
    return noLinks();
  }
}

/**
 * An entry added after the fact: what happened, when (date, time and the zone it was read in, or a
 * pasted ISO time), a category and links. Every field is a draft: a tab switch or a reload keeps it.
 */
export function TimelineEntryForm({ incidentId, indicators, assets, onDone }: { incidentId: string; indicators: Indicator[]; assets: Asset[]; onDone(): void }) {
  const add = useInvestigationTimeline((state) => state.add);
  const key = `timelineEntry:${incidentId}`;
  const [text, setText, clearText] = useDraft(`${key}:text`);
  const [date, setDate, clearDate] = useDraft(`${key}:date`);
  const [time, setTime, clearTime] = useDraft(`${key}:time`);
  const [zoneDraft, setZone, clearZone] = useDraft(`${key}:zone`);
  const [category, setCategory, clearCategory] = useDraft(`${key}:category`);
  const [linksJson, setLinksJson, clearLinks] = useDraft(`${key}:links`);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zone = zoneDraft || responderZone;
  const links = useMemo(() => parseLinks(linksJson || '{}'), [linksJson]);
  const choices = useMemo(() => {
    const all = zoneChoices();
    return all.some((choice) => choice.value === zone) ? all : [...all, { value: zone, label: zone.startsWith('+') || zone.startsWith('-') ? `UTC${zone}` : zone }];
  }, [zone]);
  const when = date || time ? zonedIso(date, time, zone) : null;
  const whenHint = when ? `Happened ${shownTime(when, 'local')} in your zone (as given: ${givenTime(when, when.slice(19))})` : date || time ? 'Give both the date and the time.' : 'Leave date and time empty for “now”.';

  const onPaste = (value: string) => {
    setPasted(value);
    const parsed = parsePastedTime(value);
    if (!parsed) return;
    setDate(parsed.date);
    setTime(parsed.time);
    setZone(parsed.zone);
    setPasted('');
  };
  const fillNow = () => {
    const now = nowInZone();
    setDate(now.date);
    setTime(now.time);
    setZone(responderZone);
  };

  async function submit() {
    if (busy) return;
    if (!text.trim()) return setError('Write what happened first.');
    if ((date || time) && !when) return setError('When it happened needs a date and a time (or neither, for now).');
    if (when && Date.parse(when) > Date.now() + 60_000) return setError('That time is in the future: check the date and the zone.');
    setBusy(true);
    const sent = { text, date, time, zone: zoneDraft, category, links: linksJson };
    const result = await add(incidentId, { text: text.trim(), category: category.trim(), links, ...(when ? { at: when } : {}) });
    setBusy(false);
    if (!result.ok) return setError(`Entry not added: ${result.error.message}`);
    setError(null);
    clearText(sent.text);
    clearDate(sent.date);
    clearTime(sent.time);
    clearZone(sent.zone);
    clearCategory(sent.category);
    clearLinks(sent.links);
    onDone();
  }
  const discard = () => {
    if (text.trim() && !window.confirm('Discard this entry? What you typed is lost.')) return;
    for (const clear of [clearText, clearDate, clearTime, clearZone, clearCategory, clearLinks]) clear();
    setError(null);
    onDone();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form className="timeline-entry-form" aria-label="Add an entry after the fact" onSubmit={(event) => event.preventDefault()} onKeyDown={onKeyDown}>
      <h3>Add an entry after the fact</h3>
      <label className="field">
        <span>What happened</span>
        <textarea id={entryTextId(incidentId)} rows={2} value={text} onChange={(event) => setText(event.target.value)} placeholder="e.g. Phishing mail opened by j.doe (from the mail gateway log)" />
      </label>
      <div className="entry-when">
        <label className="field">
          <span>Date it happened</span>
          <input type="date" value={date} onChange={(event) => setDate(event.target.value)} />
        </label>
        <label className="field">
          <span>Time</span>
          <input type="time" value={time} onChange={(event) => setTime(event.target.value)} />
        </label>
        <label className="field">
          <span>Zone it was read in</span>
          <select value={zone} onChange={(event) => setZone(event.target.value === responderZone ? '' : event.target.value)}>
            {choices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field entry-paste">
          <span>Or paste an ISO time</span>
          <input value={pasted} onChange={(event) => onPaste(event.target.value)} placeholder="2026-11-30T09:15:00+02:00" aria-invalid={pasted !== '' && !parsePastedTime(pasted)} />
        </label>
        <button type="button" className="link" onClick={fillNow}>Now</button>
      </div>
      <p className={`small ${(date || time) && !when ? 'field-error' : 'muted'}`} role="status">
        {pasted && !parsePastedTime(pasted) ? 'Not an ISO time with its offset, like 2026-11-30T09:15:00+02:00 or …Z.' : whenHint}
      </p>
      <label className="field entry-category">
        <span>Category</span>
        <input value={category} onChange={(event) => setCategory(event.target.value)} list="timeline-categories" placeholder="e.g. initial-access, detection" maxLength={60} />
        <datalist id="timeline-categories">
          {['initial-access', 'execution', 'persistence', 'lateral-movement', 'exfiltration', 'detection', 'containment', 'eradication', 'recovery', 'communication'].map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
      </label>
      <TimelineLinksEditor idPrefix={`new-${incidentId}`} links={links} indicators={indicators} assets={assets} onChange={(next) => setLinksJson(JSON.stringify(next))} />
      <div className="form-actions">
        {error ? <span className="field-error" role="alert">{error}</span> : <DraftKept incidentId={incidentId} text={text} />}
        <button type="button" onClick={discard} disabled={busy}>
          {text || date || time || category || linksJson ? 'Discard draft' : 'Cancel'}
        </button>
        {/* Not a submit button: Enter in a small field (a tag, a technique search) must not send the entry. */}
        <button type="button" className="primary" disabled={busy} onClick={() => void submit()}>
          {busy ? 'Adding…' : 'Add entry'}
        </button>
      </div>
    </form>
  );
}
