import type { Heading, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';

/** A heading with what follows it up to the next heading of the same or a higher level. */
export interface Section {
  heading: string;
  depth: number;
  line: number;
  /** Blocks between this heading and its first sub-heading (or the next section). */
  content: RootContent[];
  children: Section[];
  parent: Section | null;
}

export const lineOf = (node: { position?: { start: { line: number } } }): number => node.position?.start.line ?? 0;

/** The document as a tree of headed sections; the root (depth 0) holds what precedes the first heading. */
export function sectionTree(root: Root): Section {
  const top: Section = { heading: '', depth: 0, line: 0, content: [], children: [], parent: null };
  let current = top;
  for (const node of root.children) {
    if (node.type === 'heading') {
      const heading = node as Heading;
      while (current.depth >= heading.depth && current.parent) current = current.parent;
      const section: Section = { heading: toString(heading).replace(/\s+/g, ' ').trim(), depth: heading.depth, line: lineOf(heading), content: [], children: [], parent: current };
      current.children.push(section);
      current = section;
    } else {
      current.content.push(node);
    }
  }
  return top;
}

export function* walk(section: Section): Generator<Section> {
  for (const child of section.children) {
    yield child;
    yield* walk(child);
  }
}
