import type { ParsedInput, SeverityAssessment } from '../../contract';
import { findScheme } from '../../domain/incidents/severity';
import { suggestSeverity } from '../../domain/incidents/severityAssistant';
import type { ServiceContext } from '../context';
import { activeSchemeId } from './incidentView';

export function assessSeverity(ctx: ServiceContext, input: ParsedInput<'severity.assess'>): SeverityAssessment {
  const scheme = findScheme(ctx.schemes, activeSchemeId(ctx));
  const suggestion = suggestSeverity(input);
  // Schemes with fewer levels than ranks take their least severe level.
  const level = scheme.levels[Math.min(suggestion.rank, scheme.levels.length - 1)]!;
  return { schemeId: scheme.id, severity: level.id, label: level.label, rank: suggestion.rank, impact: suggestion.impact, reasons: suggestion.reasons };
}
