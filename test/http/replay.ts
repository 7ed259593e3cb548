import type { LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';

export const withKey = (key: string) => ({ 'idempotency-key': key });
export const person = { kind: 'employee', displayName: 'Gil Sample' };

/** A replay is the first answer again, marked as a replay. */
export function assertReplay(
  t: Test,
  first: LightMyRequestResponse,
  again: LightMyRequestResponse,
  what: string,
): void {
  t.equal(again.statusCode, first.statusCode, `${what}: same status`);
  t.equal(again.body, first.body, `${what}: same body`);
  t.equal(again.headers.location, first.headers.location, `${what}: same Location`);
  t.equal(again.headers.etag, first.headers.etag, `${what}: same ETag`);
  t.equal(
    again.headers['content-type'],
    first.headers['content-type'],
    `${what}: same content type`,
  );
  t.equal(
    first.headers['idempotent-replayed'],
    undefined,
    `${what}: the first answer is no replay`,
  );
  t.equal(again.headers['idempotent-replayed'], 'true', `${what}: the retry is marked as a replay`);
}
