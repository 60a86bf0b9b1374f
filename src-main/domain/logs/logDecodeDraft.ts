// Stand-in for logDecode.ts (decodeForMatching) until the parsing work lands; same contract.
const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&', sol: '/', bsol: '\\', colon: ':', lpar: '(', rpar: ')', semi: ';', equals: '=', tab: '\t', newline: '\n', period: '.', num: '#', excl: '!', grave: '`' };

function urlDecodeOnce(value: string): string {
  return value.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // Invalid UTF-8 (overlong `%c0%ae`) stays as written; ASCII escapes inside it still decode.
      return run.replace(/%([0-7][0-9a-fA-F])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  });
}

export function decodeForMatching(value: string, options: { plusIsSpace?: boolean } = {}): string {
  // `+` is a space only as sent: a `%2b` decodes to a plus that stays one.
  let text = options.plusIsSpace === true && value.includes('+') ? value.replace(/\+/g, ' ') : value;
  for (let round = 0; round < 4 && text.includes('%'); round += 1) {
    const next = urlDecodeOnce(text);
    if (next === text) break;
    text = next;
  }
  if (text.includes('&')) {
    text = text.replace(/&(?:#x([0-9a-f]{1,6})|#(\d{1,7})|([a-z]{2,8}));?/gi, (whole, hex?: string, dec?: string, name?: string) => {
      if (hex) return String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff));
      if (dec) return String.fromCodePoint(Math.min(parseInt(dec, 10), 0x10ffff));
      return named[name!.toLowerCase()] ?? whole;
    });
  }
  if (text.includes('/*')) text = text.replace(/\/\*.*?\*\//g, ' ');
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (text.includes('\\')) text = text.replace(/\\/g, '/');
  return text.replace(/\s{2,}/g, ' ').toLowerCase();
}

