import { createHash } from 'node:crypto';
import { uuidText } from './uuid-text.ts';

/** A fixed namespace for the name-based ids below. */
const externalRefNamespace = Buffer.from('6c1f0a7e94b84d2a9e53b1c07d2f8a41', 'hex');

/**
 * The id of the person an organisation registers under an external reference:
 * a name-based UUID (version 5) of the organisation and the reference. Two
 * registrations of one reference, racing on different instances, so write to
 * the same stream, and the store lets only one of them create it.
 */
export function personIdForExternalRef(tenant: string, externalRef: string): string {
  const hash = createHash('sha1')
    .update(externalRefNamespace)
    .update(JSON.stringify([tenant, externalRef]))
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  return uuidText(hash);
}
