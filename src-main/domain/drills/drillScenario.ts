import { z } from 'zod';
import { drillIdPattern, incidentStatuses, phases, type DrillFileError, type DrillScenario, type Playbook } from '../../contract';
import { text as plainText } from '../../contract/text';

/**
 * A drill scenario file (resources/drills/, the data dir's drills/): its schema and the checks a
 * scenario author needs to fix a file without reading code. Every error names the file and the
 * path of the first problem, like `expected[3].done.step`.
 */

export const maxDrillMinute = 1440;
// Bounds what validating and showing one scenario costs, however the file is written.
export const maxDrillInjects = 50;
export const maxDrillExpected = 50;
export const maxDrillObjectives = 10;
export const maxDrillQuestions = 20;

const id = (what: string) => z.string({ error: `must be ${what} id (text)` }).regex(drillIdPattern, { message: `must be ${what} id: lower-case letters, digits and dashes, like contain-leak` });

// Scenario text reaches the terminal and the drill incident's title: the same rules as any typed
// text (no escape sequences or other control characters; newlines and tabs only in multi-line fields).
const words = (max: number, options: { optional?: boolean; multiline?: boolean } = {}) => {
  const base = plainText({ min: options.optional ? 0 : 1, max, multiline: options.multiline });
  return options.optional ? base.default('') : base;
};

const minute = z
  .number({ error: `must be a drill minute, a number from 0 to ${maxDrillMinute}` })
  .min(0, { message: `must be a drill minute from 0 to ${maxDrillMinute}` })
  .max(maxDrillMinute, { message: `must be a drill minute from 0 to ${maxDrillMinute} (24 hours)` });

const phase = z.enum(phases, { error: `must be a phase: one of ${phases.join(', ')}` });

