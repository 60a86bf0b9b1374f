import fs from 'node:fs';
import path from 'node:path';
import { AppError, drillIdPattern, type DrillFileError, type DrillList, type DrillScenario, type SeverityScheme } from '../../contract';
import { checkDrillScenario, listIds, parseDrillScenario } from '../../domain/drills/drillScenario';
import { findScheme } from '../../domain/incidents/severity';
import { parseYamlUnderLimits } from '../../domain/userYaml';
import { loadTemplates } from '../comms/templates';
import type { ServiceContext } from '../context';
import { activeSchemeId } from '../incidents/incidentView';
import { loadPlaybooks } from '../playbooks/playbooks';
import { shippedYamlValue } from '../shippedYaml';
import { readUserFile, yamlFilesIn } from '../userFiles';

/** A scenario is a few pages of text: a file far larger is a mistake or an attack. */
export const maxDrillBytes = 256 * 1024;
// The folder is read on every list and start: a flood of files must not make that slow.
export const maxDrillFiles = 200;

export function userDrillsDir(ctx: ServiceContext): string {
  return path.join(ctx.dataDir, 'drills');
}

// A refused file still says which drill it meant to be when its id reads as one: starting that id names the file's error.
type FileResult = { scenario: DrillScenario } | { error: DrillFileError; declaredId?: string };

// Parsed files by path while size and mtime are unchanged: an unchanged file costs a stat, and a
// refused bomb is refused once. The cross-checks run every time (playbooks and templates change).
const parsedFiles = new Map<string, { size: number; mtimeMs: number; result: FileResult }>();

function readDrillFile(file: string, origin: DrillScenario['origin']): FileResult {
  const stats = fs.statSync(file, { throwIfNoEntry: false });
  const cached = parsedFiles.get(`${origin}:${file}`);
  if (stats && cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) return cached.result;
  const read = readUserFile(file, maxDrillBytes);
  if (!read.ok) return { error: { file, path: '', message: read.problem.line ? `line ${read.problem.line}: ${read.problem.message}` : read.problem.message } };
  // Exactly the bytes of a shipped scenario: the build parsed them already; the value is still validated.
  const shipped = shippedYamlValue(read.text);
  let result: FileResult;
  if (shipped) result = withDeclaredId(parseDrillScenario(shipped.value, file, origin), shipped.value);
  else {
    const yaml = parseYamlUnderLimits(read.text);
    result = yaml.ok ? withDeclaredId(parseDrillScenario(yaml.value, file, origin), yaml.value) : { error: { file, path: '', message: yaml.line ? `line ${yaml.line}: ${yaml.message}` : yaml.message } };
  }
  parsedFiles.set(`${origin}:${file}`, { size: read.stats.size, mtimeMs: read.stats.mtimeMs, result });
  return result;
}

function withDeclaredId(result: FileResult, doc: unknown): FileResult {
  if (!('error' in result) || doc === null || typeof doc !== 'object') return result;
  const id = (doc as Record<string, unknown>).id;
  return typeof id === 'string' && drillIdPattern.test(id) ? { ...result, declaredId: id } : result;
}

/** Shipped resources/drills/*.yaml and <data dir>/drills/*.yaml (a data-dir scenario with a shipped id replaces it); a bad file is an error entry, never fatal. */
export function loadDrillScenarios(ctx: ServiceContext): { scenarios: DrillScenario[]; errors: DrillFileError[] } {
  const { scenarios, errors } = loadDrillScenarioSet(ctx);
  return { scenarios, errors };
}

/**
 * loadDrillScenarios, with the error of each drill id whose file was refused. A refused data-dir file
 * that declares a shipped id hides the shipped scenario: the team meant to run its own version, and
 * running the shipped one instead would be a silent surprise.
 */
