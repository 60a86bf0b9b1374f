import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Incident, RenderedReport } from '../../../src-main/contract';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext('2026-11-30T10:00:00.000Z');
});
afterEach(() => t.close());

const render = (id: string, kind: 'incident' | 'postmortem' = 'incident') => callOk<RenderedReport>(t, 'report.render', { id, kind }).markdown;

it('an incident with no investigation record reports as before: no empty sections, the affected systems left to fill in', () => {
  const { id } = callOk<Incident>(t, 'incident.declare', { title: 'Quiet one', severity: 'P3' });
  const markdown = render(id);
  expect(markdown).not.toMatch(/Indicators of Compromise|Affected Assets|ATT&CK Techniques|Regulatory clock/);
  expect(markdown).toContain('**Affected systems:** [fill in: affected systems]');
});

it('reports the indicators defanged, the assets, the techniques with where they are named, the clocks, and when an entry added later happened', () => {
  const { id } = callOk<Incident>(t, 'incident.declare', { title: 'Phishing wave', severity: 'P1' });
  callOk(t, 'ioc.add', { incidentId: id, value: 'https://login.evil.example/reset', tlp: 'red', techniques: ['T1566.002'] });
  callOk(t, 'ioc.add', { incidentId: id, value: '203.0.113.7' });
  callOk(t, 'asset.add', { incidentId: id, kind: 'host', name: 'web-01', state: 'compromised', owner: 'Ana', techniques: ['T1078'] });
  callOk(t, 'timeline.add', { incidentId: id, text: 'First phishing mail delivered', at: '2026-11-30T08:15:00+02:00', links: { indicators: ['I1'], techniques: ['T1566.002'] } });
  callOk(t, 'clock.start', { incidentId: id, name: 'gdpr-authority', startedAt: '2026-11-30T09:30:00Z' });
  t.advance(3_600_000);
  callOk(t, 'clock.stop', { incidentId: id, name: 'gdpr-authority', note: 'notified the ICO' });

  const markdown = render(id);
  expect(markdown).toContain('## Indicators of Compromise\n\n**TLP:RED** is the most restricted marking below');
  expect(markdown).toContain('| I1 | url | hxxps://login\\[.\\]evil\\[.\\]example/reset | TLP:RED |');
  expect(markdown).toContain('| I2 | ip | 203.0.113\\[.\\]7 | TLP:AMBER |');
  expect(markdown).not.toContain('https://login.evil.example');
  expect(markdown).toContain('## Affected Assets');
  expect(markdown).toContain('| S1 | host | web-01 | compromised | Ana |');
  expect(markdown).toContain('**Affected systems:** web-01 (host, compromised)');
  expect(markdown).toContain('## ATT&CK Techniques');
  expect(markdown).toContain('- T1078: asset S1');
  expect(markdown).toContain('- T1566.002: indicator I1, 1 timeline entry');
  expect(markdown).toContain('| GDPR Art. 33: notify the supervisory authority | 2026-11-30 09:30 UTC | 2026-12-03 09:30 UTC | 2026-11-30 11:00 UTC: notified the ICO |');
  expect(markdown).toContain('Happened 2026-11-30 08:15 +02:00, recorded later: First phishing mail delivered');
  expect(render(id, 'postmortem')).toContain('**Affected systems:** web-01 (host, compromised)');
});
