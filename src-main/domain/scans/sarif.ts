import type { SecretScanResult } from '../../contract';

/** SARIF 2.1.0 for code-scanning tools: one run, one result per finding, fingerprints as partialFingerprints. */
export function toSarif(result: SecretScanResult, version: string): object {
  const ruleIds = [...new Set(result.findings.map((finding) => finding.rule))].sort();
  const descriptions = new Map(result.findings.map((finding) => [finding.rule, finding.description]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Firebreak',
            version,
            informationUri: 'https://github.com/firebreak/firebreak',
            rules: ruleIds.map((id) => ({ id, name: id, shortDescription: { text: descriptions.get(id) ?? id }, defaultConfiguration: { level: 'error' } })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `file://${result.root.endsWith('/') ? result.root : `${result.root}/`}` } },
        results: result.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIds.indexOf(finding.rule),
          level: 'error',
          message: {
            text: `${finding.description}: ${finding.redacted} (fingerprint ${finding.fingerprint})${finding.commit ? ` added in commit ${finding.commit}${finding.inWorkingTree === false ? ', no longer in the working tree' : ''}` : ''}`,
          },
          locations: [{ physicalLocation: { artifactLocation: { uri: finding.file, uriBaseId: 'SRCROOT' }, region: { startLine: finding.line, startColumn: finding.column } } }],
          partialFingerprints: { 'firebreakSecret/v1': finding.fingerprint },
          ...(finding.commit ? { properties: { commit: finding.commit, author: finding.author, date: finding.date, inWorkingTree: finding.inWorkingTree } } : {}),
        })),
      },
    ],
  };
}
