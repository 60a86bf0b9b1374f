import fs from 'node:fs';
import path from 'node:path';
import type { LiveCollectorDefinition, LiveCollectorInfo, LiveProfile, LiveProfileDefinition, LiveProfileProblem, LiveProfiles } from '../../contract';
import { liveProfileFromValue, parseLiveProfile } from '../../domain/evidence/liveProfile';
import type { ServiceContext } from '../context';
import { shippedYamlValue } from '../shippedYaml';
import { readUserFile, unreadableReason, yamlFilesIn } from '../userFiles';

const maxProfileBytes = 256 * 1024;
const maxProfileFiles = 200;

export interface LoadedProfile extends LiveProfileDefinition {
  source: 'shipped' | 'custom';
  file: string;
}

/** The responder's own profiles: collectors/<id>.yaml in the data dir (same id replaces a shipped one). */
export function userCollectorsDir(ctx: ServiceContext): string {
  return path.join(ctx.dataDir, 'collectors');
}

function readProfileFile(file: string): { profile: LiveProfileDefinition } | { problem: LiveProfileProblem } {
  const read = readUserFile(file, maxProfileBytes);
  if (!read.ok) return { problem: { file, line: read.problem.line, path: '', message: read.problem.message } };
  // A file with exactly the bytes the build read skips the YAML parse; the value is still validated.
  const shipped = shippedYamlValue(read.text);
  const preparsed = shipped && liveProfileFromValue(shipped.value);
  return preparsed ? { profile: preparsed } : parseLiveProfile(read.text, file);
}

/**
 * Why a team's collectors file (or its folder) is not trusted when the console runs as root: its
 * commands would run as root, so, like sudoers, it must be root's and writable by no one else.
 */
export function untrustedAsRoot(file: string): string | null {
  for (const each of [path.dirname(file), file]) {
    let stats: fs.Stats;
    try {
      stats = fs.statSync(each);
    } catch (error) {
      return `${each} ${unreadableReason(error)}`;
    }
    if (stats.uid !== 0) return `${each} is not owned by root`;
    if (stats.mode & 0o022) return `${each} is writable by ${stats.mode & 0o002 ? 'everyone' : 'its group'}`;
  }
  return null;
}

/** Shipped profiles, then the data dir's; read on every call so a fixed file counts without a restart. */
export function loadLiveProfiles(ctx: ServiceContext, asRoot = isRoot()): { profiles: LoadedProfile[]; problems: LiveProfileProblem[] } {
  const byId = new Map<string, LoadedProfile>();
  const problems: LiveProfileProblem[] = [];
  const sources: [string, LoadedProfile['source']][] = [
    [path.join(ctx.resourcesDir, 'collectors'), 'shipped'],
    [userCollectorsDir(ctx), 'custom'],
  ];
  for (const [dir, source] of sources) {
    const { files, problem } = yamlFilesIn(dir, maxProfileFiles, 'collectors', 'profiles');
    if (problem) problems.push({ file: dir, line: null, path: '', message: problem });
    for (const file of files) {
      const untrusted = source === 'custom' && asRoot ? untrustedAsRoot(file) : null;
      if (untrusted) {
        problems.push({ file, line: null, path: '', message: `not loaded: the console runs as root, and ${untrusted} (its commands would run as root: make it root's, mode 644 in a 755 folder)` });
        continue;
      }
      const result = readProfileFile(file);
      if ('problem' in result) problems.push(result.problem);
      else byId.set(result.profile.id, { ...result.profile, source, file });
    }
  }
  return { profiles: [...byId.values()], problems };
}

/** Where a program named without a folder is found on PATH (executable), or null. */
export function findProgram(program: string, searchPath = process.env.PATH ?? ''): string | null {
  const executable = (file: string) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (program.includes('/')) return executable(program) ? program : null;
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    if (executable(candidate)) return candidate;
  }
  return null;
}

export const isRoot = (): boolean => process.getuid?.() === 0;

/** Why a collector will not run here, in words; null when it will. */
export function unavailableReason(collector: LiveCollectorDefinition, platform: NodeJS.Platform = process.platform, root = isRoot()): string | null {
  if (!collector.platforms.includes(platform as never)) return `for ${collector.platforms.join(' and ')} only (this machine is ${platform})`;
  if (!findProgram(collector.argv[0]!)) return `${collector.argv[0]} is not on this machine's PATH`;
  if (collector.needsRoot && !root) return 'needs root: run the console as root (sudo) to collect it';
  return null;
}

/** A profile as the console shows it: only the collectors for this platform, and whether each can run. */
export function describeProfile(profile: LoadedProfile, platform: NodeJS.Platform = process.platform): LiveProfile {
  const collectors: LiveCollectorInfo[] = profile.collectors
    .filter((collector) => collector.platforms.includes(platform as never))
    .map((collector) => {
      const reason = unavailableReason(collector, platform);
      return {
        id: collector.id,
        description: collector.description,
        argv: [...collector.argv],
        volatile: collector.volatile,
        needsRoot: collector.needsRoot,
        timeoutMs: collector.timeoutMs,
        output: collector.output,
        redact: collector.redact,
        available: reason === null,
        ...(reason === null ? {} : { unavailableReason: reason }),
      };
    });
  return { id: profile.id, title: profile.title, description: profile.description, source: profile.source, collectors };
}

const profileOrder = ['quick', 'containers', 'build'];

export function liveProfiles(ctx: ServiceContext): LiveProfiles {
  const { profiles, problems } = loadLiveProfiles(ctx);
  const rank = (id: string) => (profileOrder.includes(id) ? profileOrder.indexOf(id) : profileOrder.length);
  const sorted = profiles.sort((a, b) => rank(a.id) - rank(b.id) || a.title.localeCompare(b.title));
  return { profiles: sorted.map((profile) => describeProfile(profile)), problems };
}
