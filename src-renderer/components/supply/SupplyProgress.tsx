import { useState } from 'react';
import { useSupply } from '../../hooks/stores';

/** A running check or import: the server's words on how far it is, and Cancel. */
export function SupplyProgress({ label }: { label: string }) {
  const progress = useSupply((state) => state.progress);
  const cancel = useSupply((state) => state.cancel);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const percent = progress?.total ? Math.min(100, (progress.done / progress.total) * 100) : 0;
  return (
    <>
      <span className="progress supply-progress" role="status" aria-label={label}>
        <span className="progress-bar" role="progressbar" aria-label={`${label}: done`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress?.total ? Math.round(percent) : undefined}>
          <span style={{ width: `${percent}%` }} />
        </span>
        <span className="small">{progress ? progress.message || `${progress.done.toLocaleString('en-US')}${progress.total ? ` of ${progress.total.toLocaleString('en-US')}` : ''}` : 'Starting…'}</span>
      </span>
      <button type="button" onClick={() => void cancel().then(setCancelError)}>Cancel</button>
      {cancelError && <p className="field-error" role="alert">{cancelError}</p>}
    </>
  );
}
