import type { ComponentProps } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

// The CSP and the Electron hardening allow no remote content and no navigation: a link stays text,
// an image is dropped, raw HTML is skipped.
const components: Components = {
  a: ({ children }) => <span className="md-link">{children}</span>,
  // A wide table scrolls inside the report instead of widening the page.
  table: ({ node: _node, ...props }: ComponentProps<'table'> & { node?: unknown }) => (
    <div className="report-table">
      <table {...props} />
    </div>
  ),
};

/** The report's Markdown as a document: GitHub tables, no HTML, images or live links. */
export function ReportMarkdown({ markdown }: { markdown: string }) {
  return (
    <Markdown remarkPlugins={[remarkGfm]} skipHtml disallowedElements={['img']} components={components}>
      {markdown}
    </Markdown>
  );
}
