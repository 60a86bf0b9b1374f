import { useEffect, useState } from 'react';

const patienceMs = 10_000;

/** "Loading…", and after ten seconds without an answer, a way to ask again instead of waiting for ever. */
export function Loading({ what, onRetry, className = '' }: { what: string; onRetry(): Promise<unknown>; className?: string }) {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), patienceMs);
    return () => clearTimeout(timer);
  }, []);
  return (
    <div className={`loading muted ${className}`} role="status">
      <span>Loading {what}…</span>
      {slow && (
        <>
          <span>No answer from the console server yet.</span>
          <button type="button" onClick={() => void onRetry()}>Ask again</button>
        </>
      )}
    </div>
  );
}
