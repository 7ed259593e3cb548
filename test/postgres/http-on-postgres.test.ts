/**
 * The HTTP tests where the store matters most, run again on PostgreSQL as part
 * of every `npm test`: concurrency, idempotency, read-your-writes, the event
 * feed, documents, audit trails, the read log and the isolation of organisations. Each app
 * gets a fresh database.
 * `LEARNING_LOG_TEST_STORE=postgres npx tap test/http` runs all of them.
 */
process.env.LEARNING_LOG_TEST_STORE = 'postgres';

for (const file of [
  'smoke',
  'health',
  'api-key-lifecycle',
  'concurrency',
  'concurrency-streams',
  'concurrency-invariants',
  'idempotency',
  'idempotency-scope',
  'idempotency-crash',
  'idempotency-outage',
  'read-your-writes',
  'event-feed',
  'documents',
  'audit-trail',
  'read-audit',
  'erasure',
  'organisation-isolation',
]) {
  await import(`../http/${file}.test.ts`);
}
