import { useEffect } from 'react';

export type ShortcutMap = Record<string, (event: KeyboardEvent) => void>;

/** A form control has the keyboard: keys are typing, and Escape belongs to the field. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Where text is typed (not a checkbox or a radio button), so Escape leaves it instead of closing around it. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement) || !isTyping(target)) return false;
  return !(target instanceof HTMLInputElement && ['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type));
}

/**
 * Single-key shortcuts that stay out of the way while the responder types. Escape too: in a field it
 * only leaves the field (see useEscapeLeavesFields), so a draft never costs the page it is on.
 */
export function useShortcuts(shortcuts: ShortcutMap): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      const action = shortcuts[event.key];
      if (!action) return;
      event.preventDefault();
      action(event);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcuts]);
}

/**
 * Escape in a field takes the focus out of it and keeps what was typed: no navigation, and no native
 * clearing of a search box. Fields whose Escape closes a small editor handle it before this.
 */
export function useEscapeLeavesFields(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !isTyping(event.target)) return;
      event.preventDefault();
      (event.target as HTMLElement).blur();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
