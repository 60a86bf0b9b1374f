import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets, fingerprint } from '../../../src-main/domain/scans/secretMatch';
import { compileRules } from '../../../src-main/domain/scans/secretRuleSet';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../support/consoleServer';
import { fillTemplate, seededRandom } from '../../support/secretCorpus';

const ruleSet = compileRules(loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml')));
const random = seededRandom(2016);
const found = (text: string) => findSecrets(text, ruleSet).map((match) => [match.ruleId, match.secret]);
const password = fillTemplate('{alnum:14}{digit:2}', random);
const token = fillTemplate('{alnum:36}', random);

describe('credentials written inside other syntax', () => {
  it('curl --user and -u give the user:password pair', () => {
    expect(found(`curl --user relay:${password} https://hooks.acme.io`)).toEqual([['generic-curl-user-password', `relay:${password}`]]);
    expect(found(`curl -fsS -u 'relay:${password}' https://hooks.acme.io`)).toEqual([['generic-curl-user-password', `relay:${password}`]]);
    expect(found('curl -u relay:$RELAY_PASSWORD https://hooks.acme.io')).toEqual([]);
    expect(found('curl -u admin:admin http://localhost:8080/health')).toEqual([]);
  });

  it('Authorization headers: a token of high entropy, Basic credentials that decode to a pair', () => {
    expect(found(`curl -H "Authorization: Token ${token}" https://api.acme.io`)).toEqual([['generic-authorization-token', token]]);
    expect(found(`req.Header.Set("Authorization", "Bearer ${token}")`)).toEqual([['generic-authorization-token', token]]);
    const basic = Buffer.from(`relay:${password}`).toString('base64');
    expect(found(`proxy_set_header Authorization "Basic ${basic}";`)).toEqual([['generic-authorization-basic', basic]]);
    expect(found(`Authorization: Basic ${Buffer.from('user:password').toString('base64')}`)).toEqual([]);
    expect(found('Authorization: Bearer $ACCESS_TOKEN')).toEqual([]);
  });

  it('.netrc gives the password, on one line or spread over several', () => {
    expect(found(`machine ci.acme.io login relay password ${password}`)).toEqual([['netrc-password', password]]);
    expect(found(`machine ci.acme.io\n  login relay\n  password ${password}\n`)).toEqual([['netrc-password', password]]);
    expect(found('the build machine asks for the default password at login')).toEqual([]);
  });

  it('URLs of any scheme give user:password, the password of a package index included', () => {
    expect(found(`pip install --index-url https://relay:${password}@pypi.acme.io/simple acme`)).toEqual([['basic-auth-url', `relay:${password}`]]);
    expect(found(`"acme": "git+https://relay:${password}@git.acme.io/acme.git"`)).toEqual([['basic-auth-url', `relay:${password}`]]);
    expect(found(`svn+ssh://relay:${password}@svn.acme.io/trunk`)).toEqual([['scheme-url-password', `relay:${password}`]]);
    // The pair wins over the provider token that is its password: it is the credential as used.
    const github = fillTemplate('ghp_{alnum:36}', random);
    expect(found(`git clone https://x-access-token:${github}@github.com/acme/app.git`)).toEqual([['basic-auth-url', `x-access-token:${github}`]]);
    expect(found('DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev')).toEqual([]);
    expect(found('https://<user>:<password>@pypi.acme.io/simple')).toEqual([]);
    // Documentation of the shape: a word for the password, or a value elided with an ellipsis.
    expect(found('// `https://user:token@host/…`: the userinfo goes.')).toEqual([]);
    expect(found(' * URL may carry a registry token (`https://user:npm_…@registry`)')).toEqual([]);
    expect(found('description: client ID and secret joined for HTTP basic auth (curl -u id:secret)')).toEqual([]);
    expect(found('description: a password in a .netrc entry (machine … login … password …, on one line or several)')).toEqual([]);
  });

  it('.npmrc credentials', () => {
    const basic = Buffer.from(`relay:${password}`).toString('base64');
    expect(found(`_auth=${basic}`)).toEqual([['generic-api-secret', basic]]);
    const encoded = Buffer.from(password).toString('base64');
    expect(found(`//npm.acme.io/:_password=${encoded}`)).toEqual([['generic-password-assignment', encoded]]);
  });
});

describe('private keys are found whole, however they are written', () => {
  const body = Array.from({ length: 3 }, () => fillTemplate('{b64:64}', random));

  it('as escaped newlines inside JSON, the block kept as written', () => {
    const block = `-----BEGIN PRIVATE KEY-----\\n${body.join('\\n')}\\n-----END PRIVATE KEY-----`;
    const matches = findSecrets(`{"type": "service_account", "private_key": "${block}\\n"}`, ruleSet);
    expect(matches.map((match) => [match.ruleId, match.secret])).toEqual([['private-key-pem', block]]);
  });

  it('as strings concatenated over lines in code', () => {
    const block = `-----BEGIN RSA PRIVATE KEY-----\\n" +\n  "${body.join('\\n" +\n  "')}\\n" +\n  "-----END RSA PRIVATE KEY-----`;
    expect(found(`String key = "${block}";`)).toEqual([['private-key-pem', block]]);
  });

  it('indented in a YAML block scalar', () => {
    const block = `-----BEGIN EC PRIVATE KEY-----\n    ${body.join('\n    ')}\n    -----END EC PRIVATE KEY-----`;
    expect(found(`tls:\n  key: |\n    ${block}\n  cert: none`)).toEqual([['private-key-pem', block]]);
  });

  it('the fingerprint is over the whole block, so the same key pasted twice gives one fingerprint', () => {
    const block = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.join('\n')}\n-----END OPENSSH PRIVATE KEY-----`;
    const [first, second] = findSecrets(`${block}\n\nand again\n${block}\n`, ruleSet);
    expect(first!.secret).toBe(block);
    expect(fingerprint(first!.secret)).toBe(fingerprint(second!.secret));
  });

  it('not a block of placeholder text between the armour lines', () => {
    expect(found('-----BEGIN RSA PRIVATE KEY-----\n... paste the key here, one line of base64 per row ...\n-----END RSA PRIVATE KEY-----')).toEqual([]);
  });
});
