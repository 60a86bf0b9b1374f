import type { ActionItem } from '../../contract';
import type { IncidentFacts } from './incidentFacts';
import type { InvestigationFacts } from './investigationSections';

/** One timeline line: when, who and the summary the console shows. */
export interface TimelineFact {
  at: string;
  actor: string;
  summary: string;
}

export interface SentFact {
  at: string;
  actor: string;
  title: string;
  subject: string;
  channel: string;
  nextUpdateAt: string | null;
}

/** Everything a report says, from the incident's rows and events alone (no clock, no settings). */
export interface ReportFacts extends IncidentFacts {
  timeline: TimelineFact[];
  sent: SentFact[];
  actions: ActionItem[];
  /** Indicators, assets, techniques and regulatory clocks; absent or empty adds nothing to the report. */
  investigation?: InvestigationFacts;
}