function loadDrillScenarioSet(ctx: ServiceContext): { scenarios: DrillScenario[]; errors: DrillFileError[]; refused: Map<string, DrillFileError> } {
  const { playbooks } = loadPlaybooks(ctx);
  const templateIds = loadTemplates(ctx).templates.map((template) => template.id);
  const active = findScheme(ctx.schemes, activeSchemeId(ctx));
  const severityIds = active.levels.map((level) => level.id);
  const byId = new Map<string, DrillScenario>();
  const errors: DrillFileError[] = [];
  const refused = new Map<string, DrillFileError>();
  const refuse = (id: string | undefined, error: DrillFileError, origin: DrillScenario['origin']) => {
    errors.push(error);
    if (!id || byId.get(id)?.origin === 'data-dir') return;
    if (origin === 'data-dir' || !refused.has(id)) refused.set(id, error);
    if (origin === 'data-dir') byId.delete(id);
  };
  const sources: [string, DrillScenario['origin']][] = [
    [path.join(ctx.resourcesDir, 'drills'), 'shipped'],
    [userDrillsDir(ctx), 'data-dir'],
  ];
  for (const [dir, origin] of sources) {
    const { files, problem } = yamlFilesIn(dir, maxDrillFiles, 'drills', 'drill scenarios');
    if (problem) errors.push({ file: dir, path: '', message: problem });
    const fileOf = new Map<string, string>();
    for (const file of files) {
      const result = readDrillFile(file, origin);
      if ('error' in result) {
        refuse(result.declaredId, result.error, origin);
        continue;
      }
      const twin = fileOf.get(result.scenario.id);
      if (twin) {
        errors.push({ file, path: 'id', message: `duplicate drill id '${result.scenario.id}': ${path.basename(twin)} in the same folder has it already` });
        continue;
      }
      const scenario = inScheme(result.scenario, ctx.schemes, active);
      const problemFound = checkDrillScenario(scenario, { playbook: playbooks.find((playbook) => playbook.id === scenario.playbook), templateIds, severityIds }, file);
      if (problemFound) {
        refuse(scenario.id, problemFound, origin);
        continue;
      }
      fileOf.set(scenario.id, file);
      byId.set(scenario.id, scenario);
      refused.delete(scenario.id);
    }
  }
  return { scenarios: [...byId.values()].sort((a, b) => a.title.localeCompare(b.title)), errors, refused };
}

/**
 * The scenario with its severity in the active scheme: a level of another scheme (the shipped drills
 * say P0–P3) becomes the active scheme's level of the same rank (P0 → SEV-1), so a team that uses
 * SEV-1..4 still has every drill. A level no scheme knows is left for the check to name.
 */
function inScheme(scenario: DrillScenario, schemes: readonly SeverityScheme[], active: SeverityScheme): DrillScenario {
  if (active.levels.some((level) => level.id === scenario.severity)) return scenario;
  for (const scheme of schemes) {
    const rank = scheme.levels.findIndex((level) => level.id === scenario.severity);
    const level = rank >= 0 ? active.levels[Math.min(rank, active.levels.length - 1)] : undefined;
    if (level) return { ...scenario, severity: level.id };
  }
  return scenario;
}

export function listDrillScenarios(ctx: ServiceContext): DrillList {
  const { scenarios, errors } = loadDrillScenarios(ctx);
  return {
    drills: scenarios.map((scenario) => ({
      id: scenario.id,
      title: scenario.title,
      summary: scenario.summary,
      severity: scenario.severity,
      playbook: scenario.playbook,
      objectives: scenario.objectives,
      injectCount: scenario.injects.length,
      origin: scenario.origin,
    })),
    errors,
  };
}

/** AppError('not-found', "no drill 'x': the drills are a, b, c") */
export function requireDrillScenario(ctx: ServiceContext, id: string): DrillScenario {
  const { scenarios, errors, refused } = loadDrillScenarioSet(ctx);
  const found = scenarios.find((scenario) => scenario.id === id);
  if (found) return found;
  const ids = scenarios.map((scenario) => scenario.id);
  // A file that declares the drill's id, or is named after it, and failed to load: say why, not merely that it is missing.
  const broken = refused.get(id) ?? errors.find((error) => path.basename(error.file).replace(/\.ya?ml$/i, '') === id);
  const why = broken ? ` (${broken.file}${broken.path ? ` at ${broken.path}` : ''}: ${broken.message})` : '';
  throw new AppError('not-found', `no drill '${id}'${why}: the drills are ${listIds(ids, 50)}`, [{ field: 'drillId', message: 'must be the id of a drill scenario' }]);
}
