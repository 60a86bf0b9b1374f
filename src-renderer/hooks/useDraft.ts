import { useCallback } from 'react';
import { useUi } from './stores';

/**
 * Text the responder is typing into `key`, kept in the ui store until it is saved. After a save,
 * clear it with the text that was sent: anything typed meanwhile is kept.
 */
export function useDraft(key: string): [string, (text: string) => void, (ifText?: string) => void] {
  const text = useUi((state) => state.drafts[key] ?? '');
  const setDraft = useUi((state) => state.setDraft);
  const clearDraft = useUi((state) => state.clearDraft);
  const set = useCallback((next: string) => setDraft(key, next), [key, setDraft]);
  const clear = useCallback((ifText?: string) => clearDraft(key, ifText), [key, clearDraft]);
  return [text, set, clear];
}

/** Whether anything is waiting in `key`: the editor's opener says so. */
export function useHasDraft(key: string): boolean {
  return useUi((state) => Boolean(state.drafts[key]?.trim()));
}
