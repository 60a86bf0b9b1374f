import fs from 'node:fs';
import path from 'node:path';
import { AppError, type ImportedBundle, type ParsedInput } from '../../contract';
import { collectedHereProblem, countProblem, foreignEventProblem, phaseProblem, rowsProblem, severityProblem, stepActionProblem } from '../../domain/bundle/bundleChecks';
import type { Bundle } from '../../domain/bundle/bundleFormat';
import { canonicalJson } from '../../domain/incidents/eventChain';
import { writeError, writeFileAtomic } from '../../jobs/atomicFile';
import { insertBundleEvent, insertBundleRows } from '../../store/bundleRows';
import { listRawEvents, type RawEvent } from '../../store/eventLog';
import { findIncident } from '../../store/incidentRepo';
import { hasIncidentRows } from '../../store/projectionRows';
import { writeTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { givenKey, thisLaptopKey, type TrustedKey } from '../evidence/evidenceTrust';
import { verifyOne, walkChain } from '../incidents/verify';
import { bundleSignatureValid } from './bundleSigning';
import { readBundleFile } from './bundleRead';
import { secretProblem } from './bundleSecrets';

/** The bundle failed verification: it is refused, naming the first problem. */
const refused = (file: string, problem: string) => new AppError('forbidden', `refused ${file}: ${problem}; nothing was imported`);

const asRaw = (event: Bundle['events'][number]): RawEvent => ({ id: 0, ...event, payloadJson: canonicalJson(event.payload) });

/** The first event where this data dir's chain and the bundle's part, or null when they are the same. */
function firstDifference(local: readonly RawEvent[], bundle: Bundle): string | null {
  for (let index = 0; index < Math.max(local.length, bundle.events.length); index += 1) {
    const mine = local[index];
    const theirs = bundle.events[index];
    if (mine?.hash === theirs?.hash) continue;
    if (!mine) return `the bundle has event #${theirs!.seq} (${theirs!.type}) that this data dir does not`;
    if (!theirs) return `this data dir has event #${mine.seq} (${mine.type}) that the bundle does not`;
    return `event #${mine.seq} differs (${mine.type} here, ${theirs.type} in the bundle)`;
  }
  return null;
}

function checkSigner(file: string, bundle: Bundle, trusted: readonly TrustedKey[]): TrustedKey {
  if (!bundleSignatureValid(bundle)) throw refused(file, 'its signature does not verify: the bundle was changed after it was signed');
  const fingerprint = bundle.signature.publicKeyFingerprint;
  const match = trusted.find((key) => key.fingerprint === fingerprint);
  if (!match) {
    throw refused(file, `it is signed by key ${fingerprint}, which this data dir does not trust. If that is your colleague's key (check its fingerprint with them), import with --trusted-key ${fingerprint}, or with their key file from "firebreak evidence key export"`);
  }
  return match;
}

/**
 * Imports a signed bundle after checking, in order: shape, signature, signer, count and head hash,
 * every event's hash and link; then writes it in one transaction and replays the events against
 * the rows as `incident verify` does, rolling back on any difference. Nothing is written on refusal.
 */
export function importBundle(ctx: ServiceContext, input: ParsedInput<'incident.import'>): ImportedBundle {
  const file = path.resolve(input.file);
  const trusted = [thisLaptopKey(ctx), ...(input.trustedKeys ?? []).map(givenKey)].filter((key): key is TrustedKey => key !== null);
  const bundle = readBundleFile(file);
  const signer = checkSigner(file, bundle, trusted);
  const problem = countProblem(bundle) ?? foreignEventProblem(bundle);
  if (problem) throw refused(file, problem);
  const events = bundle.events.map(asRaw);
  const { firstBreak } = walkChain(events);
  if (firstBreak) throw refused(file, firstBreak.message);
  const rows = rowsProblem(bundle) ?? severityProblem(bundle, ctx.schemes) ?? phaseProblem(bundle) ?? stepActionProblem(bundle);
  if (rows) throw refused(file, rows);
  const secret = secretProblem(ctx, bundle);
  if (secret) throw refused(file, secret);

  const id = bundle.incidentId;
  const result = (imported: boolean): ImportedBundle => ({ incidentId: id, imported, events: bundle.eventCount, headHash: bundle.headHash, keyFingerprint: bundle.signature.publicKeyFingerprint, signer: signer.label });
  const manifestFolder = path.join(ctx.dataDir, 'imports', id);
  const manifests = bundle.manifests.filter((manifest) => manifest.content !== null);
  // Always a path here, even for a manifest the bundle lacks (then nothing is there): a path from the
  // other laptop names some file on this one, which exporting the incident again would read into its bundle.
  const manifestFile = (evidenceId: string) => path.join(manifestFolder, `${evidenceId}.manifest.json`);
  const written: string[] = [];
  try {
    const imported = writeTransaction(ctx.db, () => {
      if (findIncident(ctx.db, id) || listRawEvents(ctx.db, id).length > 0 || hasIncidentRows(ctx.db, id)) {
        const difference = firstDifference(listRawEvents(ctx.db, id), bundle);
        if (difference === null) return false;
        throw new AppError('conflict', `${id} is already in this data dir with a different history: ${difference}. Merging two histories of one incident is not supported yet; nothing was imported`);
      }
      // Only for an incident new here: this laptop's own bundle of an incident it holds is "already here" above.
      const claimed = collectedHereProblem(bundle, ctx.deviceId);
      if (claimed) throw refused(file, claimed);
      try {
        insertBundleRows(ctx.db, id, bundle.tables, { manifestFile });
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        // A CHECK or NOT NULL failure is a row no Firebreak writes, not a clash with this data dir.
        if (/^SQLITE_CONSTRAINT_(CHECK|NOTNULL)$/.test(code)) throw refused(file, `a row of the bundle is not one Firebreak writes (${(error as Error).message})`);
        if (code.startsWith('SQLITE_CONSTRAINT')) {
          throw new AppError('conflict', `a row of the bundle clashes with this data dir (${(error as Error).message}): an evidence item, scan or quarantined file of that id already belongs to another incident here; nothing was imported`);
        }
        throw error;
      }
      for (const event of events) insertBundleEvent(ctx.db, event);
      const verified = verifyOne(ctx, id);
      if (!verified.intact) throw refused(file, `its rows are not what its events describe: ${verified.firstBreak?.message ?? 'state mismatch'}`);
      // Last, so a refusal above leaves no file behind; removed again if the commit fails.
      if (manifests.length > 0) fs.mkdirSync(manifestFolder, { recursive: true, mode: 0o700 });
      for (const manifest of manifests) {
        const target = manifestFile(manifest.evidenceId);
        try {
          writeFileAtomic(target, `${JSON.stringify(manifest.content, null, 2)}\n`);
        } catch (error) {
          throw writeError(error, target, 'the imported evidence manifest');
        }
        written.push(target);
      }
      return true;
    });
    if (imported) ctx.emit({ type: 'incident.changed', incidentId: id });
    return result(imported);
  } catch (error) {
    for (const target of written) fs.rmSync(target, { force: true });
    throw error;
  }
}
