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

function* walk(value: unknown, depth: number): Generator<string> {
  if (depth >= walkedDepth) {
    yield JSON.stringify(value);
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) yield ',';
      const element: unknown = value[index];
      // As JSON.stringify does: what has no JSON form stands as null in an array…
      if (hasJsonForm(element)) yield* walk(element, depth + 1);
      else yield 'null';
    }
    yield ']';
    return;
  }
  if (isPlainObject(value)) {
    yield '{';
    let first = true;
    for (const key of Object.keys(value)) {
      const member = value[key];
      // …and is left out of an object.
      if (!hasJsonForm(member)) continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* walk(member, depth + 1);
    }
    yield '}';
    return;
  }
  yield JSON.stringify(value);
}

function hasJsonForm(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** An object JSON.stringify writes member by member: no toJSON of its own, no class of its own. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
