import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Incident, RenderedReport } from '../../../src-main/contract';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

// U+202E (right-to-left override) reverses what follows it on the line: a note "ok \u202E|toor| 00:00"
// would show the rest of its timeline row reversed in an editor or terminal, reading as another actor or time.
it('a bidi override or isolate typed into a title or note is shown as its code point, never left to reorder the line', () => {
  const { id } = callOk<Incident>(t, 'incident.declare', { title: 'Leak in \u202Enoitcudorp', severity: 'P1' });
  callOk(t, 'incident.addNote', { id, text: 'checked \u2067logs\u2069 and \u202Dthis\u202C' });
  for (const kind of ['incident', 'postmortem'] as const) {
    const { markdown } = callOk<RenderedReport>(t, 'report.render', { id, kind });
    expect(markdown).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(markdown).toContain('Leak in \\[U+202E\\]noitcudorp');
    expect(markdown).toContain('checked \\[U+2067\\]logs\\[U+2069\\] and \\[U+202D\\]this\\[U+202C\\]');
  }
});

it('right-to-left text itself, and the marks it needs, stay as typed', () => {
  const { id } = callOk<Incident>(t, 'incident.declare', { title: 'תקלה בשרת \u200Fabc', severity: 'P2' });
  const { markdown } = callOk<RenderedReport>(t, 'report.render', { id, kind: 'incident' });
  expect(markdown).toContain('תקלה בשרת \u200Fabc');
});
