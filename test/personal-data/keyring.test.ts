import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStorage } from '../../src/storage/sqlite.ts';
import t from 'tap';
import {
  erasedText,
  Keyring,
  PersonErasedError,
  WrongMasterKeyError,
} from '../../src/personal-data/keyring.ts';
import { storages } from '../helpers/storage.ts';

const ORG = 'org-quillfeather-care';
const NIA = '6f0d5d0e-1a2b-4c3d-8e4f-000000000001';
const SAM = '6f0d5d0e-1a2b-4c3d-8e4f-000000000002';
const now = new Date('2026-11-30T09:00:00Z');

for (const [kind, open] of Object.entries(storages)) {
  t.test(`${kind}: sealing, opening and erasing`, async (t) => {
    const storage = await open(t);
    const masterKey = randomBytes(32);
    const keyring = new Keyring(storage.personKeys, masterKey, { cacheMs: 0 });
    await t.resolves(keyring.checkMasterKey(), 'any master key suits a store without keys');

    const sealForNia = await keyring.sealerFor(ORG, NIA, now);
    const sealForSam = await keyring.sealerFor(ORG, SAM, now);
    const nia = sealForNia('Nia likes the quiet pool.');
    const sam = sealForSam('Sam Sample');
    t.notMatch(nia, /quiet pool/, 'sealed text does not show the plaintext');
    t.not(sealForNia('Nia likes the quiet pool.'), nia, 'sealing twice gives two messages');

    const record = { finding: nia, author: { displayName: sam }, ids: [NIA], count: 3, none: null };
    t.same(
      await keyring.open(ORG, record),
      {
        finding: 'Nia likes the quiet pool.',
        author: { displayName: 'Sam Sample' },
        ids: [NIA],
        count: 3,
        none: null,
      },
      'opening finds every sealed text, however deep, and leaves the rest',
    );
    t.same(
      await keyring.open('org-elsewhere', { finding: nia }),
      { finding: erasedText },
      'text of one organisation does not open in another',
    );
    const tampered = nia.slice(0, -2) + (nia.endsWith('A') ? 'BB' : 'AA');
    t.same(await keyring.open(ORG, tampered), erasedText, 'a changed message does not open');
    t.same(
      await keyring.open(ORG, nia.replace(NIA, SAM)),
      erasedText,
      'a message moved to another person does not open with their key',
    );
    t.same(
      await keyring.open(ORG, nia.replace('\u0001', '')),
      nia.replace('\u0001', ''),
      'text without the control-character marker is plain text, whatever it looks like',
    );

    const again = new Keyring(storage.personKeys, masterKey, { cacheMs: 0 });
    t.same(await again.open(ORG, nia), 'Nia likes the quiet pool.', 'another instance opens it');
    t.same(
      (await again.sealerFor(ORG, NIA, now))('x').split(':')[2],
      NIA,
      'and seals with the same person’s key',
    );

    await keyring.erase(ORG, NIA, now);
    t.same(
      await again.open(ORG, record),
      {
        ...record,
        finding: erasedText,
        author: { displayName: 'Sam Sample' },
      },
      'after erasure every instance reads the placeholder; others are untouched',
    );
    await t.rejects(keyring.sealerFor(ORG, NIA, now), PersonErasedError, 'nothing more is sealed');
    t.same(
      (await storage.personKeys.find(ORG, [NIA])).get(NIA)?.wrappedKey,
      null,
      'the stored key is gone',
    );

    const wrongMaster = new Keyring(storage.personKeys, randomBytes(32), { cacheMs: 0 });
    await t.rejects(
      wrongMaster.checkMasterKey(),
      WrongMasterKeyError,
      'a store refuses to start with a master key that does not open its keys',
    );
    await t.resolves(again.checkMasterKey(), 'and starts with the right one');
    await t.rejects(
      wrongMaster.open(ORG, sam),
      /does not open with the configured master key/,
      'a wrong master key is an error, never a silent erasure',
    );
  });

  t.test(`${kind}: keys move between stores, erased ones too`, async (t) => {
    const from = await open(t);
    const masterKey = randomBytes(32);
    const keyring = new Keyring(from.personKeys, masterKey);
    const nia = (await keyring.sealerFor(ORG, NIA, now))('Her first swim.');
    await keyring.sealerFor(ORG, SAM, now);
    await keyring.erase(ORG, SAM, now);

    const to = await storages.sqlite(t);
    t.equal(await to.personKeys.restore(await from.personKeys.all()), 2, 'both rows move');
    t.equal(await to.personKeys.restore(await from.personKeys.all()), 0, 'and only once');
    t.same(
      await new Keyring(to.personKeys, masterKey).open(ORG, nia),
      'Her first swim.',
      'the text opens on the new store',
    );
    t.equal(
      (await to.personKeys.find(ORG, [SAM])).get(SAM)?.wrappedKey,
      null,
      'erased stays erased',
    );
  });
}

