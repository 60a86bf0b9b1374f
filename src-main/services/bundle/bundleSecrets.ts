import { viewOf } from '../../domain/bundle/bundleDag';
import type { Bundle } from '../../domain/bundle/bundleFormat';
import type { ServiceContext } from '../context';
import { storageRedactor } from '../redaction/redaction';

/**
 * The first text in the bundle's events or rows that holds a secret value, named by where it is and
 * what it looks like (never the value). Firebreak takes secrets out of text before storing it; a
 * bundle carrying one (made by an older rule set, or by hand) would put it into this database.
 * Events cannot be redacted without breaking their hashes, so such a bundle is refused.
 */
export function secretProblem(ctx: ServiceContext, bundle: Bundle): string | null {
  const redact = storageRedactor(ctx);
  const found = (text: string) => redact(text).redactions[0];
  const walk = (value: unknown, where: string): string | null => {
    if (typeof value === 'string') {
      const hit = found(value);
      return hit ? `${where} holds what looks like a secret (${hit.description}, ${hit.preview}, sha256:${hit.fingerprint})` : null;
    }
    if (value === null || typeof value !== 'object') return null;
    for (const [key, inner] of Object.entries(value)) {
      const problem = walk(inner, Array.isArray(value) ? `${where}[${key}]` : `${where}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
  for (const [index, event] of bundle.events.map(viewOf).entries()) {
    const problem = walk({ actor: event.actor, payload: event.payload }, `events[${index}] (${event.type})`);
    if (problem) return `${problem}: Firebreak never stores a secret value, so the bundle cannot be imported; have the secret rotated`;
  }
  const problem = walk(bundle.tables, 'tables');
  return problem ? `${problem}: Firebreak never stores a secret value, so the bundle cannot be imported; have the secret rotated` : null;
}
