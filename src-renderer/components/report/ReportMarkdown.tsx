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

const markerSplit = /(\[fill in:[^\]]*\])/;
const isMarker = /^\[fill in:[^\]]*\]$/;

/** The little of a HTML syntax tree (hast) this needs. */
interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

/** Marks every `[fill in: …]` left in the report, so what is still to write stands out (code excepted). */
function highlightMarkers() {
  const walk = (node: HastNode): void => {
    if (!node.children || node.tagName === 'code' || node.tagName === 'pre') return;
    node.children = node.children.flatMap((child) => {
      walk(child);
      if (child.type !== 'text' || !child.value?.includes('[fill in:')) return [child];
      return child.value
        .split(markerSplit)
        .filter(Boolean)
        .map((part): HastNode => (isMarker.test(part) ? { type: 'element', tagName: 'mark', properties: { className: ['fill-marker'] }, children: [{ type: 'text', value: part }] } : { type: 'text', value: part }));
    });
  };
  return (tree: HastNode) => walk(tree);
}

/** The report's Markdown as a document: GitHub tables, no HTML, images or live links. */
export function ReportMarkdown({ markdown }: { markdown: string }) {
  return (
    <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={[highlightMarkers]} skipHtml disallowedElements={['img']} components={components}>
      {markdown}
    </Markdown>
  );
}
