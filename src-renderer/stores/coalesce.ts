/**
 * Calls of `load` that arrive while one runs fold into a single further run once it ends. A burst of
 * pushed changes (a hundred reminders recorded at once) costs two requests instead of a hundred, and
 * the last answer still reflects the last change: every caller's promise settles after a run that
 * started after its call.
 */
export function coalesced(load: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again: Promise<void> | null = null;
  const start = (): Promise<void> => (running = load().finally(() => (running = null)));
  return () => {
    if (again) return again;
    if (!running) return start();
    // A failed run must not leave later calls waiting for ever.
    again = running.catch(() => undefined).then(() => {
      again = null;
      return start();
    });
    return again;
  };
}
