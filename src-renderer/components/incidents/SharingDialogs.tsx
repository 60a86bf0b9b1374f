import { useState, type FormEvent } from 'react';
import { useIncidents, useSharing, useUi } from '../../hooks/stores';
import { suggestedBundleFile } from '../../stores/sharingStore';
import { CopyValue } from '../common/CopyValue';
import { Modal } from '../common/Modal';

/** Whichever sharing dialog is open: export a bundle, import one, or add a responder's laptop. */
export function SharingDialogs() {
  const dialog = useSharing((state) => state.dialog);
  if (!dialog) return null;
  if (dialog.kind === 'export') return <ExportDialog incidentId={dialog.incidentId} />;
  if (dialog.kind === 'member') return <AddResponderDialog incidentId={dialog.incidentId} />;
  return <ImportDialog />;
}

function ExportDialog({ incidentId }: { incidentId: string }) {
  const info = useIncidents((state) => state.info);
  const { busy, error, exported, exportBundle, close } = useSharing((state) => state);
  const [file, setFile] = useState(() => (info ? suggestedBundleFile(info.dataDir, incidentId, new Date()) : ''));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy && file.trim()) void exportBundle(incidentId, file.trim());
  };
  return (
    <Modal title={`Export bundle of ${incidentId}`} onClose={close} wide>
      {exported ? (
        <div className="form">
          <p className="sharing-result" role="status">
            Wrote <strong>{exported.events} events</strong> of {exported.incidentId} to
          </p>
          <CopyValue value={exported.file} label="bundle file path" />
          {exported.leftOut && <p className="warn-text" role="note">Left out: {exported.leftOut}.</p>}
          <p className="muted small">
            Hand this file to the other laptop (USB stick, chat attachment) and import it there with Import bundle. A laptop that does not hold this incident yet must also be given the fingerprint of the key that signed it:
          </p>
          <CopyValue value={exported.keyFingerprint} label="signing key fingerprint" />
          <div className="form-actions">
            <button type="button" className="primary" autoFocus onClick={close}>Done</button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={submit}>
          <label className="field">
            <span>Bundle file to write</span>
            <input className="mono" value={file} onChange={(event) => setFile(event.target.value)} aria-invalid={error !== null} />
          </label>
          <p className="muted small">Every event of the incident, signed. An existing file is never replaced.</p>
          <SubmitRow error={error} busy={busy} ready={file.trim() !== ''} busyLabel="Exporting…" label="Export bundle" onCancel={close} />
        </form>
      )}
    </Modal>
  );
}

function ImportDialog() {
  const { busy, error, imported, importBundle, close, canPick, pickFile } = useSharing((state) => state);
  const navigate = useUi((state) => state.navigate);
  const route = useUi((state) => state.route);
  const [file, setFile] = useState('');
  const [trusted, setTrusted] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy && file.trim()) void importBundle(file.trim(), trusted.trim() || undefined);
  };
  const open = (id: string) => {
    close();
    navigate({ name: 'incident', id });
  };
  const here = route.name === 'incident' && imported?.incidentId === route.id;
  return (
    <Modal title="Import bundle" onClose={close} wide>
      {imported ? (
        <div className="form">
          <p className="sharing-result" role="status">
            {importSummary(imported)}
          </p>
          <div className="form-actions">
            {/* Away from the incident, opening it is what comes next. */}
            {!here && <button type="button" className="primary" autoFocus onClick={() => open(imported.incidentId)}>Open {imported.incidentId}</button>}
            <button type="button" className={here ? 'primary' : ''} autoFocus={here} onClick={close}>Done</button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={submit}>
          <label className="field">
            <span>Bundle file (.json) on this computer</span>
            <span className="input-with-button">
              <input className="mono" value={file} onChange={(event) => setFile(event.target.value)} placeholder="/media/usb/INC-20261123-141502.bundle.json" aria-invalid={error !== null} />
              {canPick && (
                <button type="button" onClick={() => void pickFile().then((chosen) => chosen && setFile(chosen))}>
                  Choose…
                </button>
              )}
            </span>
          </label>
          <label className="field">
            <span>Signing key fingerprint (first import of an incident only)</span>
            <input className="mono" value={trusted} onChange={(event) => setTrusted(event.target.value)} placeholder="64 hex characters, shown where the bundle was exported" />
          </label>
          <p className="muted small">Events this laptop already holds are skipped; new ones are merged and checked. Nothing is written if any check fails.</p>
          <SubmitRow error={error} busy={busy} ready={file.trim() !== ''} busyLabel="Importing…" label="Import bundle" onCancel={close} />
        </form>
      )}
    </Modal>
  );
}

/** What an import changed, in one sentence. */
export function importSummary(imported: { incidentId: string; imported: boolean; events: number; newEvents?: number }): string {
  if (!imported.imported) return `Already up to date: this laptop held every event of ${imported.incidentId} in the bundle. Nothing changed.`;
  const added = imported.newEvents ?? imported.events;
  if (added === imported.events) return `Imported ${imported.incidentId}: ${imported.events} ${imported.events === 1 ? 'event' : 'events'}, every check passed.`;
  return `Merged ${added} new ${added === 1 ? 'event' : 'events'} into ${imported.incidentId} (${imported.events} in the bundle). Every check passed.`;
}

function AddResponderDialog({ incidentId }: { incidentId: string }) {
  const { busy, error, added, addMember, close } = useSharing((state) => state);
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy && key.trim() && name.trim()) void addMember(incidentId, key.trim(), name.trim());
  };
  return (
    <Modal title={`Add responder to ${incidentId}`} onClose={close} wide>
      {added ? (
        <div className="form">
          <p className="sharing-result" role="status">
            <strong>{added.name}</strong>'s laptop may now write to {added.incidentId}. Export a bundle and hand it over: they work from that copy and send theirs back.
          </p>
          <div className="form-actions">
            <button type="button" className="primary" autoFocus onClick={close}>Done</button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={submit}>
          <label className="field">
            <span>Their device key</span>
            <input className="mono" value={key} onChange={(event) => setKey(event.target.value)} placeholder="43 characters: on their laptop, Vault → This laptop's device key" aria-invalid={error !== null} />
          </label>
          <label className="field">
            <span>Name</span>
            <input value={name} onChange={(event) => setName(event.target.value)} placeholder="Who uses that laptop, e.g. ben (network on-call)" />
          </label>
          <SubmitRow error={error} busy={busy} ready={key.trim() !== '' && name.trim() !== ''} busyLabel="Adding…" label="Add responder" onCancel={close} />
        </form>
      )}
    </Modal>
  );
}

/** The error, if any, and Cancel beside the dialog's action, which waits while it runs. */
function SubmitRow(props: { error: string | null; busy: boolean; ready: boolean; label: string; busyLabel: string; onCancel(): void }) {
  return (
    <>
      {props.error && <p className="form-error" role="alert">{props.error}</p>}
      <div className="form-actions">
        <button type="button" onClick={props.onCancel}>Cancel</button>
        <button type="submit" className="primary" disabled={props.busy || !props.ready}>{props.busy ? props.busyLabel : props.label}</button>
      </div>
    </>
  );
}