t.test('a destroyed key leaves no copy in the embedded store’s files', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'learning-log-erase-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const storage = openSqliteStorage(join(dir, 'learning-log.db'));
  t.teardown(() => storage.close());
  const keyring = new Keyring(storage.personKeys, randomBytes(32));

  await keyring.sealerFor(ORG, NIA, now);
  const wrapped = (await storage.personKeys.find(ORG, [NIA])).get(NIA)!.wrappedKey!;
  const files = () => contentsOf(dir);
  t.ok(files().includes(wrapped), 'before: the wrapped key is in the files');

  await keyring.erase(ORG, NIA, now);
  t.notOk(files().includes(wrapped), 'after: in neither the database nor its write-ahead log');
});

t.test(
  'an erasure beside a long reader answers at once, and clears the log after it',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'learning-log-erase-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'learning-log.db');
    const storage = openSqliteStorage(file);
    t.teardown(() => storage.close());
    const keyring = new Keyring(storage.personKeys, randomBytes(32));
    await keyring.sealerFor(ORG, NIA, now);
    const wrapped = (await storage.personKeys.find(ORG, [NIA])).get(NIA)!.wrappedKey!;

    // A backup, say, reading in one transaction from another connection.
    const backup = new Database(file, { readonly: true });
    t.teardown(() => backup.close());
    backup.exec('BEGIN');
    backup.prepare('SELECT count(*) FROM person_keys').get();

    const started = Date.now();
    await keyring.erase(ORG, NIA, now);
    t.ok(Date.now() - started < 1000, 'the erasure does not wait for the reader');

    backup.exec('COMMIT');
    const files = () => contentsOf(dir);
    const deadline = Date.now() + 5000;
    while (files().includes(wrapped) && Date.now() < deadline) await sleep(100);
    t.notOk(files().includes(wrapped), 'once the reader is done, the old key leaves the files');
  },
);

/** Every byte of every file in a folder, as text to search. */
function contentsOf(dir: string): string {
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('');
}

t.test(
  'texts sealed or opened a moment ago open without decrypting, until their key goes',
  async (t) => {
    // Counts every decryption in the process, the keyring's included: its import of
    // node:crypto follows the built-in module once synced.
    const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
    const original = crypto.createDecipheriv;
    let decrypts = 0;
    crypto.createDecipheriv = ((...args: Parameters<typeof original>) => {
      decrypts += 1;
      return original(...args);
    }) as typeof original;
    syncBuiltinESMExports();
    t.teardown(() => {
      crypto.createDecipheriv = original;
      syncBuiltinESMExports();
    });
    const storage = await storages.sqlite(t);
    const masterKey = randomBytes(32);
    const keyring = new Keyring(storage.personKeys, masterKey);

    const sealed = (await keyring.sealerFor(ORG, NIA, now))('Nia likes the quiet pool.');
    decrypts = 0;
    t.same(await keyring.open(ORG, { finding: sealed }), { finding: 'Nia likes the quiet pool.' });
    t.equal(decrypts, 0, 'what this keyring just sealed opens without decrypting');

    const elsewhere = (await new Keyring(storage.personKeys, masterKey).sealerFor(ORG, NIA, now))(
      'Sealed by another instance.',
    );
    decrypts = 0;
    await keyring.open(ORG, elsewhere);
    await keyring.open(ORG, [elsewhere, elsewhere]);
    t.equal(decrypts, 1, 'text sealed elsewhere is decrypted once, then kept with the key');

    await keyring.erase(ORG, NIA, now);
    t.same(
      await keyring.open(ORG, [sealed, elsewhere]),
      [erasedText, erasedText],
      'not past an erasure',
    );

    const brief = new Keyring(storage.personKeys, masterKey, { cacheMs: 20 });
    const later = (await brief.sealerFor(ORG, SAM, now))('Sam Sample');
    await sleep(40);
    decrypts = 0;
    t.same(await brief.open(ORG, later), 'Sam Sample');
    t.equal(decrypts, 2, 'nor past the key: once its period ends, key and text are read again');
  },
);
