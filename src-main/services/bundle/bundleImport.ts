import fs from 'node:fs';
import path from 'node:path';
import { AppError, type ImportedBundle, type ParsedInput } from '../../contract';
import { closureProblem, collectedHereProblem, countProblem, headProblem, foreignEventProblem, phaseProblem, rowsProblem, severityProblem, stepActionProblem } from '../../domain/bundle/bundleChecks';
import { viewOf } from '../../domain/bundle/bundleDag';
import { isSignedItem, type Bundle, type BundleEvent } from '../../domain/bundle/bundleFormat';
import { canonicalJson } from '../../domain/incidents/eventChain';
import { eventTypes } from '../../domain/incidents/incidentState';
import { writeError, writeFileAtomic } from '../../jobs/atomicFile';
import { insertBundleEvent, insertBundleRows, insertMissingBundleRows } from '../../store/bundleRows';
import { receiveEvent } from '../../store/dagStore';
import { listRawEvents, type RawEvent } from '../../store/eventLog';
import { findIncident } from '../../store/incidentRepo';
import { hasIncidentRows } from '../../store/projectionRows';
import { writeTransaction } from '../../store/transaction';
import { nowIso, type ServiceContext } from '../context';
import { givenKey, thisLaptopKey, type TrustedKey } from '../evidence/evidenceTrust';
import { verifyOne, walkChain } from '../incidents/verify';
import { rebuildProjection } from '../sync/projection';
import { bundleSignatureValid } from './bundleSigning';
import { readBundleFile } from './bundleRead';
import { secretProblem } from './bundleSecrets';

/** The bundle failed verification: it is refused, naming the first problem. */
const refused = (file: string, problem: string) => new AppError('forbidden', `refused ${file}: ${problem}; nothing was imported`);

const asRaw = (event: BundleEvent): RawEvent => ({ id: 0, ...event, payloadJson: canonicalJson(event.payload) });

function trustedSigner(bundle: Bundle, trusted: readonly TrustedKey[]): TrustedKey | null {
  return trusted.find((key) => key.fingerprint === bundle.signature.publicKeyFingerprint) ?? null;
}

function untrusted(file: string, bundle: Bundle): AppError {
  const fingerprint = bundle.signature.publicKeyFingerprint;
  return refused(file, `it is signed by key ${fingerprint}, which this data dir does not trust. If that is your colleague's key (check its fingerprint with them), import with --trusted-key ${fingerprint}, or with their key file from "firebreak evidence key export"`);
}

/** Every check that needs nothing of this data dir: shape was checked on reading. */
function bundleProblem(ctx: ServiceContext, bundle: Bundle): string | null {
  const problem = countProblem(bundle) ?? foreignEventProblem(bundle);
  if (problem) return problem;
  // The v1 prefix is one chain: each row links to the one before it.
  const { firstBreak } = walkChain(bundle.events.filter((item): item is BundleEvent => !isSignedItem(item)).map(asRaw));
  if (firstBreak) return firstBreak.message;
  return closureProblem(bundle) ?? headProblem(bundle) ?? rowsProblem(bundle) ?? severityProblem(bundle, ctx.schemes) ?? phaseProblem(bundle) ?? stepActionProblem(bundle) ?? secretProblem(ctx, bundle);
}

/** The incident's first event here and in the bundle: two incidents under one id when they differ. */
function genesisClash(ctx: ServiceContext, bundle: Bundle): string | null {
  const here = ctx.db.prepare<[string], { hash: string; type: string }>("SELECT hash, type FROM events WHERE incident_id = ? AND parents = '[]'").get(bundle.incidentId);
  const theirs = bundle.events.map(viewOf).find((view) => view.parents.length === 0);
  if (!here) return `this data dir holds rows of ${bundle.incidentId} but no events`;
  if (!theirs || theirs.hash === here.hash) return null;
  return `its first event (${here.type}, ${here.hash.slice(0, 12)}…) is not the bundle's (${theirs.type}, ${theirs.hash.slice(0, 12)}…): these are two different incidents that were given one id`;
}

/**
 * Adds the bundle's events this data dir lacks: v1 chain rows as they are, v2 events through the
 * store's door (hash, signature, identity, equivocation). Returns how many were new.
 */
