import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillCommand, importedCommand, shellQuote, unsafePlaceholders } from '../../../src-main/domain/playbooks/placeholders';
import { parsePlaybook } from '../../../src-main/domain/playbooks/playbook';

// Values a hostile or careless responder might type. Were quoting to fail, the shell would only run
// printf (no file is touched): the proof is that each prints back as exactly one argument.
const hostile = [
  "it's",
  "a'; printf BROKE; '",
  '$(printf BROKE)',
  '`printf BROKE`',
  '"; printf BROKE; "',
  'two words',
  'back\\slash\\',
  "'",
  "''",
  '*',
  'a\\\'b',
  '#not-a-comment',
];

// A fresh folder that is also HOME: nothing the shell could expand points anywhere real.
const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-quote-'));
afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));

function printedBy(filled: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\n' ${filled}`], { cwd: sandbox, env: { HOME: sandbox, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
  return out.split('\n').slice(0, -1);
}

describe('shell quoting of placeholder values', () => {
  it.each(hostile.map((value) => [value]))('%s stays one argument, exactly as typed', (value) => {
    const filled = fillCommand('{VALUE}', { VALUE: value });
    expect(filled.unfilled).toEqual([]);
    expect(printedBy(filled.text)).toEqual([value]);
  });

  it('leaves a value of plain characters bare and single-quotes the rest, each embedded quote as \'\\\'\'', () => {
    expect(shellQuote('checkout-key-leak')).toBe('checkout-key-leak');
    expect(shellQuote('203.0.113.7')).toBe('203.0.113.7');
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
    expect(fillCommand('redis-cli SETEX block:ip:{IP} 86400 {INCIDENT_ID}', { IP: '203.0.113.7', INCIDENT_ID: 'INC-1' }).text).toBe('redis-cli SETEX block:ip:203.0.113.7 86400 INC-1');
  });

  it('keeps a value glued to its neighbours one argument', () => {
    const filled = fillCommand('block:ip:{IP}', { IP: "x y'z" });
    expect(printedBy(filled.text)).toEqual(["block:ip:x y'z"]);
  });

  it('never fills a placeholder written where quoting cannot protect it', () => {
    expect(unsafePlaceholders(`a '{X}' "{Y}" \`{Z}\` \${W} \\{V} {OK} "{INCIDENT_ID}"`).map((found) => `${found.name} ${found.context}`)).toEqual([
      'X inside single quotes',
      'Y inside double quotes',
      'Z inside backquotes',
      'W right after $',
      'V right after a backslash',
    ]);
    const filled = fillCommand(`git log -S '{SECRET_PATTERN}' {OK}`, { SECRET_PATTERN: "x'; printf BROKE; '", OK: 'fine' });
    expect(filled.text).toBe(`git log -S '{SECRET_PATTERN}' fine`);
    expect(filled.unfilled).toEqual(['SECRET_PATTERN']);
  });

  it('splits the filled command so the page can show each value and each gap', () => {
    expect(fillCommand('npm install {PACKAGE}@{SAFE_VERSION}', { PACKAGE: 'lodash' }).parts).toEqual([
      { text: 'npm install ', placeholder: null, filled: false },
      { text: 'lodash', placeholder: 'PACKAGE', filled: true },
      { text: '@', placeholder: null, filled: false },
      { text: '{SAFE_VERSION}', placeholder: 'SAFE_VERSION', filled: false },
    ]);
  });

  it('turns a runbook placeholder that cannot be quoted into a fill-by-hand marker, and the others into variables', () => {
    expect(importedCommand(`redis-cli SETEX "block:ip:{IP}" 86400 x && redis-cli DEL session:{USER_ID}`)).toEqual({ command: 'redis-cli SETEX "block:ip:<IP>" 86400 x && redis-cli DEL session:{USER_ID}', variables: ['USER_ID'] });
    const long = `A${'B'.repeat(45)}`;
    expect(importedCommand(`echo {${long}} {INCIDENT_ID}`)).toEqual({ command: `echo <${long}> {INCIDENT_ID}`, variables: [] });
  });
});

const playbook = (command: string, variables = '') => `id: mine
title: Mine
${variables}steps:
  - id: block
    phase: Contain
    text: Block it
    command: ${command}
`;

describe('placeholders a playbook declares', () => {
  it('refuses a placeholder that is neither declared nor filled by the incident, naming the step and the line', () => {
    expect(parsePlaybook(playbook('redis-cli SETEX block:ip:{IP} 60 {INCIDENT_ID}'), 'mine.yaml')).toEqual({
      problem: {
        file: 'mine.yaml',
        line: 7,
        path: 'steps.0.command',
        message: "step 'block' uses {IP}, which is not declared: add it under variables (name, label, example), or use one the incident fills (INCIDENT_ID, SEVERITY, DETECTED_AT, DECLARED_AT, DATE, TITLE, COMMANDER, SCENARIO)",
      },
    });
  });

  it('loads a declared one, with its label, example and pattern', () => {
    const declared = 'variables:\n  - name: IP\n    label: Attacking IP\n    example: 203.0.113.7\n    pattern: "[0-9.]+"\n';
    const result = parsePlaybook(playbook('redis-cli SETEX block:ip:{IP} 60 x', declared), 'mine.yaml');
    expect(result).toMatchObject({ playbook: { variables: [{ name: 'IP', label: 'Attacking IP', example: '203.0.113.7', pattern: '[0-9.]+' }] } });
  });

  it('refuses a placeholder inside quotes, a declared built-in and a pattern that does not compile', () => {
    const declared = 'variables:\n  - name: IP\n    label: Attacking IP\n';
    expect(parsePlaybook(playbook(`redis-cli SETEX "block:ip:{IP}" 60 x`, declared), 'mine.yaml')).toMatchObject({
      problem: { path: 'steps.0.command', message: "step 'block' has {IP} inside double quotes: write it bare, the console quotes each value so it stays one argument" },
    });
    expect(parsePlaybook(playbook('echo {INCIDENT_ID}', 'variables:\n  - name: INCIDENT_ID\n    label: Id\n'), 'mine.yaml')).toMatchObject({
      problem: { line: 4, path: 'variables.0.name', message: '{INCIDENT_ID} is filled from the incident itself: remove it from variables' },
    });
    expect(parsePlaybook(playbook('echo {IP}', 'variables:\n  - name: IP\n    label: Ip\n    pattern: "[0-9"\n'), 'mine.yaml')).toMatchObject({
      problem: { path: 'variables.0.pattern', message: 'is not a valid regular expression' },
    });
  });
});
