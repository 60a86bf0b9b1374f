import type { IndicatorType } from '../../contract';
import type { RedactedText } from '../../domain/redaction/redaction';
import type { ImportedDraft } from '../../domain/investigation/timeline/timelineRows';
import { secretRefusal } from './indicatorRecord';

/**
 * Why an imported row may not be stored because a link, its category or its actor holds a secret, or null.
 * Text is redacted and kept; these cannot be: a link is an identity (redacting it would make another one), and
 * a secret in it would travel in clear with every export and bundle. The reason names the rule, never the value.
 */
export function draftSecret(redact: (text: string) => RedactedText, draft: ImportedDraft): string | null {
  for (const key of draft.links.indicators) {
    const refusal = secretRefusal(key.type as IndicatorType, redact(key.value));
    if (refusal) return `indicators: ${/^[aeiou]/.test(key.type) ? 'an' : 'a'} ${key.type} value ${refusal}`;
  }
  const cells: [string, string][] = [
    ...draft.links.assets.map((key): [string, string] => [`assets: ${/^[aeiou]/.test(key.kind) ? 'an' : 'a'} ${key.kind} name`, key.name]),
    ...draft.links.tags.map((tag): [string, string] => ['tags: a tag', tag]),
    ['category', draft.category],
    ['actor', draft.imported.actor],
  ];
  for (const [what, value] of cells) {
    const refusal = secretRefusal(null, redact(value));
    // The same rule and wording as for indicators, up to its first colon: past it, the advice is about indicators.
    if (refusal) return `${what} ${refusal.slice(0, refusal.indexOf(':'))}: a credential does not belong on the timeline; rotate it from the Scans tab`;
  }
  return null;
}