function mergeEvents(ctx: ServiceContext, file: string, bundle: Bundle): number {
  const id = bundle.incidentId;
  const held = ctx.db.prepare('SELECT 1 FROM events WHERE hash = ?');
  const receivedAt = nowIso(ctx);
  let added = 0;
  for (const item of bundle.events) {
    if (held.get(item.hash) !== undefined) continue;
    if (!isSignedItem(item)) {
      const local = ctx.db.prepare<[string, number], { format_version: number; type: string }>('SELECT format_version, type FROM events WHERE incident_id = ? AND seq = ?').get(id, item.seq);
      if (local?.format_version === 1) {
        throw new AppError('conflict', `${id} is already in this data dir with a different history: event #${item.seq} differs (${local.type} here, ${item.type} in the bundle). Two unsigned (format 1) histories cannot be merged; nothing was imported`);
      }
      if (local) {
        throw new AppError('conflict', `the bundle extends ${id}'s unsigned (format 1) chain with event #${item.seq} (${item.type}) after this data dir began signing its events: merging that is not supported yet; nothing was imported`);
      }
      insertBundleEvent(ctx.db, { ...item, payloadJson: canonicalJson(item.payload) });
      added++;
      continue;
    }
    const outcome = receiveEvent(ctx.db, item, { receivedAt, ensureIncident: () => undefined });
    if (outcome.status === 'refused') throw refused(file, outcome.reason);
    if (outcome.status === 'inserted') added += outcome.applied.length;
  }
  const waiting = ctx.db.prepare<[string], { hash: string; missing: string }>('SELECT hash, missing FROM pending_events WHERE incident_id = ? ORDER BY hash').get(id);
  if (waiting) throw refused(file, `event ${waiting.hash.slice(0, 12)}… names earlier events the bundle does not hold (${(JSON.parse(waiting.missing) as string[]).map((hash) => `${hash.slice(0, 12)}…`).join(', ')}): it is incomplete`);
  return added;
}

/**
 * The kind is no bundle column (a bundle stays readable by releases before drills): the
 * declaration says it, and verification then holds the row to it like every replayed field.
 */
function markDrill(ctx: ServiceContext, id: string): void {
  const declared = ctx.db.prepare<[string, string], string>('SELECT payload FROM events WHERE incident_id = ? AND type = ? LIMIT 1').pluck().get(id, eventTypes.declared);
  if (declared !== undefined && (JSON.parse(declared) as { kind?: unknown }).kind === 'drill') ctx.db.prepare("UPDATE incidents SET kind = 'drill' WHERE id = ?").run(id);
}

/** After writing: the events verify (membership included) and the rows are what they describe, or everything rolls back. */
function requireVerified(ctx: ServiceContext, file: string, id: string): void {
  const verified = verifyOne(ctx, id);
  const problem = verified.firstBreak;
  if (problem?.reason === 'state-mismatch') throw refused(file, `its rows are not what its events describe: ${problem.message}`);
  if (problem) throw refused(file, `its events do not verify: ${problem.message}`);
  if (verified.verdict !== 'ok') throw refused(file, `the merged history does not verify (${verified.verdict}${verified.missing.length > 0 ? `, missing ${verified.missing.map((hash) => `${hash.slice(0, 12)}…`).join(', ')}` : ''})`);
}

/**
 * Replays the merged events into this laptop's tables. A member's correctly signed event can still
 * carry a value this laptop cannot hold (a status the table refuses, half a declaration) or show (a
 * severity its scheme lacks, an unknown phase): merged, it would fail the incident list for good.
 */
function rebuildMerged(ctx: ServiceContext, file: string, id: string, bundle: Bundle): void {
  try {
    rebuildProjection(ctx.db, id, bundle.tables);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_CONSTRAINT') && !(error instanceof TypeError)) throw error;
    throw refused(file, `its events cannot be replayed into this laptop's incident (${(error as Error).message})`);
  }
  // The same checks a new incident's rows get, on the rows the merge left.
  const tables = {
    incidents: ctx.db.prepare('SELECT scheme_id, severity, current_phase FROM incidents WHERE id = ?').all(id),
    checklist_steps: ctx.db.prepare('SELECT phase FROM checklist_steps WHERE incident_id = ?').all(id),
  };
  const merged = { tables } as unknown as Bundle;
  const problem = severityProblem(merged, ctx.schemes) ?? phaseProblem(merged);
  if (problem) throw refused(file, `after its events, ${problem}`);
}

