import type { Impact, SeverityAnswers } from '../../contract';

export interface SeveritySuggestion {
  /** 0 = most severe level of the active scheme. */
  rank: number;
  impact: Impact;
  reasons: string[];
}

/**
 * The runbooks' classification, as questions: active exploitation, exposed data and publicly
 * leaked secrets are critical in every one of them; production impact is high when many users
 * feel it and medium otherwise; anything else is a potential issue (low).
 */
export function suggestSeverity(answers: SeverityAnswers): SeveritySuggestion {
  const reasons: string[] = [];
  let rank = 3;
  const raise = (to: number, reason: string) => {
    reasons.push(reason);
    rank = Math.min(rank, to);
  };
  if (answers.activeExploitation) raise(0, 'Active exploitation is critical in every runbook.');
  if (answers.dataExposed) raise(0, 'Exposed user or confidential data is a data breach: critical.');
  if (answers.secretsExposedPublicly) raise(0, 'A secret exposed publicly is critical: revoke it within the hour.');
  if (answers.productionAffected) {
    if (answers.usersAffected === 'many' || answers.usersAffected === 'all') raise(1, 'Production is affected for many users: major degradation, high.');
    else raise(2, 'Production is affected, with limited user impact: medium.');
  } else if (answers.usersAffected === 'many' || answers.usersAffected === 'all') {
    raise(1, 'Many users are affected: high.');
  }
  if (reasons.length === 0) reasons.push('No active impact yet: a potential issue, low.');
  return {
    rank,
    impact: {
      confidentiality: answers.dataExposed || answers.secretsExposedPublicly,
      integrity: answers.activeExploitation,
      availability: answers.productionAffected,
    },
    reasons,
  };
}
