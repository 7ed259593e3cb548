import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a fresh 96-bit nonce per message, written as base64url of
 * nonce ‖ ciphertext ‖ tag. The associated data binds a message to where it
 * belongs (organisation and person), so it cannot be moved to another.
 */
const nonceBytes = 12;
const tagBytes = 16;
export const keyBytes = 32;

/*
 * Nonces are taken in turn from a block of random bytes drawn a few hundred
 * at a time: one call to the random source per block rather than one per
 * field, of which an entry seals ten. Each is used once, as if drawn alone.
 */
const noncesPerBlock = 256;
let nonces = Buffer.alloc(0);
let nextNonce = 0;

function freshNonce(): Buffer {
  if (nextNonce === nonces.length) {
    nonces = randomBytes(nonceBytes * noncesPerBlock);
    nextNonce = 0;
  }
  const nonce = nonces.subarray(nextNonce, nextNonce + nonceBytes);
  nextNonce += nonceBytes;
  return nonce;
}

export function encrypt(key: Buffer, plaintext: Buffer, associated: string): string {
  const nonce = freshNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(associated, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/** The plaintext, or undefined when the message was not made with this key and associated data. */
export function decrypt(key: Buffer, message: string, associated: string): Buffer | undefined {
  const bytes = Buffer.from(message, 'base64url');
  if (bytes.length < nonceBytes + tagBytes) return undefined;

  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, nonceBytes));
  decipher.setAAD(Buffer.from(associated, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
  try {
    return Buffer.concat([
      decipher.update(bytes.subarray(nonceBytes, bytes.length - tagBytes)),
      decipher.final(),
    ]);
  } catch {
    return undefined;
  }
}

export function newDataKey(): Buffer {
  return randomBytes(keyBytes);
}
