// The bidi rules live in the domain: the server's first screen shows typed text as the console does.
export { bidiControls, hasBidiControls, splitUserText, visibleUserText, type UserTextPart } from '../src-main/domain/userText';

/**
 * Where to cut a long text for its collapsed view: at the last line break or space before `limit`
 * (when one is near), never inside a surrogate pair. `null` when the text is short enough to show whole.
 */
export function collapsePoint(text: string, limit: number, maxLines = Infinity): number | null {
  let cut = text.length > limit ? limit : null;
  if (maxLines !== Infinity) {
    let lines = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
      if (++lines >= maxLines) {
        if (cut === null || at < cut) cut = at;
        break;
      }
    }
  }
  if (cut === null) return null;
  const breakAt = Math.max(text.lastIndexOf('\n', cut), text.lastIndexOf(' ', cut));
  if (breakAt > cut * 0.8) cut = breakAt;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return cut;
}
