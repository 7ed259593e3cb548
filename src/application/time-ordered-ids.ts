import { randomFillSync } from 'node:crypto';
import { uuidText } from '../domain/uuid-text.ts';

/** Random bytes drawn a block at a time: one call to the random source per 256 ids. */
const block = Buffer.alloc(16 * 256);
let used = block.length;

/**
 * A new id: a time-ordered UUID (version 7), the milliseconds since 1970 in
 * its first 48 bits and 74 random bits after them. Ids made close together
 * sort close together, so each index of ids in the store gains its new keys
 * at one end, in pages a commit writes anyway, instead of on one random page
 * per id: with random ids, writing those pages was most of what a commit
 * cost. The instant in an id is when it was made, which the records it names
 * show openly anyway.
 */
export function timeOrderedId(now = Date.now()): string {
  if (used === block.length) {
    randomFillSync(block);
    used = 0;
  }
  const id = block.subarray(used, used + 16);
  used += 16;

  id.writeUIntBE(now, 0, 6);
  id[6] = (id[6]! & 0x0f) | 0x70;
  id[8] = (id[8]! & 0x3f) | 0x80;
  return uuidText(id);
}
