import { randomBytes } from 'node:crypto';
import t from 'tap';
import { decrypt, encrypt, newDataKey } from '../../src/personal-data/cipher.ts';

t.test('a message opens with its key and associated data, and with nothing else', async (t) => {
  const key = newDataKey();
  const message = encrypt(key, Buffer.from('Her first swim.'), 'text/org/person');

  t.equal(decrypt(key, message, 'text/org/person')?.toString(), 'Her first swim.');
  t.equal(decrypt(key, message, 'text/org/someone-else'), undefined, 'other associated data');
  t.equal(decrypt(randomBytes(32), message, 'text/org/person'), undefined, 'another key');
  const changed = message.slice(0, 20) + (message[20] === 'A' ? 'B' : 'A') + message.slice(21);
  t.equal(decrypt(key, changed, 'text/org/person'), undefined, 'a changed message');
});

t.test('no two messages share a nonce, across many blocks of nonces', async (t) => {
  const key = newDataKey();
  const nonces = new Set<string>();
  const messages = 2000;
  for (let i = 0; i < messages; i++) {
    const message = encrypt(key, Buffer.from(`text ${i}`), 'a');
    nonces.add(Buffer.from(message, 'base64url').subarray(0, 12).toString('hex'));
  }
  t.equal(nonces.size, messages);
});
