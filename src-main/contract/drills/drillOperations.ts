import { operation } from '../operationSpec';
import {
  drillAnswerInput,
  drillClockInput,
  drillHistoryInput,
  drillInjectInput,
  drillRef,
  drillReportInput,
  getDrillInput,
  listDrillsInput,
  startDrillInput,
  type DrillHistory,
  type DrillList,
  type DrillReport,
  type DrillRun,
  type DrillStarted,
} from './drill';

/** The tabletop drill operations, part of the API reference in operations.ts. */
export const drillOperations = {
  'drill.list': operation<DrillList>()(listDrillsInput, 'The tabletop drill scenarios (shipped, and the data dir\'s drills/ folder), with every scenario file that failed validation and why.'),
  'drill.start': operation<DrillStarted>()(
    startDrillInput,
    'Start a drill: declares a drill incident (kind `drill`: in no real-incident list, count, reminder or notification) following the scenario\'s playbook, its clock ready to start.',
  ),
  'drill.get': operation<DrillRun>()(getDrillInput, 'A drill as the facilitator sees it (every inject, expected actions, notes, the score so far) or as a participant does (only the injects that arrived).'),
  'drill.clock': operation<DrillRun>()(drillClockInput, 'Start, pause, resume or speed up (1 to 60 drill minutes per minute) the drill clock; injects due by the clock arrive on the timeline.'),
  'drill.inject': operation<DrillRun>()(drillInjectInput, 'Fire a pending inject now, or skip it, as the facilitator.'),
  'drill.answer': operation<DrillRun>()(drillAnswerInput, 'Record the team\'s answer to one of the drill\'s discussion questions (a later answer replaces it in the report).'),
  'drill.finish': operation<DrillRun>()(drillRef, 'Stop the clock, score the drill (kept on its timeline) and close the drill incident.'),
  'drill.report': operation<DrillReport>()(drillReportInput, 'The drill report in Markdown: scenario, participants, timeline, score table, missed actions, questions and answers, follow-up action items; written to `output` when given.'),
  'drill.history': operation<DrillHistory>()(drillHistoryInput, 'Finished drills and their scores, oldest first, for every scenario or one.'),
} as const;
