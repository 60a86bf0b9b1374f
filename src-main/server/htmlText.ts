/** Text for HTML the server writes itself (the first screen, its short pages). */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values alike; a lone surrogate (no character at all) reads as U+FFFD, as UTF-8 would carry it. */
export function escapeHtml(text: string): string {
  return text.replace(loneSurrogate, '\uFFFD').replace(/[&<>"']/g, (char) => escapes[char]!);
}
