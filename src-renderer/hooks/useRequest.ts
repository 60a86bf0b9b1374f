import { useEffect } from 'react';
import { useUi } from './stores';

/**
 * Runs `onRequest` once when something (the palette) asks for `id` through the ui store's focus
 * request: opens an editor or focuses a field, then the request is spent.
 */
export function useRequest(id: string, onRequest: () => void): void {
  const requested = useUi((state) => state.focusRequest === id);
  const requestFocus = useUi((state) => state.requestFocus);
  useEffect(() => {
    if (!requested) return;
    requestFocus(null);
    onRequest();
  }, [requested, requestFocus, onRequest]);
}
