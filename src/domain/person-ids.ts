import { createHash } from 'node:crypto';

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
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
