import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../../src-main/domain/scans/secretMatch';
import { compileRules } from '../../../src-main/domain/scans/secretRuleSet';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../support/consoleServer';
import { fillTemplate, seededRandom } from '../../support/secretCorpus';

const ruleSet = compileRules(loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml')));
const random = seededRandom(1616);
const found = (text: string) => findSecrets(text, ruleSet).map((match) => [match.ruleId, match.secret]);

describe('a value assigned to a name that says it is a credential', () => {
  const token = fillTemplate('{alnum:30}{digit:2}', random);
  it.each([
    ['Go short declaration, backtick string', `brokerToken := \`${token}\``],
    ['PHP appending assignment', `$cfg['vendor_api_key'] .= '${token}';`],
    ['PHP array arrow', `  'looker_token' => "${token}",`],
    ['Makefile conditional assignment', `VENDOR_CLIENT_SECRET ?= ${token}`],
    ['Java system property', `System.setProperty("BILLING_TOKEN", "${token}");`],
    ['YAML mapping', `  signingSecret: ${token}`],
    ['JSON key with a space', `{"Partner API Key": "${token}"}`],
    ['shell export', `export WAREHOUSE_ACCESS_KEY=${token}`],
    ['Dockerfile ENV without =', `ENV RELAY_AUTH_TOKEN ${token}`],
    ['Windows set', `set UPLOAD_SECRET=${token}`],
    ['PowerShell environment', `$env:ORDERS_TOKEN = "${token}"`],
    ['command flag', `relayctl push --auth-token ${token} --verbose`],
    ['.NET appSettings', `<add key="ShippingApiKey" value="${token}" />`],
    ['XML element', `<clientSecret>${token}</clientSecret>`],
    ['TOML', `[vendor]\nsecret_key = "${token}"`],
    ['TypeScript with a type', `export const VENDOR_TOKEN: string = '${token}';`],
    ['Ruby default', `ENV['VENDOR_SECRET'] ||= '${token}'`],
    ['fallback after an environment lookup', `const apiKey = process.env.MASTER_KEY || '${token}';`],
    ['fish shell', `set -gx FORECAST_API_KEY ${token}`],
    ['camelCase name with a client', `const adobeClient = "${token}";`],
  ])('%s', (_, text) => {
    expect(found(text)).toEqual([['generic-api-secret', token]]);
  });

  it('finds a chosen password, but not a word, an identifier or a number', () => {
    expect(found('DB_PASSWORD=Tr0ub4dor&3x!')).toEqual([['generic-password-assignment', 'Tr0ub4dor&3x!']]);
    expect(found('admin_passphrase = "harbor-velvet-quartz-lantern"')).toEqual([['generic-password-assignment', 'harbor-velvet-quartz-lantern']]);
    for (const text of ['password = "swordfish"', 'password = currentUser.passwordHash', 'PASSWORD_MIN_LENGTH=12', 'db_password = "db_password_value"', 'password: ${DB_PASSWORD}', 'password = "password123"', 'certPassword: "hunter42"']) {
      expect(found(text), text).toEqual([]);
    }
  });
});

describe('names and values that only look like a credential', () => {
  it.each([
    ['a call', 'const token = fetchToken(session);'],
    ['an environment lookup', 'api_key = os.environ["VENDOR_API_KEY"]'],
    ['a workflow secret', 'token: ${{ secrets.VENDOR_TOKEN }}'],
    ['a shell variable', 'export VENDOR_TOKEN=$VENDOR_TOKEN_FROM_VAULT'],
    ['a type', 'accessToken: string;'],
    ['a member path', 'secret = self.settings.vendor_signing_secret'],
    ['a file path', 'PRIVATE_KEY=/etc/vendor/keys/signing-key.pem'],
    ['a URL without credentials', 'TOKEN_URL=https://auth.vendor.io/oauth2/token'],
    ['a boolean', 'use_token: true'],
    ['kebab words', 'secret_ref = "vendor-signing-secret-prod"'],
    ['a UUID beside a bare token name', 'session_token = "3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b"'],
    ['a UUID beside an id name', 'api_key_id = "3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b"'],
    ['a cache key', 'cacheKey = "Q2h3Vb8nR4tY7uI0oP3aS6dF"'],
    ['a CSRF token in a form', '<input name="csrf_token" value="Q2h3Vb8nR4tY7uI0oP3aS6dF">'],
    ['a hash beside a token name', 'token_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"'],
    ['a public key', 'public_key = "Q2h3Vb8nR4tY7uI0oP3aS6dF"'],
    ['a word containing key', 'monkey = "Q2h3Vb8nR4tY7uI0oP3aS6dF"'],
    ['a tokenizer', 'tokenizer = "Q2h3Vb8nR4tY7uI0oP3aS6dF"'],
    ['the name of a secret', 'secret_name = "payments-webhook-signing"'],
    ['a path ending in the word, then the next string of a list', "p('/cgi-bin/.%2e/.%2e/etc/passwd', 'CVE-2021-41773 Apache 2.4.49', 'path-traversal'),"],
    ['an encoded path holding the word, in a list', "for (const target of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/etc/passwd']) {"],
    // From packages' sources and documents (axe-core locales, TypeScript declarations, bundles, pg_hba.conf).
    ['a translated sentence', '      "pass": "Verilmiş element üçün ARIA roluna icazə verilir",'],
    ['a type alias', 'type SemicolonToken = SemicolonToken$1;'],
    ['a chain of exports', 'exports.asArray = exports.isValidKey = exports.XElement = exports.parseXml = void 0;'],
    ['a name assigned to itself', 'module.exports.cannotHaveAUsernamePasswordPort = cannotHaveAUsernamePasswordPort;'],
    ['a compiler flag', 'wasm-opt --asyncify --pass-arg=asyncify-imports@env.await_promise_sync -Oz -o out.wasm'],
    ['a method name in a list', '# METHOD can be "trust", "reject", "md5", "password", "scram-sha-256",'],
    ['a line of prose', '            password hashing.'],
    ['a value built from a template', 'aws lambda publish-layer-version --content "S3Bucket=${bucketName},S3Key=layers/chromium-${versionNumber}-layer.zip"'],
    ['a spelled-out sample password', "const pass = 'pa$$word'"],
    ['a declaration naming a bare key', "  const key = 'Q2h3Vb8nR4tY7uI0oP3aS6dF';"],
    ['a regex with a named group', "    regex: '\\b(?<secret>eyJ0eXAiOiAiVENWMiJ9\\.[A-Za-z0-9_-]{20,})'"],
  ])('%s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('code in the place of a value', () => {
  it.each([
    ['a member path with a short word', 'signingKey = optionsOrDefaults.signingKey;'],
    ['an optional chain', 'this.sessionToken = requestOptions?.sessionToken || "none";'],
    ['a private field', 'accessKey: this.#provider.accessKey,'],
    ['a string joined to an expression', 'const storageRootKey = "__appStorageRoot$" + randomSuffix;'],
    ['an operand of &&', 'node.closeToken = openOrCloseToken && isCloseToken(openOrCloseToken) ? node : void 0;'],
    ['a negation', 'const tokensMerged = !!source3.declaration.mergedType;'],
    ['a TypeScript union type', 'type StringLiteralToken = OneOfStringLiterals | TemplateHeadToken;'],
    ['a TypeScript parameter type', 'createKey(token: SyntaxKind.EndOfStatementToken): EndOfStatementToken;'],
    ['a marker name in backticks', 'const hmrAcceptKey = `__app_hmr_acceptAll__`;'],
    ['a state name with a marker', 'lastSeenToken = "?AfterOpeningBracket";'],
    ['a negated flag beside a password name', 'needsPasswordCheckForAll: !isFullyTrusted'],
    ['minified arithmetic on members', 'let d=n===`vertical`?a.clientY-b.clientY:a.clientX-b.clientX,m=b.offset+d'],
    ['a minified chained assignment', 'n.ThreeKeyMap=n.OneKeyMap=void 0;'],
    ['a minified conditional', 'case 9:u.key=e.shiftKey?s.C0.ESC+`[Z`:s.C0.HT;break'],
    ['a measure beside a password name', 'let passHeight = rowRepeats * pass.y.length;'],
    ['a regular expression of credential names', 'const SECRET_NAMES = /API_KEY|TOKEN|SECRET|PASSWD/i;'],
    ['a WebSocket handshake nonce', 'Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw=='],
  ])('%s', (_, text) => {
    expect(found(text)).toEqual([]);
  });

  it('still finds a credential that opens with a mark or holds a dot', () => {
    expect(found('DB_PASSWORD=!Qz7mPv9wLk')).toEqual([['generic-password-assignment', '!Qz7mPv9wLk']]);
    const token = fillTemplate('{alnum:30}{digit:2}', random);
    expect(found(`VENDOR_TOKEN=__${token}`)).toEqual([['generic-api-secret', `__${token}`]]);
    expect(found('DB_PASSWORD=Winter!2024xx')).toEqual([['generic-password-assignment', 'Winter!2024xx']]);
    const jwtLike = `${fillTemplate('eyJ{alnum:30}', random)}.${fillTemplate('eyJ{alnum:40}', random)}.${fillTemplate('{alnum:20}-{alnum:12}', random)}`;
    expect(found(`SESSION_TOKEN=${jwtLike}`).map(([, secret]) => secret)).toEqual([jwtLike]);
  });

  it('takes jwt.io\'s documented sample token for the public example it is', () => {
    const sample = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expect(found(`expect(isJwt("${sample}")).toBe(true);`)).toEqual([]);
    expect(found(`Authorization: Bearer ${sample}`)).toEqual([]);
  });
});

describe('a UUID is a credential only beside an API key, token or secret name', () => {
  it('is found beside such a name, whatever the syntax', () => {
    const uuid = '3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b';
    for (const text of [`PARTNER_API_KEY=${uuid}`, `export const STATUS_ACCESS_TOKEN: string = '${uuid}';`, `ENV['TRACKING_SECRET'] ||= '${uuid}'`, `<deviceSecret>${uuid}</deviceSecret>`]) {
      expect(found(text), text).toEqual([['generic-uuid-api-key', uuid]]);
    }
  });
});
