import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbookImport, type RunbookImport } from '../../../src-main/contract';
import { importRunbook } from '../../../src-main/domain/runbooks/importRunbook';

// The five real runbooks Firebreak is modelled on. The expectations below were worked out by
// reading each document, with these counting rules: every top-level item of a numbered, bulleted
// or checkbox list under a response heading is one step (nested items are its detail); a
// numbered or checkbox list written inside a plain/Markdown fence counts the same; a shell
// block that follows no step is one step of its own (named after its label or heading); bold
// "Label:" paragraphs open a new section; "Goal:"/"Sources:" notes, non-shell code (rust,
// python) and template blocks are no steps. Phase-only sections outside the scenarios (a
// runbook-wide "Post-Incident") join the runbook's own playbook, or every scenario when the
// runbook has no playbook of its own.
const fixture = (name: string) => path.join(__dirname, '../../fixtures/runbooks', `${name}.md`);
function load(name: string): RunbookImport {
  const result = importRunbook(fs.readFileSync(fixture(name), 'utf8'), `${name}.md`);
  // What the preview shows is what the save accepts: every field within the contract.
  expect(runbookImport.safeParse(result).error).toBeUndefined();
  return result;
}

const scheme = (result: RunbookImport) => result.severities.map((s) => [s.level, s.label, s.responseMinutes]);
const stepCounts = (result: RunbookImport) => Object.fromEntries(result.playbooks.map((p) => [p.title, p.sections.reduce((sum, s) => sum + s.steps.length, 0)]));
const sections = (result: RunbookImport, title: string) => result.playbooks.find((p) => p.title === title)!.sections.map((s) => [s.heading, s.phase, s.steps.length]);

