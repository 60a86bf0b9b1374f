import { createHash, createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actorKeyOf, canonicalBytes, hashEvent, signatureValid, signHash, type EventV2 } from '../../../src-main/domain/sync/eventV2';
import { verifyDag, type DagNode } from '../../../src-main/domain/sync/verifyDag';
import { ed25519FromSeed } from '../../support/dagReplica';

interface Vector {
  name: string;
  seed: string;
  actor_key: string;
  event: EventV2;
  canonical: string;
  sha256: string;
  sig: string;
}

const file = path.join(__dirname, '../../fixtures/event-vectors.json');
const { vectors } = JSON.parse(fs.readFileSync(file, 'utf8')) as { vectors: Vector[] };

describe('event format v2 test vectors (docs/event-format.md)', () => {
  it('cover a genesis, a merge of two parents, unicode, awkward numbers and key ordering', () => {
    expect(vectors.some((vector) => vector.event.parents.length === 0 && vector.event.type === 'incident.declared')).toBe(true);
    expect(vectors.some((vector) => vector.event.parents.length === 2)).toBe(true);
    expect(vectors.some((vector) => vector.canonical.includes('日本語'))).toBe(true);
    const numbers = vectors.find((vector) => vector.name === 'numbers')!;
    expect(Object.is(numbers.event.payload.negZero, -0)).toBe(true);
    expect(numbers.canonical).toContain('"big":1e+21');
    expect(numbers.canonical).toContain('"negZero":0');
  });

  for (const vector of vectors) {
    describe(vector.name, () => {
      it('canonicalises to the stated bytes, whose sha256 is the stated hash', () => {
        expect(canonicalBytes(vector.event).toString('utf8')).toBe(vector.canonical);
        // The hash is plain sha256 of the UTF-8 bytes: checked here without the code under test.
        expect(createHash('sha256').update(Buffer.from(vector.canonical, 'utf8')).digest('hex')).toBe(vector.sha256);
        expect(hashEvent(vector.event)).toBe(vector.sha256);
      });

      it('is signed by the seed key over the 32 hash bytes, deterministically', () => {
        const key = ed25519FromSeed(Buffer.from(vector.seed, 'hex'));
        expect(actorKeyOf(key)).toBe(vector.actor_key);
        expect(vector.event.actor_key).toBe(vector.actor_key);
        expect(signHash(vector.sha256, key)).toBe(vector.sig);
        expect(verify(null, Buffer.from(vector.sha256, 'hex'), createPublicKey(key), Buffer.from(vector.sig, 'base64url'))).toBe(true);
        expect(signatureValid(vector.sha256, vector.sig, vector.actor_key)).toBe(true);
      });

      it('no longer matches once one character of its canonical form changes', () => {
        const changed = vector.canonical.replace('"v":2', '"v":3');
        expect(createHash('sha256').update(changed).digest('hex')).not.toBe(vector.sha256);
        expect(signatureValid(createHash('sha256').update(changed).digest('hex'), vector.sig, vector.actor_key)).toBe(false);
      });
    });
  }

  it('the vectors form one incident that verifies ok: genesis, admission, fork, merge', () => {
    const nodes: DagNode[] = vectors.map((vector, index) => ({
      hash: vector.sha256,
      sig: vector.sig,
      seq: index + 1,
      formatVersion: 2,
      type: vector.event.type,
      event: vector.event,
      v1: null,
      parents: vector.event.parents,
      lamport: vector.event.lamport,
    }));
    const result = verifyDag({ incidentId: vectors[0]!.event.incident, nodes });
    expect(result.problems).toEqual([]);
    expect(result.verdict).toBe('ok');
    expect(result.heads).toEqual([vectors.at(-1)!.sha256]);
  });
});
