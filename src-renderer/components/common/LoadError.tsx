import { useEffect, useRef, useState } from 'react';

interface Props {
  /** What could not be loaded, as the responder names it: "the checklist", "this incident's scans". */
  what: string;
  message: string;
  onRetry(): Promise<unknown>;
  /** Shown over stale data: say the view may be out of date rather than that nothing loaded. */
  stale?: boolean;
}

/** A failed load in the place of what did not load: the server's reason and a way to try again. */
export function LoadError({ what, message, onRetry, stale = false }: Props) {
  const [retrying, setRetrying] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const retry = async () => {
    setRetrying(true);
    try {
      await onRetry();
    } finally {
      if (mounted.current) setRetrying(false);
    }
  };
  return (
    <div className={`load-error ${stale ? 'load-error-stale' : ''}`} role="alert">
      <div className="load-error-text">
        <strong>{stale ? `Could not refresh ${what}; what is shown may be out of date.` : `Could not load ${what}.`}</strong>
        <span>{message}</span>
      </div>
      <button type="button" onClick={() => void retry()} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  );
}
