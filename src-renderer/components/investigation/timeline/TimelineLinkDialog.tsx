import { useState } from 'react';
import type { Asset, Indicator, InvestigationEntry } from '../../../../src-main/contract';
import { useInvestigationTimeline } from '../../../hooks/stores';
import { Modal } from '../../common/Modal';
import { UserText } from '../../common/UserText';
import { TimelineLinksEditor } from './TimelineLinksEditor';

/** "Link…" on an entry: its techniques, indicators, assets and tags, changed in one `timeline.tag` event. */
export function TimelineLinkDialog({ incidentId, entry, indicators, assets, onClose }: { incidentId: string; entry: InvestigationEntry; indicators: Indicator[]; assets: Asset[]; onClose(): void }) {
  const relink = useInvestigationTimeline((state) => state.relink);
  const [links, setLinks] = useState(entry.links);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save() {
    setBusy(true);
    const result = await relink(incidentId, entry, links);
    setBusy(false);
    if (result && !result.ok) return setError(`Links not saved: ${result.error.message}`);
    onClose();
  }
  const summary = entry.summary.length > 90 ? `${entry.summary.slice(0, 90)}…` : entry.summary;
  return (
    <Modal title="Link this entry" onClose={onClose} wide>
      <div className="form link-dialog">
        <p className="muted small link-dialog-entry">
          <UserText text={summary} />
        </p>
        <TimelineLinksEditor idPrefix={`link-${entry.hash.slice(0, 12)}`} links={links} indicators={indicators} assets={assets} onChange={setLinks} />
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="form-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
            {busy ? 'Saving…' : 'Save links'}
          </button>
        </div>
      </div>
    </Modal>
  );
}
