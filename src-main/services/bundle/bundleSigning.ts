import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { signedBytes, type Bundle, type BundleBody } from '../../domain/bundle/bundleFormat';
import { publicKeyFingerprint } from '../evidence/evidenceSigning';

/** Signs the canonical JSON of everything else with the evidence key, naming the key. */
export function signBundle(body: BundleBody, privateKey: KeyObject): Bundle {
  const publicKey = createPublicKey(privateKey);
  return {
    ...body,
    signature: {
      algorithm: 'ed25519',
      publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      publicKeyFingerprint: publicKeyFingerprint(publicKey),
      value: sign(null, signedBytes(body), privateKey).toString('base64'),
    },
  };
}

/** Whether the signature holds for the key the bundle carries, and that key is the one it names. */
export function bundleSignatureValid(bundle: Bundle): boolean {
  const { signature, ...body } = bundle;
  try {
    const publicKey = createPublicKey({ key: Buffer.from(signature.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (publicKey.asymmetricKeyType !== 'ed25519' || publicKeyFingerprint(publicKey) !== signature.publicKeyFingerprint) return false;
    return verify(null, signedBytes(body), publicKey, Buffer.from(signature.value, 'base64'));
  } catch {
    return false;
  }
}
