import type { AppInfo, ParsedInput, Settings } from '../contract';
import { findScheme } from '../domain/incidents/severity';
import { readSetting, writeSetting } from '../store/settingsRepo';
import { currentActor, type ServiceContext } from './context';
import { activeSchemeId } from './incidents/incidentView';
import { writeTransaction } from '../store/transaction';

export function getSettings(ctx: ServiceContext): Settings {
  return { responderName: readSetting(ctx.db, 'responderName') ?? '', activeSchemeId: activeSchemeId(ctx) };
}

export function updateSettings(ctx: ServiceContext, input: ParsedInput<'settings.update'>): Settings {
  if (input.activeSchemeId !== undefined) findScheme(ctx.schemes, input.activeSchemeId);
  writeTransaction(ctx.db, () => {
    if (input.responderName !== undefined) writeSetting(ctx.db, 'responderName', input.responderName);
    if (input.activeSchemeId !== undefined) writeSetting(ctx.db, 'activeSchemeId', input.activeSchemeId);
  });
  return getSettings(ctx);
}

export function appInfo(ctx: ServiceContext): AppInfo {
  return {
    version: ctx.version,
    dataDir: ctx.dataDir,
    deviceId: ctx.deviceId,
    actor: currentActor(ctx),
    transport: ctx.transport === 'electron' ? 'electron' : 'http',
  };
}
