import { z } from 'zod';
import type { VerifyResult } from './incident';

export const verifyAllInput = z.object({}).strict();

export interface VerifyAllResult {
  /** True when every incident's chain and rows agree and nothing is orphaned. */
  intact: boolean;
  /** Incidents checked, orphans included. */
  checked: number;
  broken: number;
  orphaned: number;
  /** One result per incident id any table mentions, by id. */
  incidents: VerifyResult[];
}
