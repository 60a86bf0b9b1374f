import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Incident, RenderedTemplate } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;
const writeUser = (name: string, body: string) => {
  fs.mkdirSync(path.join(t.dataDir, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(t.dataDir, 'templates', name), `title: Echo\naudience: internal\ndescription: Repeats the description\nbody: "${body}"\n`);
};

beforeEach(() => {
  t = makeTestContext();
  id = callOk<Incident>(t, 'incident.declare', { title: 'Disk full', severity: 'P1', description: 'd'.repeat(20_000) }).id;
});
afterEach(() => t.close());

// A 50 KB template file that names a 20,000-character description 3,300 times would fill to 66 million
// characters: sent to the compose screen, printed by the CLI, and no message could hold it.
it('a template that would fill to millions of characters is refused by name before it is filled; the others still render', () => {
  writeUser('echo.yaml', '{{description}}'.repeat(3_300));
  const started = performance.now();
  const result = dispatch(t.ctx, 'template.render', { templateId: 'echo', incidentId: id });
  expect(performance.now() - started).toBeLessThan(1_000);
  expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/^the template 'echo' fills to about 66,0\d\d,\d{3} characters for this incident, over the 1,000,000 a message may have/) } });
  expect(callOk<RenderedTemplate>(t, 'template.render', { templateId: 'status-update', incidentId: id }).body.length).toBeGreaterThan(0);
});

it('the bound counts a field inside a section once per use, and a template under it renders whole', () => {
  writeUser('echo.yaml', `${'{{#title}}{{description}}{{/title}}'.repeat(40)}`);
  expect(callOk<RenderedTemplate>(t, 'template.render', { templateId: 'echo', incidentId: id }).body).toBe('d'.repeat(800_000));
  writeUser('echo.yaml', `${'{{#title}}{{description}}{{/title}}'.repeat(51)}`);
  expect(dispatch(t.ctx, 'template.render', { templateId: 'echo', incidentId: id })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
});
