import { z } from 'zod';
import { parseYamlUnderLimits } from '../userYaml';

const duration = z.string().regex(/^\d+(m|h|d)$/, { message: 'must be a duration like 0m, 15m, 4h or 2d' });

const matrixSchema = z
  .object({
    source: z.string().default(''),
    levels: z
      .array(
        z.object({
          rank: z.number().int().min(0),
          steps: z.array(z.object({ after: duration, notify: z.string().min(1), roles: z.array(z.string().min(1)).default([]) }).strict()).min(1),
        }),
      )
      .min(1),
  })
  .strict();

export interface EscalationStep {
  /** Stable key of the step within its level, e.g. `r1-60m`. */
  key: string;
  afterMinutes: number;
  notify: string;
  roles: string[];
}

export interface EscalationMatrix {
  source: string;
  /** Index = severity rank; ranks beyond the last level use the last one. */
  levels: EscalationStep[][];
}

const unitMinutes = { m: 1, h: 60, d: 1_440 } as const;

function minutes(value: string): number {
  return Number(value.slice(0, -1)) * unitMinutes[value.at(-1) as keyof typeof unitMinutes];
}

export function parseEscalationMatrix(source: string, file: string): EscalationMatrix {
  const yaml = parseYamlUnderLimits(source);
  if (!yaml.ok) throw new Error(`${file}${yaml.line ? `:${yaml.line}` : ''}: ${yaml.message}`);
  return escalationMatrixFromValue(yaml.value, file);
}

/** The matrix from an already parsed value (the build's reading of the shipped file), validated. */
export function escalationMatrixFromValue(value: unknown, file: string): EscalationMatrix {
  const parsed = matrixSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const levels: EscalationStep[][] = [];
  for (const level of [...parsed.data.levels].sort((a, b) => a.rank - b.rank)) {
    levels[level.rank] = level.steps
      .map((step) => ({ key: `r${level.rank}-${minutes(step.after)}m`, afterMinutes: minutes(step.after), notify: step.notify, roles: step.roles.map((role) => role.toLowerCase()) }))
      .sort((a, b) => a.afterMinutes - b.afterMinutes);
  }
  return { source: parsed.data.source, levels };
}

export function escalationSteps(matrix: EscalationMatrix, rank: number): EscalationStep[] {
  const defined = matrix.levels.filter(Boolean);
  return matrix.levels[rank] ?? defined.at(-1) ?? [];
}

/** Steps whose time has come: `after` minutes since declaration have passed. */
export function dueSteps(matrix: EscalationMatrix, rank: number, declaredAt: string, now: Date): EscalationStep[] {
  const elapsedMinutes = (now.getTime() - Date.parse(declaredAt)) / 60_000;
  return escalationSteps(matrix, rank).filter((step) => step.afterMinutes <= elapsedMinutes);
}

export function nextStep(matrix: EscalationMatrix, rank: number, declaredAt: string, now: Date): EscalationStep | null {
  const elapsedMinutes = (now.getTime() - Date.parse(declaredAt)) / 60_000;
  return escalationSteps(matrix, rank).find((step) => step.afterMinutes > elapsedMinutes) ?? null;
}