describe('seed runbooks', () => {
  it('000: a severity table with written response times, four scenarios sharing the post-incident checklist, two templates', () => {
    const result = load('000_c1621d3781773a1b');
    expect(scheme(result)).toEqual([
      ['Critical', 'Active exploitation or imminent threat', 0],
      ['High', 'Significant security impact', 1_440],
      ['Medium', 'Moderate security impact', 10_080],
      ['Low', 'Minor security impact', 43_200],
    ]);
    // Own steps 6, 7, 3, 4, plus Retrospective Checklist (6 boxes) and Preventive Measures (3) each.
    expect(stepCounts(result)).toEqual({
      'Secret Leaked': 15,
      'Vulnerability Discovered': 16,
      'Dependency Vulnerability': 12,
      'Malicious Dependency (Supply Chain Attack)': 13,
    });
    expect(sections(result, 'Secret Leaked')).toEqual([
      ['Immediate Actions (within 1 hour)', 'Contain', 3],
      ['Investigation', 'Triage', 3],
      ['Retrospective Checklist', 'Learn', 6],
      ['Preventive Measures', 'Learn', 3],
    ]);
    const revoke = result.playbooks[0]!.sections[0]!.steps[0]!;
    expect(revoke).toMatchObject({ text: 'Revoke the credential', command: expect.stringContaining('gh auth logout') });
    expect(result.playbooks[0]!.sections[0]!.steps[1]!.detail).toContain('- Any credential in the same keyring/vault');
    // "Response:" and the unlabelled scenarios name no phase: flagged, never guessed.
    expect(result.warnings.map((w) => w.line)).toEqual([79, 107, 131]);
    expect(result.templates.map((t) => t.id)).toEqual(['internal-notification', 'external-advisory']);
    expect(result.templates[0]!.body).toContain('SECURITY INCIDENT - {{severity}}');
    expect(result.templates[0]!.fields).toContainEqual({ placeholder: '[What team members should do]', field: null });
    expect(result.contacts.map((c) => c.name)).toEqual(['Maintainer', 'Security contact']);
  });

  it('001: severity headings ("Critical (P0) - Act Immediately" with a stated response time), a phased checklist written in Markdown fences, four scenarios', () => {
    const result = load('001_08fa4fc4b3415066');
    // The "**Response Time: …**" line under each heading is more precise than "Act Immediately".
    expect(scheme(result)).toEqual([
      ['P0', 'Critical', 60],
      ['P1', 'High', 1_440],
      ['P2', 'Medium', 10_080],
      ['P3', 'Low', 43_200],
    ]);
    // Checklist: 4+4 (Immediate), 4+4 (Investigation), 5+3 (Resolution), 5 (Post-Incident) = 29.
    // Scenarios: one command block + 3 prevention bullets; same; 5 numbered; 4 numbered.
    expect(stepCounts(result)).toEqual({
      'Incident Response Guide': 29,
      'Secret Leaked to GitHub': 4,
      'SQL Injection Found': 4,
      "User Reports Seeing Another User's Data": 5,
      'Prompt Injection Successful': 4,
    });
    expect(sections(result, 'Incident Response Guide').map(([heading, phase]) => `${phase} ${heading}`)).toEqual([
      'Triage Initial Assessment',
      'Contain Containment (if P0/P1)',
      'Triage Investigation',
      'Triage Evidence Collection',
      'Eradicate Resolution',
      'Eradicate Communication (if user data affected)',
      'Learn Post-Incident Review',
    ]);
    const sql = result.playbooks.find((p) => p.title === 'SQL Injection Found')!;
    expect(sql.sections[0]!.steps[0]!.command).toContain('grep -E "UNION|SELECT.*FROM|DROP|;--" /var/log/app/*.log');
    expect(result.templates.map((t) => t.title)).toEqual(['User Notification (Data Breach)', 'Status Page Update', 'Post-Incident Review Template']);
    expect(result.templates[0]!.fields).toContainEqual({ placeholder: '[Brief, honest description of what occurred]', field: 'description' });
  });

  it('002: severity headings "P0 - Critical (Response Time: <15 minutes)", numbered phases with sub-steps, three incident-specific procedures, an escalation matrix and contacts', () => {
    const result = load('002_640326837c8630a9');
    expect(scheme(result)).toEqual([
      ['P0', 'Critical', 15],
      ['P1', 'High', 60],
      ['P2', 'Medium', 240],
      ['P3', 'Low', 1_440],
    ]);
    // 1.x: 4 alert sources + 1 command + 4 assessment bullets + 2 notification commands; 2.x: 4 + 2 + 1 commands;
    // 3.x: 3 + 1 commands (the remediation plan is a template); 4.x: 2; 5.x: 1 + 5 bullets + 1 = 31.
    expect(stepCounts(result)).toEqual({
      'Security Incident Response Runbook': 31,
      'Supply-Chain Compromise Response': 6,
      'SLSA Provenance Failure Response': 5,
      'Secret Exposure Response': 5,
    });
    const phasesUsed = new Set(result.playbooks[0]!.sections.map((s) => s.phase));
    expect([...phasesUsed]).toEqual(['Identify', 'Contain', 'Triage', 'Eradicate', 'Recover', 'Learn']);
    expect(result.templates.map((t) => t.title)).toEqual(['Remediation Plan', 'Initial Incident Notification', 'Status Update Template', 'Resolution Notification']);
    // The matrix: 4 severities × 4 elapsed times.
    expect(result.escalation).toHaveLength(16);
    expect(result.escalation[1]).toEqual({ afterMinutes: 60, notify: 'P0 - Critical: CTO + Legal' });
    expect(result.contacts.slice(0, 2)).toEqual([
      { name: 'Security Team Lead', role: 'Primary Response Team', email: 'security-lead@aura-app.com', phone: '' },
      { name: 'DevOps Lead', role: 'Primary Response Team', email: 'devops-lead@aura-app.com', phone: '' },
    ]);
    expect(result.contacts).toHaveLength(6);
  });

  it('003: SEV-1..4 table with "< 15 min", one playbook of six numbered phases whose steps sit in plain fences, four templates', () => {
    const result = load('003_475923d1a13983d5');
    expect(scheme(result)).toEqual([
      ['SEV-1', 'Critical', 15],
      ['SEV-2', 'High', 60],
      ['SEV-3', 'Medium', 240],
      ['SEV-4', 'Low', 1_440],
    ]);
    // Identify 6; Triage 5 + evidence commands 1; Contain 4 + commands 1; Eradicate 5 + 5 boxes; Recover 5 + 1; Learn 4 meeting bullets = 37.
    expect(stepCounts(result)).toEqual({ 'S4-03: Incident Response Plan': 37 });
    const perPhase: Record<string, number> = {};
    for (const section of result.playbooks[0]!.sections) perPhase[section.phase!] = (perPhase[section.phase!] ?? 0) + section.steps.length;
    expect(perPhase).toEqual({ Identify: 6, Triage: 6, Contain: 5, Eradicate: 10, Recover: 6, Learn: 4 });
    const initial = result.playbooks[0]!.sections[0]!.steps[3]!;
    expect(initial).toMatchObject({ text: 'Initial assessment:', detail: expect.stringContaining('- When did it start?') });
    expect(result.templates.map((t) => t.id)).toEqual(['initial-assessment', 'postmortem-template', 'internal-notification-sev-1-2', 'external-notification-if-data-breach']);
    const postmortem = result.templates[1]!;
    expect(postmortem.body).toContain('# Postmortem: {{title}}');
    expect(postmortem.fields).toContainEqual({ placeholder: '{INCIDENT_NAME}', field: 'title' });
    expect(postmortem.fields).toContainEqual({ placeholder: '{DATE}', field: null });
    expect(result.warnings).toEqual([]);
  });

  it('004: a table with bold levels and "1 hour", a five-step workflow plus evidence and recovery procedures, three numbered scenarios', () => {
    const result = load('004_de7df4b4c00e58c7');
    expect(scheme(result)).toEqual([
      ['Critical', 'System compromise, data breach, complete outage', 0],
      ['High', 'Major security violation, partial outage', 60],
      ['Medium', 'Security policy violation, performance issues', 240],
      ['Low', 'Minor issues, configuration problems', 1_440],
    ]);
    // Workflow 3 + 4 + 1 command + 4 + 4; Evidence Preservation 5 + 1 command; Recovery Procedures 1 command + 4 = 27.
    expect(stepCounts(result)).toEqual({ 'Incident Response Procedures': 27, 'Malicious File Upload': 5, 'Unauthorized Access': 5, 'System Compromise': 5 });
    expect(sections(result, 'Incident Response Procedures')[2]).toEqual(['Emergency Commands', 'Contain', 1]);
    expect(result.playbooks[0]!.sections[2]!.steps[0]!.command).toContain('kill-switch/enable');
    // The rust "assessment checklist" is an example, not a step.
    expect(result.playbooks[0]!.sections.map((s) => s.heading)).not.toContain('2. Initial Assessment');
    expect(result.warnings.map((w) => w.message)).toEqual([
      '"Scenario 1: Malicious File Upload" names no phase Firebreak knows: pick one (or drop the section) before saving',
      '"Scenario 2: Unauthorized Access" names no phase Firebreak knows: pick one (or drop the section) before saving',
      '"Scenario 3: System Compromise" names no phase Firebreak knows: pick one (or drop the section) before saving',
    ]);
  });
});
