import { clockTime } from '../../format';
import { useEvidence } from '../../hooks/stores';
import type { CardResultKind } from '../../stores/evidenceStore';

const titles: Record<CardResultKind, string> = { collected: 'Collection', verified: 'Verify', exported: 'Export' };
const order: CardResultKind[] = ['collected', 'verified', 'exported'];

/** The results of collect, verify and export on one archive, each until the responder dismisses it. */
export function CardResults({ evidenceId }: { evidenceId: string }) {
  const results = useEvidence((state) => state.results[evidenceId]);
  const dismiss = useEvidence((state) => state.dismissResult);
  if (!results) return null;
  return (
    <>
      {order.map((kind) => {
        const result = results[kind];
        if (!result) return null;
        return (
          <div key={kind} className={`card-result ${result.failed ? 'failed' : 'passed'}`} role={result.failed ? 'alert' : 'status'} aria-label={`${titles[kind]} result`}>
            <div className="card-result-body">
              <p className="verdict-headline">{result.text}</p>
              {result.details && (
                <ul className="verdict-details">
                  {result.details.map((line, index) => (
                    <li key={index}>{line}</li>
                  ))}
                </ul>
              )}
            </div>
            {result.at && <span className="card-result-time small muted">{titles[kind]} at {clockTime(result.at)}</span>}
            <button type="button" className="icon-button" aria-label={`Dismiss the ${titles[kind].toLowerCase()} result`} onClick={() => dismiss(evidenceId, kind)}>
              Dismiss
            </button>
          </div>
        );
      })}
    </>
  );
}
