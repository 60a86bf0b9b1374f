import { useCallback, useEffect, useRef, useState, type ClipboardEvent } from 'react';
import type { Envelope, Redaction } from '../../src-main/contract';
import { usePasteGuardStore } from './stores';

export interface PasteGuardWarning {
  /** What the field holds now, in place of what was pasted or typed. */
  redacted: string;
  redactions: Redaction[];
}

export interface PasteGuard {
  /** What the field is called in messages ("note", "title"…). */
  what: string;
  onPaste(event: ClipboardEvent<HTMLInputElement | HTMLTextAreaElement>): void;
  /**
   * Call before sending the field's text: resolves to the text to send, or to null when it held a
   * secret that was just replaced by its redacted form (the responder sees the warning first).
   */
  beforeSubmit(text: string): Promise<string | null>;
  /** Call with the operation's answer: redactions the guard did not see (typed) become a notice. */
  afterSubmit(envelope: Envelope<unknown>): void;
  warning: PasteGuardWarning | null;
  notice: Redaction[] | null;
  /** "Store redacted": the warning goes and the field's text is sent, redacted. */
  storeRedacted(): void;
  /** The values the warning is about, for the vault, taken once: the guard forgets them. */
  takeValues(): string[];
  dismissNotice(): void;
}

/**
 * Watches one free-text field for secrets. A paste is checked as it lands (`text.check`, in the
 * main process); a secret in it is replaced in the field by its redacted form at once and a warning
 * shows under the field. The values themselves stay only in this hook, for the vault button, until
 * the responder chooses. Every submit is checked again for what was typed.
 */
export function usePasteGuard(what: string, value: string, setValue: (next: string) => void, submit: () => void): PasteGuard {
  const check = usePasteGuardStore((state) => state.check);
  const [warning, setWarning] = useState<PasteGuardWarning | null>(null);
  const [notice, setNotice] = useState<Redaction[] | null>(null);
  const values = useRef<string[]>([]);
  const latest = useRef(value);
  latest.current = value;
  // The values never outlive the field.
  useEffect(() => () => void (values.current = []), []);

  const caught = useCallback(
    (text: string, result: Envelope<{ redacted: string; redactions: (Redaction & { start: number; end: number })[] }>) => {
      if (!result.ok || result.value.redactions.length === 0) return false;
      const { redacted, redactions } = result.value;
      values.current = [...values.current, ...redactions.map((redaction) => text.slice(redaction.start, redaction.end))];
      // Wherever the pasted text landed (the responder may have typed on meanwhile), its redacted form takes its place.
      const current = latest.current;
      const next = current.includes(text) ? current.split(text).join(redacted) : current;
      setValue(next);
      setWarning((previous) => ({
        redacted: next,
        redactions: [...(previous?.redactions ?? []), ...redactions.map(({ start: _start, end: _end, ...redaction }) => redaction)],
      }));
      return true;
    },
    [setValue],
  );

  const onPaste = useCallback(
    (event: ClipboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      const pasted = event.clipboardData.getData('text/plain');
      if (!pasted.trim()) return;
      void check(pasted).then((result) => caught(pasted, result));
    },
    [check, caught],
  );

  const beforeSubmit = useCallback(
    async (text: string) => {
      if (!text.trim()) return text;
      const result = await check(text);
      // If the check cannot run, the text goes as it is: the main process redacts it on the way in anyway.
      return caught(text, result) ? null : text;
    },
    [check, caught],
  );

  const storeRedacted = useCallback(() => {
    values.current = [];
    setWarning(null);
    submit();
  }, [submit]);

  const afterSubmit = useCallback((envelope: Envelope<unknown>) => {
    if (!envelope.ok) return;
    values.current = [];
    setWarning(null);
    setNotice(envelope.redactions?.length ? envelope.redactions : null);
  }, []);

  const takeValues = useCallback(() => {
    const taken = values.current;
    values.current = [];
    setWarning(null);
    return taken;
  }, []);

  return { what, onPaste, beforeSubmit, afterSubmit, warning, notice, storeRedacted, takeValues, dismissNotice: () => setNotice(null) };
}

/** Runs every field's guard before a form is sent: null when any of them caught a secret. */
export async function checkAll(fields: [PasteGuard, string][]): Promise<string[] | null> {
  const checked = await Promise.all(fields.map(([guard, text]) => guard.beforeSubmit(text)));
  return checked.some((text) => text === null) ? null : (checked as string[]);
}
