/**
 * The contract's closed lists that the CLI's options and help name. They are kept free of zod so that
 * registering the commands (every run, `--help` and `--version` too) builds no schema; each is
 * re-exported by the contract module it belongs to.
 */

export const incidentStatuses = ['Active', 'Contained', 'Resolved', 'Closed'] as const;

export const custodyActions = ['collected', 'copied', 'handed-over', 'verified', 'exported', 'note'] as const;

/** The kinds a responder may give an entry; the key kinds belong to the console. */
export const userVaultKinds = ['api-token', 'password', 'leaked-secret', 'other'] as const;

export const reportKinds = ['incident', 'postmortem'] as const;

export const advisorySeverities = ['critical', 'high', 'medium', 'low', 'unknown'] as const;

/**
 * The runbooks' rotation order ("Secret Rotation Checklist"): external API keys first, then
 * application secrets, then service credentials.
 */
export const rotationGroups = ['external', 'application', 'service'] as const;
export const rotationGroupLabels: Record<(typeof rotationGroups)[number], string> = {
  external: 'Priority 1: External API Keys',
  application: 'Priority 2: Application Secrets',
  service: 'Priority 3: Service Credentials',
};

/** The runbooks' "After Rotation" list, word for word; an item is verified only once all are done. */
export const rotationChecks = [
  { id: 'env-example', label: 'Update .env.example (if structure changed), with no real value in it' },
  { id: 'ci-secrets', label: 'Update CI/CD secrets' },
  { id: 'production', label: 'Update production environment' },
  { id: 'app-works', label: 'Verify application still works' },
  { id: 'storage-documented', label: 'Document new secret storage location' },
] as const;
