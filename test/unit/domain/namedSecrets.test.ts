import { describe, expect, it } from 'vitest';
import { isSecretName, redactNamedSecrets } from '../../../src-main/domain/redaction/namedSecrets';

// Shapes as `env`, `kubectl get … -o yaml`, `npm config list` and `ps auxww` print them.
describe('values named as secrets in captured system state', () => {
  it('takes out environment values whose name says secret, and keeps the rest byte for byte', () => {
    const dump = [
      'HOME=/root',
      'MY_DB_PASSWORD=hunter2secretvalue',
      'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'SSH_AUTH_SOCK=/tmp/ssh-XXXX/agent.1',
      'PASSWORD_FILE=/run/secrets/db',
      'GITHUB_TOKEN="gho_16C7e42F292c6912E7710c838347Ae178B4a"',
      'TOKEN_TTL=3600',
      'API_KEY=${API_KEY_FROM_VAULT}',
      'export SESSION_COOKIE=dGhpcyBpcyBub3QgYSByZWFsIGNvb2tpZQ==',
      'SLACK_WEBHOOK=https://hooks.slack.com/services/T000/B000/XXXXXXXX',
    ].join('\n');
    const { text, names } = redactNamedSecrets(dump);
    expect(names).toEqual(['MY_DB_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'SESSION_COOKIE', 'SLACK_WEBHOOK']);
    for (const secret of ['hunter2secretvalue', 'wJalrXUtnFEMI/K7MDENG', 'gho_16C7e42F292c6912', 'dGhpcyBpcyBub3Qg', 'hooks.slack.com/services/T000']) expect(text).not.toContain(secret);
    expect(text).toContain('HOME=/root\n');
    expect(text).toContain('SSH_AUTH_SOCK=/tmp/ssh-XXXX/agent.1');
    expect(text).toContain('PASSWORD_FILE=/run/secrets/db');
    expect(text).toContain('TOKEN_TTL=3600');
    expect(text).toContain('API_KEY=${API_KEY_FROM_VAULT}');
    // The quotes stay, the fingerprint is there to match the value found elsewhere.
    expect(text).toMatch(/GITHUB_TOKEN="gho_…\[redacted named-secret sha256:[0-9a-f]{16}\]"/);
    expect(text.split('\n')).toHaveLength(10);
  });

  it('takes out the values of a Kubernetes env entry and of YAML keys named as secrets', () => {
    const pod = [
      'spec:',
      '  containers:',
      '  - env:',
      '    - name: DB_PASSWORD',
      '      value: Tr0ub4dor&3',
      '    - name: LOG_LEVEL',
      '      value: debug',
      '    - name: API_TOKEN',
      '      valueFrom:',
      '        secretKeyRef:',
      '          name: api',
      '          key: token',
      '    image: registry.example/app:1.4',
      'data:',
      '  apiKey: c3VwZXJzZWNyZXQ=',
      '  password: |',
      '    multi-line block',
    ].join('\n');
    const { text, names } = redactNamedSecrets(pod);
    expect(names).toEqual(['DB_PASSWORD', 'apiKey']);
    expect(text).not.toContain('Tr0ub4dor&3');
    expect(text).not.toContain('c3VwZXJzZWNyZXQ=');
    expect(text).toContain('      value: debug');
    // A reference to a secret is not the secret; a block is left for the rules.
    expect(text).toContain('          key: token');
    expect(text).toContain('  password: |');
  });

  it('takes out the values of secret-named options on a command line', () => {
    const ps = 'root  812  0.0  postgres --listen=0.0.0.0 --password=s3cr3t-pa55 --token abcd1234efgh -v --token-file /run/t';
    const { text, names } = redactNamedSecrets(ps);
    expect(names).toEqual(['password', 'token']);
    expect(text).not.toContain('s3cr3t-pa55');
    expect(text).not.toContain('abcd1234efgh');
    expect(text).toContain('--listen=0.0.0.0');
    expect(text).toContain('--token-file /run/t');
  });

  it('tells secret names from the names of places and settings', () => {
    for (const name of ['DB_PASSWORD', 'passwd', 'client_secret', 'npm_config__authToken', 'X-Api-Key', 'PRIVATE_KEY', 'webhook']) expect(isSecretName(name), name).toBe(true);
    for (const name of ['PASSWORD_FILE', 'TOKEN_URL', 'SECRET_NAME', 'PASSWORD_MIN_LENGTH', 'SSH_AUTH_SOCK', 'HOME', 'key', 'PWD', 'OLDPWD', 'TOX_TESTENV_PASSENV', 'KEYBOARD_LAYOUT']) expect(isSecretName(name), name).toBe(false);
  });
});
