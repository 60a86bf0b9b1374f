import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { text } from '../text';
import type { CollectedEvidence } from './evidence';

/**
 * Live response: commands that capture a running system's state (processes, connections, logins,
 * containers), defined as data in resources/collectors/<profile>.yaml (and the data dir's
 * collectors/ folder), run without a shell and archived like collected files.
 */

export const livePlatforms = ['linux', 'darwin', 'win32'] as const;
export type LivePlatform = (typeof livePlatforms)[number];

/** Stand for the chosen paths / each chosen namespace: always a whole argv item, expanded into separate items. */
export const pathsPlaceholder = '{paths}';
export const namespacePlaceholder = '{namespace}';

// Other braces ({{json .}}, find's {}) are the program's own syntax and pass through as written.
const placeholderIn = /\{(paths|namespace)\}/;

const id = z.string({ error: 'must be text' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be lower-case letters, digits and dashes (at most 64), like `processes`' });
// A file name inside the archive's folder: no folder, no dot-file; {namespace} at most once.
const outputName = z
  .string({ error: 'must be text' })
  .max(100, { message: 'must be at most 100 characters' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\{namespace\}[A-Za-z0-9._-]*)?$/, { message: 'must be a plain file name like `processes.txt` (letters, digits, . _ -; {namespace} at most once)' })
  // <output>.stderr holds a collector's standard error: an output of that name would be overwritten by another's.
  .refine((value) => !/\.stderr$/i.test(value), { message: "must not end in .stderr (that name holds a collector's standard error)" });
const argvItem = z
  .string({ error: 'must be text' })
  .min(1, { message: 'must not be empty' })
  .max(4_096, { message: 'must be at most 4096 characters' })
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  .refine((value) => !/[\u0000-\u001F\u007F]/.test(value), { message: 'must not contain control characters' });

/** One collector as written in a profile's YAML. */
export const liveCollectorSchema = z.strictObject({
  id,
  description: text({ min: 1, max: 300 }),
  platforms: z.array(z.enum(livePlatforms, { error: `must be one of ${livePlatforms.join(', ')}` }), { error: `must be a list of platforms, like [${livePlatforms.join(', ')}]` }).min(1, { message: 'name at least one platform' }),
  /** The program then its arguments, one item each: never a shell string. */
  argv: z
    .array(argvItem, { error: 'must be a list: the program, then each argument' })
    .min(1, { message: 'name the program to run' })
    .max(64)
    .refine((argv) => !placeholderIn.test(argv[0]!), { message: 'the program (first item) cannot be a placeholder' })
    .refine((argv) => argv.every((item) => !placeholderIn.test(item) || item === pathsPlaceholder || item === namespacePlaceholder), {
      message: `a placeholder must be a whole item: ${pathsPlaceholder} or ${namespacePlaceholder}`,
    }),
  timeoutMs: z.number({ error: 'must be a number of milliseconds' }).int().min(100).max(30 * 60_000),
  needsRoot: z.boolean({ error: 'must be true or false' }).default(false),
  /** Volatile state (processes, connections) runs first: it changes the soonest. */
  volatile: z.boolean({ error: 'must be true or false' }).default(false),
  /** File name in the archive; `{namespace}` in it when the collector runs once per namespace. */
  output: outputName,
  /** Environment dumps and config files: the output passes through the secret redactor before it is archived. */
  redact: z.boolean({ error: 'must be true or false' }).default(false),
  /** Used for {paths} when the responder chose none. */
  defaultPaths: z.array(z.string().regex(/^\/[^\0]*$/, { message: 'must be an absolute path' })).max(20).optional(),
});
export type LiveCollectorDefinition = z.output<typeof liveCollectorSchema>;

/** One resources/collectors/<id>.yaml (or collectors/<id>.yaml in the data dir): a profile and its collectors. */
export const liveProfileSchema = z
  .strictObject({
    id,
    title: text({ min: 1, max: 100 }),
    description: text({ min: 1, max: 500 }),
    collectors: z.array(liveCollectorSchema).min(1, { message: 'list at least one collector' }).max(100),
  })
  .superRefine((profile, check) => {
    const seen = new Set<string>();
    profile.collectors.forEach((collector, index) => {
      if (seen.has(collector.id)) check.addIssue({ code: 'custom', path: ['collectors', index, 'id'], message: `"${collector.id}" is used by another collector of this profile` });
      seen.add(collector.id);
      // Collectors for different platforms may share a file name (only one of them runs); others may not,
      // in any case: `Ps.txt` and `ps.txt` are one file on macOS and Windows.
      const clash = profile.collectors.findIndex((other, at) => at < index && other.output.toLowerCase() === collector.output.toLowerCase() && other.platforms.some((platform) => collector.platforms.includes(platform)));
      if (clash >= 0) check.addIssue({ code: 'custom', path: ['collectors', index, 'output'], message: `"${collector.output}" is also the output of collector "${profile.collectors[clash]!.id}" on the same platform` });
      const perNamespace = collector.argv.includes(namespacePlaceholder);
      if (perNamespace !== collector.output.includes(namespacePlaceholder)) {
        check.addIssue({ code: 'custom', path: ['collectors', index, 'output'], message: 'must hold {namespace} exactly when argv does (one output per namespace)' });
      }
    });
  });
export type LiveProfileDefinition = z.output<typeof liveProfileSchema>;

/** A collector as the console shows it before running: what will run, and whether it can here. */
export interface LiveCollectorInfo {
  id: string;
  description: string;
  /** The command as it will run (no shell); {paths} and {namespace} stand for the chosen paths and namespaces. */
  argv: string[];
  volatile: boolean;
  needsRoot: boolean;
  timeoutMs: number;
  /** File name in the archive. */
  output: string;
  redact: boolean;
  /** The program is on this machine's PATH and the platform matches (and root is held when needed). */
  available: boolean;
  unavailableReason?: string;
}

export interface LiveProfile {
  id: string;
  title: string;
  description: string;
  /** `shipped`, or `custom` for a file in the data dir's collectors/ folder (which replaces a shipped one of the same id). */
  source: 'shipped' | 'custom';
  collectors: LiveCollectorInfo[];
}

export interface LiveProfileProblem {
  file: string;
  line: number | null;
  /** Where in the document, like `collectors.2.timeoutMs`; empty for the whole file. */
  path: string;
  message: string;
}

export interface LiveProfiles {
  profiles: LiveProfile[];
  /** Profile files that failed validation (they are not offered). */
  problems: LiveProfileProblem[];
}

export const liveProblems = ['timed-out', 'missing-program', 'needs-root', 'failed', 'cancelled'] as const;
export type LiveProblem = (typeof liveProblems)[number];

/** What one collector did: in the result and in the manifest's `live.collectors`, in run order. */
export interface LiveCollectorRun {
  /** The collector's id; `<id>:<namespace>` for one run per namespace. */
  id: string;
  /** 1 for the first started: volatile collectors first. */
  order: number;
  argv: string[];
  exitCode: number | null;
  /** The signal that ended it (SIGKILL after a timeout), if any. */
  signal?: string | null;
  startedAt: string;
  endedAt: string;
  /** Bytes archived for its output (after redaction), and their SHA-256 (as the manifest entry has it); null when it did not run. */
  bytes: number;
  sha256: string | null;
  /** Path of its output in the archive; null when it did not run (missing program, needs root, cancelled before it started). */
  archivePath: string | null;
  /** Path of its standard error in the archive, when it wrote any. */
  stderrPath?: string;
  /** The output reached the cap and was cut there. */
  truncated?: boolean;
  /** Secrets taken out of its output (redacted collectors only). */
  redactions?: number;
  problem?: LiveProblem;
  problemText?: string;
}

/** The manifest's record of a live collection (signed with the rest of the manifest). */
export interface LiveManifestSection {
  profile: string;
  platform: string;
  /** Whether the collectors ran as root. */
  root: boolean;
  paths: string[];
  namespaces: string[];
  collectors: LiveCollectorRun[];
}

const absolutePath = text({ min: 1, max: 4_096 }).refine((value) => value.startsWith('/'), { message: 'must be an absolute path (starting with /)' });
const namespace = z.string({ error: 'must be text' }).regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { message: 'must be a Kubernetes namespace name (lower-case letters, digits and dashes)' });

export const liveProfilesInput = z.strictObject({});
export const liveCollectInput = z.strictObject({
  incidentId: incidentId.optional(),
  profile: id,
  output: text({ min: 1, max: 4_096 }),
  /** For "recently modified files under chosen paths" ({paths}); the collector's defaultPaths otherwise. */
  paths: z.array(absolutePath).max(100).optional(),
  /** For kubectl ({namespace}); `default` otherwise. */
  namespaces: z.array(namespace).max(50).optional(),
});

/** `evidence.collect`'s result, plus what each collector did. */
export interface LiveCollectedEvidence extends CollectedEvidence {
  profile: string;
  collectors: LiveCollectorRun[];
}
