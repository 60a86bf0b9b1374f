import { z } from 'zod';
import { text } from './text';

export const updateSettingsInput = z
  .strictObject({
    responderName: text({ max: 120 }).optional(),
    activeSchemeId: z.string().trim().min(1).max(64).optional(),
  })
  .refine((value) => value.responderName !== undefined || value.activeSchemeId !== undefined, {
    message: 'nothing to change: give responderName or activeSchemeId',
  });

export interface SeverityLevel {
  id: string;
  label: string;
  responseMinutes: number;
  description: string;
}

export interface SeverityScheme {
  id: string;
  name: string;
  source: string;
  levels: SeverityLevel[];
}

export interface Settings {
  /** Empty means "use the OS user name". */
  responderName: string;
  activeSchemeId: string;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  deviceId: string;
  actor: string;
  transport: 'electron' | 'http';
}
