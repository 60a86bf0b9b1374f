const storageKey = 'firebreak.token';

/**
 * Browser mode: the launch URL carries the per-launch token in its fragment (never sent to a server).
 * Keep it for this tab only and take it out of the address bar.
 */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const match = /^#token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match) {
    storage.setItem(storageKey, match[1]!);
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  }
  return storage.getItem(storageKey);
}
