import { AppError, type Indicator, type IndicatorType } from '../../contract';
import type { RedactedText } from '../../domain/redaction/redaction';
import { foldIndicators, indicatorEventTypes } from '../../domain/investigation/indicators/indicatorFold';
import { listEventsOfTypes } from '../../store/eventLog';
import type { ServiceContext } from '../context';

/** The incident's indicators: a fold of its indicator events (there is no table of them). */
export function heldIndicators(ctx: ServiceContext, incidentId: string): Indicator[] {
  return foldIndicators(listEventsOfTypes(ctx.db, incidentId, indicatorEventTypes));
}

export function requireIndicator(held: Indicator[], incidentId: string, indicatorId: string): Indicator {
  const found = held.find((indicator) => indicator.id === indicatorId);
  if (found) return found;
  const range = held.length === 0 ? 'it has no indicators yet' : held.length === 1 ? 'it has I1' : `it has I1 to I${held.length}`;
  throw new AppError('not-found', `no indicator ${indicatorId} in ${incidentId}: ${range}`);
}

const hashTypes: ReadonlySet<IndicatorType> = new Set(['md5', 'sha1', 'sha256']);

/**
 * Why a value may not be an indicator because it is a credential, or null. A hash is what it is
 * (a digest, not a key) and is never refused. The message names the rule, never the value.
 */
export function secretRefusal(type: IndicatorType | null, redacted: RedactedText): string | null {
  if (type !== null && hashTypes.has(type)) return null;
  const first = redacted.redactions[0];
  if (!first) return null;
  // "GitHub token" reads "a GitHub token", "AWS access key ID" reads "an AWS access key ID".
  const description = first.description;
  const what = description.replace(/^an? /i, '');
  const word = what.split(/\s/)[0]!;
  const acronym = word.length > 1 && word === word.toUpperCase();
  const article = (acronym ? /^[AEFHILMNORSX]/ : /^[aeiou]/i).test(word) ? 'an' : 'a';
  // A secret pasted as an indicator would sit on the timeline in clear and travel with every bundle.
  return `looks like ${article} ${what}: a credential is not an indicator; rotate it from the Scans tab`;
}

/** First and last seen must be in order once both are set. */
export function checkSeenOrder(firstSeen: string | null, lastSeen: string | null): void {
  if (firstSeen !== null && lastSeen !== null && firstSeen > lastSeen) {
    throw new AppError('invalid-input', `first seen (${firstSeen}) is after last seen (${lastSeen})`, [{ field: 'lastSeen', message: 'must not be before first seen' }]);
  }
}
