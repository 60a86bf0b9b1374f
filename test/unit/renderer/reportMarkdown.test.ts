import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ReportMarkdown } from '../../../src-renderer/components/report/ReportMarkdown';

const render = (markdown: string) => renderToStaticMarkup(createElement(ReportMarkdown, { markdown }));

describe('the report view', () => {
  it('renders tables, and shows no raw HTML, image or live link (the CSP and the hardening allow no remote content)', () => {
    const html = render(
      [
        '# Incident report',
        '',
        '| Time (UTC) | What |',
        '| --- | --- |',
        '| 14:05 | Status update sent |',
        '',
        'See [the runbook](https://example.com/runbook) and <a href="https://evil.example">this</a>.',
        '',
        '<script>alert(1)</script><img src="https://example.com/pixel.png">',
        '',
        '![tracker](https://example.com/pixel.png)',
      ].join('\n'),
    );
    expect(html).toContain('<table>');
    expect(html).toContain('<td>Status update sent</td>');
    expect(html).toContain('<span class="md-link">the runbook</span>');
    expect(html).not.toMatch(/<a[\s>]|<img|<script|example\.com/);
  });

  it('highlights every [fill in: …] left in the text, but not inside code', () => {
    const html = render('Root cause: [fill in: root cause]\n\n| Owner |\n| --- |\n| [fill in: owner] |\n\n`[fill in: literal]`');
    expect(html.match(/<mark class="fill-marker">/g)).toHaveLength(2);
    expect(html).toContain('<mark class="fill-marker">[fill in: root cause]</mark>');
    expect(html).toContain('<code>[fill in: literal]</code>');
  });
});
