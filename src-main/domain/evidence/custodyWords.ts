import type { CustodyAction, CustodyChoice } from '../../contract';

/**
 * Custody actions as a responder says them. The stored action stays the short name (`handed-over`,
 * part of every signed event since the first release); what a person reads is these words, in the
 * console, the timeline, the CLI and the reports alike.
 */
export const custodyWords: Record<CustodyAction, string> = {
  collected: 'collected',
  copied: 'copied',
  'handed-over': 'handed over',
  verified: 'verified',
  exported: 'exported',
  note: 'note',
};

/** An action as stored, in words; an action unknown to this release (from a newer laptop) reads as stored. */
export function custodyWord(action: string): string {
  return Object.hasOwn(custodyWords, action) ? custodyWords[action as CustodyAction] : action;
}

/**
 * One custody entry as a sentence: "handed over to Legal (Dana)", "verified: intact: 2 files…".
 * A hand-over's detail usually starts with "to …" (the CLI writes `to NAME`), which reads on from the verb.
 */
export function describeCustody(action: string, detail: string): string {
  const word = custodyWord(action);
  const said = detail.trim();
  if (!said) return word;
  if (action === 'handed-over' && /^to\s/i.test(said)) return `${word} ${said}`;
  return `${word}: ${said}`;
}

/** What a responder records by hand; collect, verify and export record themselves. */
export const custodyChoices: CustodyChoice[] = (['handed-over', 'copied', 'note'] as const).map((action) => ({ action, words: custodyWords[action] }));
