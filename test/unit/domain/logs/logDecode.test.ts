import { describe, expect, it } from 'vitest';
import { decodeForMatching } from '../../../../src-main/domain/logs/logDecode';

describe('decodeForMatching', () => {
  it('URL-decodes until stable, so double and triple encoding read as the attack', () => {
    expect(decodeForMatching('/%2e%2e/%2e%2e/etc/passwd')).toBe('/../../etc/passwd');
    expect(decodeForMatching('%252e%252e%252f')).toBe('../');
    expect(decodeForMatching('%25252e%25252e%25252f')).toBe('../');
    expect(decodeForMatching('%27%20OR%201%3D1--')).toBe("' or 1=1--");
  });

  it('stops after four rounds', () => {
    // Five layers of %25: four rounds leave one layer encoded.
    expect(decodeForMatching('%252525252e')).toBe('%2e');
  });

  it('leaves invalid sequences as they are and never throws', () => {
    for (const value of ['%zz', '%', 'a%', '%2', '100%', '%%41', '%g1%']) {
      expect(() => decodeForMatching(value)).not.toThrow();
    }
    expect(decodeForMatching('%zz%')).toBe('%zz%');
    expect(decodeForMatching('100%')).toBe('100%');
    expect(decodeForMatching('%%41')).toBe('%a');
  });

  it('decodes UTF-8, reads other bytes as Latin-1 and keeps over-long forms written as they came', () => {
    expect(decodeForMatching('caf%C3%A9')).toBe('café');
    expect(decodeForMatching('%E9t%E9')).toBe('été');
    expect(decodeForMatching('%ff%fe')).toBe('ÿþ');
    // %c0%ae is an over-long "."; keeping it lets a rule name the evasion rather than guess.
    expect(decodeForMatching('%C0%AE%C0%AE%2F')).toBe('%c0%ae%c0%ae/');
    expect(decodeForMatching('%25c0%25ae')).toBe('%c0%ae');
    expect(decodeForMatching('%ed%a0%80')).toBe('%ed%a0%80');
    // IIS reads the division slash (and set minus, fullwidth solidus) as a path separator.
    expect(decodeForMatching('%u002e%u002E%u2215')).toBe('../');
    expect(decodeForMatching('..%u2216..\uff0fx')).toBe('../../x');
  });

  it('reads + as a space only when asked (query strings and bodies), and only as sent', () => {
    expect(decodeForMatching('1+UNION+SELECT', { plusIsSpace: true })).toBe('1 union select');
    expect(decodeForMatching('/c++/x')).toBe('/c++/x');
    // %2B is a literal plus in the round that decodes it.
    expect(decodeForMatching('1%2B1', { plusIsSpace: true })).toBe('1+1');
  });

  it('decodes HTML entities, named, decimal and hex, with or without the semicolon', () => {
    expect(decodeForMatching('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<script>alert(1)</script>');
    expect(decodeForMatching('&#x3c;svg onload=x&#x3e;')).toBe('<svg onload=x>');
    expect(decodeForMatching('&#60script')).toBe('<script');
    expect(decodeForMatching('%26lt%3Bimg%26gt%3B')).toBe('<img>');
    expect(decodeForMatching('&#x25;2e&#x25;2e/')).toBe('../');
    expect(decodeForMatching('fish &amp; chips')).toBe('fish & chips');
  });

  it('leaves what follows a name no entity has as written, as a browser reads it', () => {
    // entities 7.0.1 walked on through such text and made characters of it (`&vcy5~Ut` was `<`).
    expect(decodeForMatching('q=&xiAdY<script>')).toBe('q=&xiady<script>');
    expect(decodeForMatching('x&vcy5~Ut')).toBe('x&vcy5~ut');
    expect(decodeForMatching('a=1&half=;b')).toBe('a=1&half=;b');
    expect(decodeForMatching('&half;&not=1')).toBe('½¬=1');
  });

  it('turns SQL comments between tokens into a space', () => {
    expect(decodeForMatching('1 UNION/**/SELECT/**/password/**/FROM/**/users')).toBe('1 union select password from users');
    expect(decodeForMatching("'/*x*/OR/*y*/'1'='1")).toBe("' or '1'='1");
    expect(decodeForMatching('1%2f%2a%2a%2fUNION%2f%2a%2a%2fSELECT')).toBe('1 union select');
  });

  it('removes a comment that splits a keyword, as a comment-stripping filter would join it', () => {
    expect(decodeForMatching('UN/**/ION SEL/**/ECT')).toBe('union select');
    expect(decodeForMatching('UN/**/I/**/ON')).toBe('union');
    // Not a keyword once joined: a separator, as SQL reads it.
    expect(decodeForMatching('abc/**/def')).toBe('abc def');
    expect(decodeForMatching('UN/**/ION/**/SELECT')).toBe('union select');
  });

  it("keeps the content of MySQL's executable comments", () => {
    expect(decodeForMatching('1 /*!50000UNION*/ /*!SELECT*/ 1')).toBe('1 union select 1');
  });

  it('leaves an unclosed comment alone', () => {
    expect(decodeForMatching('a /* b')).toBe('a /* b');
  });

  it('turns NUL and control characters into spaces, backslashes into slashes, squeezes whitespace and folds case', () => {
    expect(decodeForMatching('..%5C..%5Cwindows%5Cwin.ini')).toBe('../../windows/win.ini');
    expect(decodeForMatching('shell.php%00.jpg')).toBe('shell.php .jpg');
    // A run holding a line break stays one newline: the shell reads it as a command separator.
    expect(decodeForMatching('a\t\t\r\nb   c\u00a0\u00a0d')).toBe('a\nb c d');
    expect(decodeForMatching('SeLeCt * FrOm UsErS')).toBe('select * from users');
    expect(decodeForMatching('%0d%0aSet-Cookie:%20x')).toBe('\nset-cookie: x');
  });

  it('returns plain lower-case text untouched', () => {
    const plain = '/static/app.js?v=3 mozilla/5.0 (x11; linux x86_64)';
    expect(decodeForMatching(plain)).toBe(plain);
    expect(decodeForMatching('')).toBe('');
  });
});

describe('JSON escapes', () => {
  it('decodes \\uXXXX and \\/ as the application reading the JSON would, before percent-decoding', () => {
    expect(decodeForMatching('admin\\u0027 OR \\u00271\\u0027=\\u00271')).toBe("admin' or '1'='1");
    expect(decodeForMatching('..\\/..\\/etc\\/passwd')).toBe('../../etc/passwd');
    expect(decodeForMatching('\\u0025252e')).toBe('.');
    // A Windows path is not an escape: its backslashes still read as slashes.
    expect(decodeForMatching('C:\\users\\Public')).toBe('c:/users/public');
  });
});