function insertRowsOf(file: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // A CHECK or NOT NULL failure is a row no Firebreak writes, not a clash with this data dir.
    if (/^SQLITE_CONSTRAINT_(CHECK|NOTNULL)$/.test(code)) throw refused(file, `a row of the bundle is not one Firebreak writes (${(error as Error).message})`);
    if (code.startsWith('SQLITE_CONSTRAINT')) {
      throw new AppError('conflict', `a row of the bundle clashes with this data dir (${(error as Error).message}): an evidence item, scan, log scan or quarantined file of that id already belongs to another incident here; nothing was imported`);
    }
    throw error;
  }
}

/**
 * Imports a bundle as a set union of events. Checked first, in order: shape, signature, count and
 * head hash, the v1 chain, rows, secrets. An incident new here also needs a trusted signer, and is
 * written as the bundle holds it. For an incident already here, each event's own signature and
 * the verifier's membership check are the trust: the events this data dir lacks are merged, the
 * projection rebuilt, and the result must verify. Any refusal rolls everything back; the same
 * bundle again changes nothing.
 */
export function importBundle(ctx: ServiceContext, input: ParsedInput<'incident.import'>): ImportedBundle {
  const file = path.resolve(input.file);
  const trusted = [thisLaptopKey(ctx), ...(input.trustedKeys ?? []).map(givenKey)].filter((key): key is TrustedKey => key !== null);
  const bundle = readBundleFile(file);
  if (!bundleSignatureValid(bundle)) throw refused(file, 'its signature does not verify: the bundle was changed after it was signed');
  const id = bundle.incidentId;
  const here = () => findIncident(ctx.db, id) !== undefined || listRawEvents(ctx.db, id).length > 0 || hasIncidentRows(ctx.db, id);
  const signer = trustedSigner(bundle, trusted);
  if (!signer && !here()) throw untrusted(file, bundle);
  // The first signed event of an incident held here only unsigned founds it, and its founder decides
  // who may write (this laptop included): the same trust as a new incident.
  const unsignedHere = () => ctx.db.prepare('SELECT 1 FROM events WHERE incident_id = ? AND format_version = 2 LIMIT 1').get(id) === undefined;
  if (!signer && bundle.events.some(isSignedItem) && unsignedHere()) throw untrusted(file, bundle);
  const problem = bundleProblem(ctx, bundle);
  if (problem) throw refused(file, problem);

  const manifestFolder = path.join(ctx.dataDir, 'imports', id);
  // Always a path here, even for a manifest the bundle lacks (then nothing is there): a path from the
  // other laptop names some file on this one, which exporting the incident again would read into its bundle.
  const manifestFile = (evidenceId: string) => path.join(manifestFolder, `${evidenceId}.manifest.json`);
  const written: string[] = [];
  try {
    const newEvents = writeTransaction(ctx.db, () => {
      let evidenceAdded: string[];
      let added: number;
      if (here()) {
        const clash = genesisClash(ctx, bundle);
        if (clash) throw new AppError('conflict', `${id} is already in this data dir with a different history: ${clash}; nothing was imported`);
        added = mergeEvents(ctx, file, bundle);
        if (added === 0) return 0;
        evidenceAdded = [];
        insertRowsOf(file, () => {
          evidenceAdded = insertMissingBundleRows(ctx.db, id, bundle.tables, { manifestFile });
        });
        rebuildMerged(ctx, file, id, bundle);
      } else {
        if (!signer) throw untrusted(file, bundle);
        const claimed = collectedHereProblem(bundle, ctx.deviceId);
        if (claimed) throw refused(file, claimed);
        insertRowsOf(file, () => insertBundleRows(ctx.db, id, bundle.tables, { manifestFile }));
        added = mergeEvents(ctx, file, bundle);
        markDrill(ctx, id);
        evidenceAdded = bundle.tables.evidence_items.map((row) => String(row.id));
      }
      requireVerified(ctx, file, id);
      // Last, so a refusal above leaves no file behind; removed again if the commit fails.
      const manifests = bundle.manifests.filter((manifest) => manifest.content !== null && evidenceAdded.includes(manifest.evidenceId));
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
      return added;
    });
    if (newEvents > 0) ctx.emit({ type: 'incident.changed', incidentId: id });
    const signerLabel = signer?.label ?? `each event's own author (the bundle's key ${bundle.signature.publicKeyFingerprint.slice(0, 16)}… is not one this data dir trusts, which a merge does not need)`;
    return { incidentId: id, imported: newEvents > 0, events: bundle.eventCount, newEvents, headHash: bundle.headHash, keyFingerprint: bundle.signature.publicKeyFingerprint, signer: signerLabel };
  } catch (error) {
    for (const target of written) fs.rmSync(target, { force: true });
    throw error;
  }
}
