/**
 * JSON text exactly as JSON.stringify writes it, handed out in pieces of about `pieceChars`: a scan
 * of a gigabyte of logs answers with tens of thousands of findings, and one string of all of them,
 * then its copy with a newline and its bytes for stdout, cost more memory than the scan itself.
 * The outer plain objects and arrays are walked (an envelope, its value, that value's lists); each
 * list element and every other value is JSON.stringify's.
 */
export function* jsonPieces(value: unknown, pieceChars = 256 * 1024): Generator<string> {
  let held = '';
  for (const text of walk(value, 0)) {
    held += text;
    if (held.length >= pieceChars) {
      yield held;
      held = '';
    }
  }
  if (held) yield held;
}

// Deep enough for an envelope's value's lists; their elements are small.
const walkedDepth = 3;

/** The value's JSON text, or undefined where it has none (left out of an object, null in a list). */
function* walk(value: unknown, depth: number): Generator<string> {
  if (depth >= walkedDepth || !isWalked(value)) {
    yield JSON.stringify(value);
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) yield ',';
      const text = member(value, String(index), depth);
      // As JSON.stringify does: what has no JSON form stands as null in a list…
      if (text === undefined) yield 'null';
      else yield* text;
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const text = member(value, key, depth);
    // …and is left out of an object.
    if (text === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* text;
  }
  yield '}';
}

/** A member's text (walked when it is a list or a plain object), undefined when it has no JSON form. */
function member(holder: Record<string, unknown> | unknown[], key: string, depth: number): Iterable<string> | undefined {
  const value = (holder as Record<string, unknown>)[key];
  if (isWalked(value)) return walk(value, depth + 1);
  // Through a holder of its own, so a toJSON hears its key as it would from JSON.stringify.
  const text = JSON.stringify({ [key]: value });
  const prefix = JSON.stringify(key).length + 2;
  return text.length === 2 ? undefined : [text.slice(prefix, -1)];
}

/** A list or a plain object without a toJSON of its own or inherited: written member by member. */
function isWalked(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
