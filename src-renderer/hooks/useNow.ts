import { useSyncExternalStore } from 'react';

// One ticker for the whole console: a thousand countdowns share a single interval.
const listeners = new Set<() => void>();
let now = new Date();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = new Date();
    for (const notify of listeners) notify();
  }, 1_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every second, so countdowns stay live. */
export function useNow(): Date {
  return useSyncExternalStore(subscribe, () => now);
}
