import { useState, type FormEvent } from 'react';
import type { CustodyAction, EvidenceItem } from '../../../src-main/contract';
import { localTime, byteSize } from '../../format';
import { useEvidence } from '../../hooks/stores';
import { usePasteGuard } from '../../hooks/usePasteGuard';
import { CopyValue } from '../common/CopyValue';
import { PasteGuardWarning } from '../common/PasteGuardWarning';
import { UserText } from '../common/UserText';
import { CardResults } from './CardResults';
import { EvidenceContentsView } from './EvidenceContentsView';
import './Evidence.css';

/** One archive: its hash, verify, export, and the chain of custody with a way to add to it. */
export function EvidenceCard({ incidentId, item }: { incidentId: string; item: EvidenceItem }) {
  const verify = useEvidence((state) => state.verify);
  const exportTo = useEvidence((state) => state.exportTo);
  const addCustody = useEvidence((state) => state.addCustody);
  const canPick = useEvidence((state) => state.canPick);
  const pick = useEvidence((state) => state.pick);
  const showResult = useEvidence((state) => state.showResult);
  const choices = useEvidence((state) => state.custodyChoices);
  const [verifying, setVerifying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [showContents, setShowContents] = useState(false);
  const [destination, setDestination] = useState('');
  const [action, setAction] = useState<CustodyAction>('handed-over');
  const [detail, setDetail] = useState('');
  const [error, setError] = useState<string | null>(null);

  // Each result lands in its own place on the card and stays until dismissed: an export that
  // reports afterwards does not wipe the verify result a responder is about to read out.
  const runVerify = async () => {
    setVerifying(true);
    const result = await verify(incidentId, item.archive);
    setVerifying(false);
    if (!result.ok) return showResult(item.id, 'verified', { text: `Not verified: ${result.error.message}`, failed: true });
    const { intact, entriesChecked, mismatches, mismatchCount, signer } = result.value;
    if (intact) return showResult(item.id, 'verified', { text: `Intact: ${entriesChecked} files match, signed by ${signer.description}`, failed: false });
    // The headline says who signed; each mismatch gets its own line (the first ten; the CLI lists a hundred).
    const details = mismatches.slice(0, 10).map((m) => m.message);
    const more = mismatchCount - details.length;
    showResult(item.id, 'verified', {
      text: `FAILED: ${mismatchCount} mismatch${mismatchCount === 1 ? '' : 'es'}. Signed by ${signer.description}${signer.trusted ? ' (trusted)' : ''}.`,
      failed: true,
      details: more > 0 ? [...details, `… and ${more} more (firebreak evidence verify lists them)`] : details,
    });
  };
  const runExport = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await exportTo(incidentId, item.id, destination.trim());
    setBusy(false);
    showResult(item.id, 'exported', result.ok ? { text: `Exported to ${result.value.exportedTo}; the copy's sha256 matches`, failed: false } : { text: `Not exported: ${result.error.message}`, failed: true });
    if (result.ok) setDestination('');
  };
  const chooseFolder = async () => {
    const [folder] = await pick('folder');
    if (folder) setDestination(folder);
  };
  const [recording, setRecording] = useState(false);
  const guard = usePasteGuard('custody detail', detail, setDetail, () => void submitCustody());
  const submitCustody = async (event?: FormEvent) => {
    event?.preventDefault();
    if (recording) return;
    setRecording(true);
    const checked = await guard.beforeSubmit(detail);
    if (checked === null) return setRecording(false);
    const result = await addCustody(incidentId, item.id, action, checked);
    setRecording(false);
    guard.afterSubmit(result);
    if (result.ok) setDetail('');
    setError(result.ok ? null : result.error.message);
  };

  return (
    <li className="evidence-item" aria-label={`Archive ${item.id}`}>
      <div className="evidence-head">
        <strong className="mono">{item.id}</strong>
        <UserText className="mono evidence-archive" text={item.archive} title />
        <span className="muted small">
          {item.files} files · {byteSize(item.bytes)}
          {item.problems ? ` · ${item.problems} recorded, not archived` : ''} · {localTime(item.collectedAt)} by {item.collectedBy}
        </span>
        <span className="evidence-head-actions">
          <button type="button" aria-expanded={showContents} onClick={() => setShowContents((shown) => !shown)}>
            {showContents ? 'Hide contents' : 'Contents'}
          </button>
          <button type="button" disabled={verifying} onClick={() => void runVerify()}>{verifying ? 'Verifying…' : 'Verify'}</button>
        </span>
      </div>
      <div className="evidence-hash">
        <span className="small muted">SHA-256 of the archive</span>
        <CopyValue value={item.archiveSha256} label={`SHA-256 of ${item.id}`} />
      </div>
      <CardResults evidenceId={item.id} />
      {showContents && <EvidenceContentsView evidenceId={item.id} />}
      <ol className="custody" aria-label={`Chain of custody of ${item.id}`}>
        {item.custody.map((entry, index) => (
          <li key={index}>
            <span className="muted small">{localTime(entry.at)} · {entry.actor}</span> <UserText className="custody-words" text={entry.words} />
          </li>
        ))}
      </ol>
      <div className="evidence-actions">
        <form className="inline-field" onSubmit={(event) => void runExport(event)}>
          <input aria-label={`Export ${item.id} to folder`} placeholder="Export to folder, e.g. /media/usb" value={destination} onChange={(e) => setDestination(e.target.value)} />
          {canPick && <button type="button" onClick={() => void chooseFolder()}>Choose…</button>}
          <button type="submit" disabled={busy || !destination.trim()}>Export</button>
        </form>
        <form className="inline-field" onSubmit={(event) => void submitCustody(event)}>
          <select aria-label="Custody action" value={action} onChange={(e) => setAction(e.target.value as CustodyAction)}>
            {choices.map((choice) => <option key={choice.action} value={choice.action}>{choice.words}</option>)}
          </select>
          <input aria-label="Custody detail" placeholder={action === 'handed-over' ? 'to whom, how: to Legal (Dana), sealed bag 4' : 'what happened'} value={detail} onChange={(e) => setDetail(e.target.value)} onPaste={guard.onPaste} aria-invalid={guard.warning !== null} />
          <button type="submit" disabled={recording}>{recording ? 'Recording…' : 'Add to custody log'}</button>
        </form>
      </div>
      <PasteGuardWarning guard={guard} />
      {error && <span className="field-error" role="alert">Custody entry not recorded: {error}</span>}
    </li>
  );
}
