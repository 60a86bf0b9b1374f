import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../../src-main/domain/scans/secretRules';
import { guessRotationGroup } from '../../../src-main/domain/rotation/rotationRules';

const shipped = parseRules(fs.readFileSync(path.join(__dirname, '../../../resources/rules/secrets.yaml'), 'utf8'));

describe('the priority group a finding\'s rule suggests', () => {
  it('follows the runbooks: provider keys external, private keys, JWT and generic secrets application, database and service passwords service', () => {
    expect(['openai-api-key', 'aws-access-key-id', 'github-pat-classic', 'stripe-live-secret-key', 'slack-webhook-url', 'tencent-secret-id', 'heroku-api-key-v2'].map(guessRotationGroup)).toEqual(Array(7).fill('external'));
    expect(['private-key-pem', 'openssh-private-key', 'jwt', 'generic-api-secret', 'generic-dotenv-secret', 'age-secret-key'].map(guessRotationGroup)).toEqual(Array(6).fill('application'));
    expect(['postgres-url-password', 'mysql-url-password', 'smtp-url-password', 'mssql-connection-string', 'ldap-bind-password', 'redis-url-password'].map(guessRotationGroup)).toEqual(Array(6).fill('service'));
    // A rule of the responder's own that names no kind of credential: the middle of the order.
    expect(guessRotationGroup('acme-internal-thing')).toBe('application');
  });

  it('puts every shipped rule somewhere on purpose: only the generic ones and private keys fall in application', () => {
    expect(shipped.ok).toBe(true);
    const rules = shipped.ok ? shipped.specs.map((rule) => rule.id) : [];
    expect(rules.length).toBeGreaterThan(200);
    const application = rules.filter((rule) => guessRotationGroup(rule) === 'application');
    expect(application.every((rule) => /private-key|^jwt$|^generic-|^age-secret-key$/.test(rule))).toBe(true);
  });
});
