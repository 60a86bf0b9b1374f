import { useRef, useState } from 'react';
import type { Incident, TemplateSummary } from '../../../src-main/contract';
import { responseWindow } from '../../format';
import { useComms } from '../../hooks/stores';
import { checkAll, usePasteGuard } from '../../hooks/usePasteGuard';
import { draftKey, type ComposeDraft } from '../../stores/commsStore';
import { copyText } from '../playbooks/CommandBlock';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { MarkedTextarea } from '../common/MarkedTextarea';
import { NextUpdate } from './NextUpdate';
import { PasteGuardWarning } from '../common/PasteGuardWarning';

const markerPattern = /\[fill in:[^\]]*\]/g;
const emptyDraft: ComposeDraft = { subject: '', body: '', channel: '', edited: false };

function markers(text: string): { start: number; end: number; text: string }[] {
  return [...text.matchAll(markerPattern)].map((match) => ({ start: match.index, end: match.index + match[0].length, text: match[0] }));
}

/** The filled template: what is still to fill in, the text to edit, and what sending it sets. */
export function ComposeEditor({ incident, template }: { incident: Incident; template: TemplateSummary }) {
  const key = draftKey(incident.id, template.id);
  const rendered = useComms((state) => state.rendered[key]);
  const renderError = useComms((state) => state.renderErrors[key]);
  const draft = useComms((state) => state.drafts[key]) ?? emptyDraft;
  const sendError = useComms((state) => state.sendErrors[key]);
  const render = useComms((state) => state.render);
  const edit = useComms((state) => state.edit);
  const markSent = useComms((state) => state.markSent);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [confirmMarkers, setConfirmMarkers] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const bodyGuard = usePasteGuard('message', draft.body, (body) => edit(incident.id, template.id, { body }), () => void send(true));
  const subjectGuard = usePasteGuard('subject', draft.subject, (subject) => edit(incident.id, template.id, { subject }), () => void send(true));
  const channelGuard = usePasteGuard('channel', draft.channel, (channel) => edit(incident.id, template.id, { channel }), () => void send(true));

  const left = markers(`${draft.subject}\n${draft.body}`).length;
  const cadence = template.cadenceMinutes?.[Math.min(incident.severityRank, template.cadenceMinutes.length - 1)];

  async function send(confirmed: boolean) {
    if (busy) return;
    if (!draft.body.trim()) return setProblem('The message is empty: refill it from the incident or write it first.');
    if (left > 0 && !confirmed) return setConfirmMarkers(true);
    setConfirmMarkers(false);
    setProblem(null);
    setBusy(true);
    // A secret pasted into the message is shown redacted before anything is recorded.
    const checked = await checkAll([[bodyGuard, draft.body], [subjectGuard, draft.subject], [channelGuard, draft.channel]]);
    if (!checked) return setBusy(false);
    const [body, subject, channel] = checked as [string, string, string];
    const result = await markSent(incident.id, template.id, { body, subject, channel });
    setBusy(false);
    for (const guard of [bodyGuard, subjectGuard, channelGuard]) guard.afterSubmit(result);
  }

  const copy = async (what: string, text: string) => {
    setCopied((await copyText(text)) ? `${what} copied to the clipboard.` : 'The browser did not allow copying: select the text and press Ctrl+C.');
    setTimeout(() => setCopied(null), 4_000);
  };

  // Puts the caret on a marker, so the responder types over it.
  const jumpTo = (name: string, index: number) => {
    const field = bodyRef.current;
    if (!field) return;
    const all = markers(draft.body);
    const target = all.find((marker) => marker.text.toLowerCase().includes(name.toLowerCase())) ?? all[index] ?? all[0];
    field.focus();
    if (target) field.setSelectionRange(target.start, target.end);
  };

  if (!rendered) {
    return (
      <div className="compose-editor">
        {renderError ? <LoadError what={`the ${template.title.toLowerCase()}`} message={renderError} onRetry={() => render(incident.id, template.id)} /> : <Loading what={`the ${template.title.toLowerCase()}`} onRetry={() => render(incident.id, template.id)} />}
      </div>
    );
  }

  const stillMissing = rendered.missing.filter((name) => markers(draft.body).some((marker) => marker.text.toLowerCase().includes(name.toLowerCase())));

  return (
    <form className="compose-editor" aria-label={`Compose: ${template.title}`} onSubmit={(event) => { event.preventDefault(); void send(false); }}>
      <div className="compose-head">
        <h2>{template.title}</h2>
        {draft.edited && <span className="draft-mark">Edited</span>}
        <button type="button" className="compose-refill" onClick={() => void render(incident.id, template.id, { refill: true })} title="Fill the template again from the incident; your edits to the text are replaced">
          Refill from the incident
        </button>
      </div>
      {renderError && <LoadError what={`the ${template.title.toLowerCase()}`} message={renderError} onRetry={() => render(incident.id, template.id)} stale />}
      <div className={`fill-status ${left > 0 ? 'fill-open' : 'fill-done'}`} role="status">
        {left > 0 ? (
          <>
            <strong>{left === 1 ? '1 marker' : `${left} markers`} to fill in</strong>
            {stillMissing.length > 0 && (
              <span className="fill-fields">
                {stillMissing.map((name, index) => (
                  <button key={name} type="button" className="fill-chip" onClick={() => jumpTo(name, index)} title="Select this marker in the text">
                    {name}
                  </button>
                ))}
              </span>
            )}
          </>
        ) : (
          <strong>Every field is filled.</strong>
        )}
      </div>
      {rendered.subject !== null && (
        <>
          <div className="compose-subject">
            <label className="field">
              <span>Subject</span>
              <input value={draft.subject} onChange={(e) => edit(incident.id, template.id, { subject: e.target.value })} onPaste={subjectGuard.onPaste} maxLength={300} aria-invalid={subjectGuard.warning !== null} />
            </label>
            <button type="button" onClick={() => void copy('Subject', draft.subject)}>Copy subject</button>
          </div>
          <PasteGuardWarning guard={subjectGuard} />
        </>
      )}
      <div className="field">
        <span>Message</span>
        <MarkedTextarea ref={bodyRef} label="Message" value={draft.body} onChange={(body) => edit(incident.id, template.id, { body })} onPaste={bodyGuard.onPaste} invalid={bodyGuard.warning !== null} />
      </div>
      <PasteGuardWarning guard={bodyGuard} />
      <div className="compose-send">
        <label className="field compose-channel">
          <span>Sent to (channel)</span>
          <input value={draft.channel} onChange={(e) => edit(incident.id, template.id, { channel: e.target.value })} onPaste={channelGuard.onPaste} placeholder="#incident-42, status page, customers@…" maxLength={200} aria-invalid={channelGuard.warning !== null} />
        </label>
        <button type="button" onClick={() => void copy('Message', draft.body)}>Copy message</button>
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Marking…' : 'Mark sent'}</button>
      </div>
      <PasteGuardWarning guard={channelGuard} />
      {copied && <p className="status-line" role="status">{copied}</p>}
      {confirmMarkers && (
        <div className="compose-confirm" role="alert">
          <span>The text still has {left === 1 ? 'a [fill in: …] marker' : `${left} [fill in: …] markers`}. Sent as it is?</span>
          <button type="button" onClick={() => void send(true)}>Mark sent anyway</button>
          <button type="button" onClick={() => { setConfirmMarkers(false); jumpTo('', 0); }}>Fill them in</button>
        </div>
      )}
      {(problem || sendError) && <p className="form-error" role="alert">Not marked sent: {problem ?? sendError} Your text is kept.</p>}
      {/* Beside the button that was pressed, so the answer is seen without scrolling. */}
      <NextUpdate incidentId={incident.id} />
      <p className="muted small">
        {cadence ? `Marking it sent records it on the timeline and sets the next update for ${responseWindow(cadence)} later (${incident.severity}).` : 'Marking it sent records it on the timeline.'}
      </p>
    </form>
  );
}
