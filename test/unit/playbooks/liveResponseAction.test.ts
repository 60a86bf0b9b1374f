import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src-main/domain/playbooks/playbook';

const withAction = (action: string) => `id: host-down
title: Host compromised
steps:
  - id: capture-state
    phase: Contain
    text: Capture system state
    action:
${action}
`;

describe('a playbook step that starts a live response', () => {
  it('names its profile, or gets the quick one when it names none', () => {
    const named = parsePlaybook(withAction('      type: live-response\n      target: containers'), 'x.yaml');
    const bare = parsePlaybook(withAction('      type: live-response'), 'x.yaml');
    if ('problem' in named || 'problem' in bare) throw new Error('expected both to parse');
    expect(named.playbook.steps[0]!.action).toEqual({ type: 'live-response', target: 'containers' });
    expect(bare.playbook.steps[0]!.action).toEqual({ type: 'live-response', target: 'quick' });
  });

  it('refuses a profile name that is not an id, at its path', () => {
    expect(parsePlaybook(withAction('      type: live-response\n      target: Quick Profile'), 'x.yaml')).toMatchObject({
      problem: { file: 'x.yaml', path: 'steps.0.action.target', message: 'must be lowercase letters, digits and dashes, like revoke-credential' },
    });
  });

  it('is what the shipped "capture system state" step does', () => {
    const file = path.resolve('resources', 'playbooks', 'system-compromise.yaml');
    const result = parsePlaybook(fs.readFileSync(file, 'utf8'), 'system-compromise.yaml');
    if ('problem' in result) throw new Error(result.problem.message);
    const step = result.playbook.steps.find((candidate) => candidate.id === 'capture-state');
    expect(step?.action).toEqual({ type: 'live-response', target: 'quick' });
    expect(step?.command).toBe('firebreak evidence live --profile quick --incident {INCIDENT_ID} -o live-{INCIDENT_ID}.tar.gz');
  });
});
