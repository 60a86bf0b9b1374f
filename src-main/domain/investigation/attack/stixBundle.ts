import type { Technique } from '../../../contract';
import { plainDescription } from './stixText';

/**
 * Reads the ATT&CK techniques of a parsed STIX 2.0 or 2.1 bundle (Enterprise, Mobile or ICS: the
 * same shapes). A technique is an `attack-pattern` whose `external_references` hold an ATT&CK id
 * (`source_name` mitre-attack, or the older mitre-mobile-attack / mitre-ics-attack); revoked ones
 * are skipped, as are attack patterns from other catalogues (CAPEC). One malformed technique
 * refuses the whole bundle: a catalogue silently missing techniques would refuse valid ids later.
 */
export type StixRead = { ok: true; techniques: Technique[]; version: string | null; skipped: number } | { ok: false; reason: string };

const attackSources = new Set(['mitre-attack', 'mitre-mobile-attack', 'mitre-ics-attack']);
const killChains = new Set(['mitre-attack', 'mitre-mobile-attack', 'mitre-ics-attack']);
const techniqueIdPattern = /^T\d{4}(\.\d{3})?$/;
/** Real names are under 100 characters; past this the bundle is not ATT&CK's. */
export const maxNameLength = 300;
const maxListItems = 64;
const maxListItemLength = 100;
const maxUrlLength = 2_000;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Short strings of a list, deduplicated; anything else in it is ignored (a list is decoration, not identity). */
function shortStrings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const kept = new Set<string>();
  for (const item of value) {
    if (typeof item === 'string' && item.trim() && item.length <= maxListItemLength) kept.add(item.trim());
    if (kept.size >= maxListItems) break;
  }
  return [...kept];
}

function tacticsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return shortStrings(value.filter((phase) => isObject(phase) && typeof phase.kill_chain_name === 'string' && killChains.has(phase.kill_chain_name)).map((phase) => (phase as Json).phase_name));
}

/** A link shown in the console: https only (a bundle is not trusted to pick the scheme). */
function urlOf(value: unknown): string | null {
  return typeof value === 'string' && value.length <= maxUrlLength && /^https:\/\/[^\s]+$/i.test(value) ? value : null;
}

function describe(index: number, object: Json): string {
  const id = typeof object.id === 'string' ? ` (${object.id.slice(0, 100)})` : '';
  return `objects[${index}]${id}`;
}

interface Candidate {
  technique: Technique;
  modified: number;
}

type TechniqueRead = { technique: Technique } | { skip: true } | { reason: string };

function readTechnique(object: Json, where: string): TechniqueRead {
  if (object.revoked === true) return { skip: true };
  const references = Array.isArray(object.external_references) ? object.external_references : [];
  const reference = references.find((entry): entry is Json => isObject(entry) && typeof entry.source_name === 'string' && attackSources.has(entry.source_name));
  if (!reference) return { skip: true };
  const rawId = reference.external_id;
  if (typeof rawId !== 'string') return { reason: `${where}: its ATT&CK external reference has no external_id` };
  const id = rawId.trim().toUpperCase();
  if (!techniqueIdPattern.test(id)) return { reason: `${where}: external_id ${JSON.stringify(rawId.slice(0, 40))} is not an ATT&CK technique id like T1059 or T1059.001` };
  const name = typeof object.name === 'string' ? object.name.trim() : '';
  if (!name) return { reason: `${where}: technique ${id} has no name` };
  if (name.length > maxNameLength) return { reason: `${where}: technique ${id} has a name of ${name.length.toLocaleString('en-US')} characters, more than ${maxNameLength}` };
  const dot = id.indexOf('.');
  return {
    technique: {
      id,
      name,
      tactics: tacticsOf(object.kill_chain_phases),
      description: plainDescription(object.description),
      platforms: shortStrings(object.x_mitre_platforms),
      // The id says which technique is the parent: x_mitre_is_subtechnique only repeats it.
      parent: dot > 0 ? id.slice(0, dot) : null,
      deprecated: object.x_mitre_deprecated === true,
      url: urlOf(reference.url),
    },
  };
}

function modifiedOf(object: Json): number {
  const time = typeof object.modified === 'string' ? Date.parse(object.modified) : NaN;
  return Number.isNaN(time) ? -Infinity : time;
}

export function readStixBundle(bundle: unknown): StixRead {
  if (!isObject(bundle) || bundle.type !== 'bundle' || !Array.isArray(bundle.objects)) {
    return { ok: false, reason: 'not a STIX bundle: expected a JSON object with "type": "bundle" and an "objects" list' };
  }
  const byId = new Map<string, Candidate>();
  let version: string | null = null;
  let skipped = 0;
  const objects: unknown[] = bundle.objects;
  for (let index = 0; index < objects.length; index += 1) {
    const object = objects[index];
    if (!isObject(object) || typeof object.type !== 'string') return { ok: false, reason: `objects[${index}] is not a STIX object (an object with a "type")` };
    if (object.type === 'x-mitre-collection' && version === null && typeof object.x_mitre_version === 'string' && /^[\w.-]{1,20}$/.test(object.x_mitre_version)) {
      version = object.x_mitre_version;
    }
    if (object.type !== 'attack-pattern') {
      skipped += 1;
      continue;
    }
    const read = readTechnique(object, describe(index, object));
    if ('reason' in read) return { ok: false, reason: read.reason };
    if ('skip' in read) {
      skipped += 1;
      continue;
    }
    // The same id twice (a bundle merged from two releases): the later revision by `modified` wins, the other counts as skipped.
    const modified = modifiedOf(object);
    const held = byId.get(read.technique.id);
    if (held) skipped += 1;
    if (!held || modified >= held.modified) byId.set(read.technique.id, { technique: read.technique, modified });
  }
  if (!byId.size) return { ok: false, reason: 'no ATT&CK techniques (attack-pattern objects with a mitre-attack external id): not an ATT&CK bundle' };
  const techniques = [...byId.values()].map((candidate) => candidate.technique).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ok: true, techniques, version, skipped };
}