/** Exactly one of the keys: the YAML reads `trigger: { minute: 10 }`, `done: { step: revoke-credential }`. */
function oneOf<T extends Record<string, z.ZodType>>(shape: T, what: string) {
  const keys = Object.keys(shape);
  return z
    .strictObject(Object.fromEntries(keys.map((key) => [key, shape[key]!.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> }, {
      error: `must be a mapping with one of ${keys.join(', ')}`,
    })
    .superRefine((value, issues) => {
      const given = keys.filter((key) => (value as Record<string, unknown>)[key] !== undefined);
      if (given.length !== 1) {
        issues.addIssue({ code: 'custom', message: given.length ? `${what} gives ${given.join(' and ')}: give exactly one of ${keys.join(', ')}` : `${what} needs one of ${keys.join(', ')}` });
      }
    });
}

const triggerSchema = oneOf({ minute, phase, step: id('a step') }, 'a trigger');

const doneSchema = oneOf(
  {
    acknowledge: z.literal(true, { error: 'must be true (acknowledge: true)' }),
    step: id('a step'),
    phase,
    status: z.enum(incidentStatuses, { error: `must be an incident status: one of ${incidentStatuses.join(', ')}` }),
    comms: id('a template'),
  },
  'done',
);

const bySchema = z.custom<number | 'sla'>((value) => value === 'sla' || (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= maxDrillMinute), {
  message: `must be a drill minute from 0 to ${maxDrillMinute}, or 'sla' (the severity's response time)`,
});

const scenarioSchema = z.strictObject(
  {
    id: id('a drill'),
    title: words(120),
    summary: words(600, { multiline: true }),
    severity: z.string({ error: 'must be a severity level id, like P1' }).trim().min(1, { message: 'must be a severity level id, like P1' }).pipe(plainText({ max: 40 })),
    playbook: id('a playbook'),
    situation: words(4_000, { multiline: true }),
    objectives: z
      .array(z.strictObject({ id: id('an objective'), title: words(200) }), { error: 'must be a list of objectives (id, title)' })
      .min(1, { message: 'needs at least one objective' })
      .max(maxDrillObjectives, { message: `must be at most ${maxDrillObjectives} objectives` }),
    injects: z
      .array(z.strictObject({ id: id('an inject'), title: words(200), body: words(4_000, { multiline: true }), trigger: triggerSchema, note: words(2_000, { optional: true, multiline: true }) }), {
        error: 'must be a list of injects (id, title, body, trigger, note)',
      })
      .max(maxDrillInjects, { message: `must be at most ${maxDrillInjects} injects` }),
    expected: z
      .array(
        z.strictObject({
          id: id('an expected action'),
          title: words(200),
          objective: id('an objective'),
          done: doneSchema,
          by: bySchema,
          points: z.number({ error: 'must be a whole number of points from 1 to 100' }).int({ message: 'must be a whole number of points' }).min(1, { message: 'must be at least 1 point' }).max(100, { message: 'must be at most 100 points' }),
        }),
        { error: 'must be a list of expected actions (id, title, objective, done, by, points)' },
      )
      .max(maxDrillExpected, { message: `must be at most ${maxDrillExpected} expected actions` }),
    criticalSteps: z.strictObject(
      {
        objective: id('an objective'),
        points: z.number({ error: 'must be a whole number of points from 0 to 100' }).int({ message: 'must be a whole number of points' }).min(0, { message: 'must be at least 0' }).max(100, { message: 'must be at most 100 points' }),
      },
      { error: 'must be a mapping with objective and points' },
    ),
    questions: z
      .array(z.strictObject({ id: id('a question'), text: words(1_000, { multiline: true }) }), { error: 'must be a list of questions (id, text)' })
      .max(maxDrillQuestions, { message: `must be at most ${maxDrillQuestions} questions` }),
    facilitatorNotes: words(8_000, { optional: true, multiline: true }),
  },
  { error: 'must be a mapping of a drill scenario (id, title, summary, severity, playbook, situation, objectives, injects, expected, criticalSteps, questions, facilitatorNotes)' },
);

// The keys each kind of mapping allows, named in the error for an unknown one.
const allowedKeys: [RegExp, string][] = [
  [/^$/, 'id, title, summary, severity, playbook, situation, objectives, injects, expected, criticalSteps, questions, facilitatorNotes'],
  [/^objectives\[\d+\]$/, 'id, title'],
  [/^injects\[\d+\]$/, 'id, title, body, trigger, note'],
  [/^injects\[\d+\]\.trigger$/, 'one of minute, phase, step'],
  [/^expected\[\d+\]$/, 'id, title, objective, done, by, points'],
  [/^expected\[\d+\]\.done$/, 'one of acknowledge, step, phase, status, comms'],
  [/^criticalSteps$/, 'objective, points'],
  [/^questions\[\d+\]$/, 'id, text'],
];

/** `expected[3].done.step` from zod's ['expected', 3, 'done', 'step']. */
export function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

function firstError(error: z.ZodError, doc: unknown, file: string): DrillFileError {
  const issue = error.issues[0]!;
  const at = pathText(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const allowed = allowedKeys.find(([pattern]) => pattern.test(at))?.[1];
    return { file, path: pathText([...issue.path, clip(key, 60)]), message: `unknown key '${clip(key, 60)}'${allowed ? `: the keys here are ${allowed}` : ''}` };
  }
  if (issue.code === 'invalid_type' && valueAt(doc, issue.path) === undefined) return { file, path: at, message: `is required: ${issue.message}` };
  return { file, path: at, message: issue.message };
}

function valueAt(doc: unknown, path: readonly PropertyKey[]): unknown {
  let value = doc;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Ids unique per list, objective references that exist, at most 100 points per objective. */
function internalProblem(scenario: Omit<DrillScenario, 'origin'>): { path: string; message: string } | null {
  for (const list of ['objectives', 'injects', 'expected', 'questions'] as const) {
    const seen = new Map<string, number>();
    for (const [index, item] of scenario[list].entries()) {
      const first = seen.get(item.id);
      if (first !== undefined) return { path: `${list}[${index}].id`, message: `duplicate id '${item.id}': ${list}[${first}] has it already` };
      seen.set(item.id, index);
    }
  }
  const objectiveIds = scenario.objectives.map((objective) => objective.id);
  const unknownObjective = (value: string) => `no objective '${value}' in this scenario${closestId(value, objectiveIds)}; its objectives are ${listIds(objectiveIds)}`;
  for (const [index, action] of scenario.expected.entries()) {
    if (!objectiveIds.includes(action.objective)) return { path: `expected[${index}].objective`, message: unknownObjective(action.objective) };
  }
  if (!objectiveIds.includes(scenario.criticalSteps.objective)) return { path: 'criticalSteps.objective', message: unknownObjective(scenario.criticalSteps.objective) };
  for (const objective of scenario.objectives) {
    const actions = scenario.expected.filter((action) => action.objective === objective.id);
    const total = actions.reduce((sum, action) => sum + action.points, 0);
    if (total > 100) {
      const last = scenario.expected.lastIndexOf(actions[actions.length - 1]!);
      return { path: `expected[${last}].points`, message: `the expected actions of objective '${objective.id}' add up to ${total} points: at most 100 (an objective scores 100 minus what is missed)` };
    }
  }
  return null;
}

/** One scenario document (already YAML-parsed under limits); errors name the path, like `injects[2].trigger.step`. */
export function parseDrillScenario(doc: unknown, file: string, origin: 'shipped' | 'data-dir'): { scenario: DrillScenario } | { error: DrillFileError } {
  if (doc === null || doc === undefined) return { error: { file, path: '', message: 'is empty: a drill scenario needs id, title, summary, severity, playbook, situation, objectives, injects, expected, criticalSteps, questions' } };
  const parsed = scenarioSchema.safeParse(doc);
  if (!parsed.success) return { error: firstError(parsed.error, doc, file) };
  const value = parsed.data as Omit<DrillScenario, 'origin'>;
  const problem = internalProblem(value);
  if (problem) return { error: { file, ...problem } };
  return { scenario: { ...value, origin } };
}

/** Cross-checks against the playbook it names and the known templates and severity levels: every step id, objective id, template id exists, ids are unique. */
export function checkDrillScenario(
  scenario: DrillScenario,
  context: { playbook: Playbook | undefined; templateIds: readonly string[]; severityIds: readonly string[] },
  file: string,
): DrillFileError | null {
  const error = (path: string, message: string): DrillFileError => ({ file, path, message });
  const internal = internalProblem(scenario);
  if (internal) return error(internal.path, internal.message);
  if (!context.severityIds.includes(scenario.severity)) {
    return error('severity', `'${clip(scenario.severity, 40)}' is not a level of the active severity scheme${closestId(scenario.severity, context.severityIds)}; its levels are ${listIds(context.severityIds)}`);
  }
  const playbook = context.playbook;
  if (!playbook || playbook.id !== scenario.playbook) {
    return error('playbook', `no playbook '${scenario.playbook}' is loaded (shipped, or in the data dir's playbooks folder): a drill runs the checklist of its playbook`);
  }
  const stepIds = playbook.steps.map((step) => step.id);
  const unknownStep = (step: string) => `no step '${step}' in playbook ${playbook.id}${closestId(step, stepIds)}; its steps are ${listIds(stepIds)}`;
  for (const [index, inject] of scenario.injects.entries()) {
    if ('step' in inject.trigger && !stepIds.includes(inject.trigger.step)) return error(`injects[${index}].trigger.step`, unknownStep(inject.trigger.step));
  }
  for (const [index, action] of scenario.expected.entries()) {
    const done = action.done;
    if ('step' in done && !stepIds.includes(done.step)) return error(`expected[${index}].done.step`, unknownStep(done.step));
    if ('comms' in done && !context.templateIds.includes(done.comms)) {
      return error(`expected[${index}].done.comms`, `no template '${done.comms}'${closestId(done.comms, context.templateIds)}; the templates are ${listIds(context.templateIds)}`);
    }
  }
  return null;
}

/** A list of ids for a message, trimmed so a long playbook does not drown the error. */
export function listIds(ids: readonly string[], max = 12): string {
  if (!ids.length) return '(none)';
  return ids.length > max ? `${ids.slice(0, max).join(', ')}, … (${ids.length} in all)` : ids.join(', ');
}

/** ` (did you mean 'x'?)` for a near miss (a typo, a word changed), else ''. */
export function closestId(wrong: string, ids: readonly string[]): string {
  let best: { id: string; distance: number } | null = null;
  for (const candidate of ids) {
    const distance = editDistance(wrong.slice(0, 64), candidate.slice(0, 64));
    if (!best || distance < best.distance) best = { id: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.id.length / 3)) ? ` (did you mean '${best.id}'?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length]!;
}
