import { AppError, type DrillHistory, type DrillList, type DrillReport, type DrillRun, type DrillStarted, type ParsedInput } from '../../contract';
import type { ServiceContext } from '../context';

// Placeholders the drill service replaces; they exist so that the console can be written against the operations.
const notYet = (): never => {
  throw new AppError('internal', 'drills are being built');
};

export const listDrills = (_ctx: ServiceContext, _input: ParsedInput<'drill.list'>): DrillList => notYet();
export const startDrill = (_ctx: ServiceContext, _input: ParsedInput<'drill.start'>): DrillStarted => notYet();
export const getDrill = (_ctx: ServiceContext, _input: ParsedInput<'drill.get'>): DrillRun => notYet();
export const drillClock = (_ctx: ServiceContext, _input: ParsedInput<'drill.clock'>): DrillRun => notYet();
export const drillInject = (_ctx: ServiceContext, _input: ParsedInput<'drill.inject'>): DrillRun => notYet();
export const answerDrill = (_ctx: ServiceContext, _input: ParsedInput<'drill.answer'>): DrillRun => notYet();
export const finishDrill = (_ctx: ServiceContext, _input: ParsedInput<'drill.finish'>): DrillRun => notYet();
export const drillReport = (_ctx: ServiceContext, _input: ParsedInput<'drill.report'>): DrillReport => notYet();
export const drillHistory = (_ctx: ServiceContext, _input: ParsedInput<'drill.history'>): DrillHistory => notYet();
