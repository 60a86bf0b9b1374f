import { describe, expect, it } from 'vitest';
import { visibleText } from '../../../src-main/cli/visibleText';

describe('visibleText', () => {
  it('writes terminal escapes, line breaks and bidi controls as visible escapes', () => {
    expect(visibleText('x\u001b]0;pwned\u0007\u001b[2J')).toBe('x\\x1b]0;pwned\\x07\\x1b[2J');
    expect(visibleText('web\n[ok]\r\t.log')).toBe('web\\n[ok]\\r\\t.log');
    expect(visibleText('\u009b31m \u007f invoice\u202Efdp.exe')).toBe('\\x9b31m \\x7f invoice⟨RLO⟩fdp.exe');
  });

  it('leaves ordinary text, accents and other scripts as they are', () => {
    const text = 'GET /café?q=日本語 HTTP/1.1 "Mozilla/5.0"';
    expect(visibleText(text)).toBe(text);
  });
});
