import type { ScanKind } from '../../../src-main/contract';
import './UnavailableScan.css';

/** A step's scan the console cannot run yet: said plainly, with what to use meanwhile, never a link to a tab that cannot do it. */
export function UnavailableScan({ kind }: { kind: ScanKind }) {
  return (
    <span className="action-tag unavailable-scan" role="note" aria-label={`Not available yet: ${kind.label}. ${kind.detail}`} title={kind.detail}>
      not available yet: {kind.label}
    </span>
  );
}
