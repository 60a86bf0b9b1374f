import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStixBundle } from '../../../../src-main/domain/investigation/attack/stixBundle';
import { maxDescriptionLength } from '../../../../src-main/domain/investigation/attack/stixText';

const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.resolve('test', 'fixtures', 'attack', name), 'utf8'));

/** An attack-pattern as ATT&CK writes one; `extra` overrides any field. */
function technique(id: string, name: string, extra: Record<string, unknown> = {}, source = 'mitre-attack', killChain = 'mitre-attack') {
  return {
    type: 'attack-pattern',
    id: `attack-pattern--${id}`,
    name,
    modified: '2024-01-01T00:00:00.000Z',
    kill_chain_phases: [{ kill_chain_name: killChain, phase_name: 'execution' }],
    external_references: [{ source_name: source, external_id: id, url: `https://attack.mitre.org/techniques/${id}` }],
    ...extra,
  };
}
const bundle = (...objects: unknown[]) => ({ type: 'bundle', id: 'bundle--1', objects });

function read(value: unknown) {
  const result = readStixBundle(value);
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe('reading an ATT&CK STIX bundle', () => {
  it('keeps the techniques of the hand-written Enterprise excerpt and skips everything else', () => {
    const result = read(fixture('small-enterprise.json'));
    expect(result.version).toBe('16.1');
    expect(result.techniques.map((t) => t.id)).toEqual(['T1059', 'T1059.001', 'T1059.003', 'T1064', 'T1078', 'T1190', 'T1566', 'T1566.001', 'T1566.002']);
    // collection, identity, marking, 2 tactics, matrix, revoked T1086, CAPEC pattern, old mitigation, intrusion set, 2 relationships.
    expect(result.skipped).toBe(12);
    const powershell = result.techniques.find((t) => t.id === 'T1059.001')!;
    expect(powershell).toMatchObject({ name: 'PowerShell', parent: 'T1059', tactics: ['execution'], platforms: ['Windows'], deprecated: false, url: 'https://attack.mitre.org/techniques/T1059/001' });
    // Citations and tags are gone; the first paragraph only.
    expect(powershell.description).toContain('included in the Windows operating system. Adversaries can use PowerShell');
    expect(powershell.description).toContain('the Start-Process cmdlet');
    expect(powershell.description).not.toMatch(/Citation|<code>/);
    expect(result.techniques.find((t) => t.id === 'T1059')!.description).not.toContain('cross-platform');
    expect(result.techniques.find((t) => t.id === 'T1064')!.deprecated).toBe(true);
    expect(result.techniques.find((t) => t.id === 'T1078')!.tactics).toEqual(['defense-evasion', 'persistence', 'privilege-escalation', 'initial-access']);
  });

  it('reads Mobile and ICS bundles (their own kill chains and source names) and STIX 2.0 bundles without a collection', () => {
    const result = read({
      type: 'bundle',
      id: 'bundle--2',
      spec_version: '2.0',
      objects: [technique('T1398', 'Boot or Logon Initialization Scripts', {}, 'mitre-mobile-attack', 'mitre-mobile-attack'), technique('T0800', 'Activate Firmware Update Mode', {}, 'mitre-ics-attack', 'mitre-ics-attack')],
    });
    expect(result.version).toBeNull();
    expect(result.techniques.map((t) => [t.id, t.tactics])).toEqual([['T0800', ['execution']], ['T1398', ['execution']]]);
  });

  it('refuses what is not a bundle, a bundle without techniques, a malformed id and a nameless technique, saying where', () => {
    const reason = (value: unknown) => {
      const result = readStixBundle(value);
      return result.ok ? 'accepted' : result.reason;
    };
    expect(reason(fixture('not-a-bundle.json'))).toMatch(/^not a STIX bundle/);
    expect(reason([1, 2])).toMatch(/^not a STIX bundle/);
    expect(reason(fixture('no-techniques.json'))).toMatch(/^no ATT&CK techniques/);
    expect(reason(fixture('bad-id.json'))).toBe('objects[9] (attack-pattern--a62a8db3-f23a-4d8f-afd6-9dbc77e7813b): external_id "T15660" is not an ATT&CK technique id like T1059 or T1059.001');
    expect(reason(fixture('nameless.json'))).toMatch(/^objects\[12\] \(attack-pattern--b17a1a56-[^)]+\): technique T1078 has no name$/);
    expect(reason(bundle(technique('T1059', 'x'), 'text'))).toBe('objects[1] is not a STIX object (an object with a "type")');
    expect(reason(bundle(technique('T1059', 'x'.repeat(301))))).toMatch(/has a name of 301 characters, more than 300/);
  });

  it('keeps the later revision of an id given twice, whatever the order', () => {
    const older = technique('T1059', 'Command-Line Interface', { modified: '2019-01-01T00:00:00.000Z' });
    const newer = technique('T1059', 'Command and Scripting Interpreter', { modified: '2024-04-15T19:23:13.806Z' });
    for (const objects of [[older, newer], [newer, older]]) {
      const result = read(bundle(...objects));
      expect(result.techniques).toHaveLength(1);
      expect(result.techniques[0]!.name).toBe('Command and Scripting Interpreter');
      expect(result.skipped).toBe(1);
    }
  });

  it('survives hostile bundles: __proto__ keys, a 10 MB description, odd lists, a javascript: link, a lower-case id', () => {
    const hostile = JSON.parse(
      JSON.stringify(bundle(technique('T1059', 'Command and Scripting Interpreter', { description: 'A'.repeat(10 * 1024 * 1024), x_mitre_platforms: ['Windows', 7, null, { a: 1 }, 'x'.repeat(500), 'Windows'] })))
        .replace('"type":"bundle"', '"__proto__":{"polluted":true},"type":"bundle"')
        .replace('"name":"Command', '"__proto__":{"isAdmin":true},"name":"Command'),
    );
    const evil = technique('t1190', 'Exploit Public-Facing Application', { kill_chain_phases: 'initial-access', external_references: [{ source_name: 'mitre-attack', external_id: 't1190', url: 'javascript:alert(1)' }] });
    const result = read({ ...hostile, objects: [...(hostile as { objects: unknown[] }).objects, evil] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    const [t1059, t1190] = result.techniques;
    expect(t1059!.description.length).toBe(maxDescriptionLength);
    expect(t1059!.platforms).toEqual(['Windows']);
    expect(Object.keys(t1059!).sort()).toEqual(['deprecated', 'description', 'id', 'name', 'parent', 'platforms', 'tactics', 'url']);
    expect(t1190).toMatchObject({ id: 'T1190', tactics: [], url: null });
  });
});
