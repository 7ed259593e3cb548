import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { unknownId } from './fixtures.ts';

/** What a failing read model might throw: a revealing error, something that is no error, or nothing. */
const failures: Array<{ name: string; thrown: unknown }> = [
  { name: 'an error naming a table', thrown: new Error('SELECT secret_column FROM people_rows') },
  { name: 'a string', thrown: 'connection to db-internal-7 refused' },
  { name: 'an object with a status of its own', thrown: { statusCode: 418, message: 'teapot' } },
  { name: 'undefined', thrown: undefined },
  { name: 'null', thrown: null },
];

t.test('an unexpected failure answers a bare 500, whatever was thrown', async (t) => {
  const app = await buildTestApp(t);
  const directory = app.runtime.queries.directory;

  for (const { name, thrown } of failures) {
    directory.person = async () => {
      throw thrown;
    };
    const answer = await app.request({ method: 'GET', url: `/people/${unknownId}` });

    t.equal(answer.statusCode, 500, `${name}: 500`);
    t.match(answer.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`);
    t.same(
      answer.json(),
      {
        type: 'urn:learning-log:problem:internal-error',
        title: 'Something went wrong on our side.',
        status: 500,
        code: 'INTERNAL_ERROR',
      },
      `${name}: the catalogue's words and nothing else`,
    );
    t.notMatch(
      answer.body,
      /secret|db-internal|teapot|Cannot read|\bat \S+:\d+/,
      `${name}: no trace`,
    );
  }

  const logged = app.logLines.filter((line) => line.msg === 'request failed');
  t.equal(logged.length, failures.length, 'each failure is logged for the operators');
  t.match(logged[0], { level: 50, err: { message: /secret_column/ } }, 'with the error itself');
});

t.test('a store that cannot write now answers 503 STORE_UNAVAILABLE, not 500', async (t) => {
  const app = await buildTestApp(t);
  const directory = app.runtime.queries.directory;

  // What SQLite throws when the disk is full or read-only, a write fails, or the file is gone.
  for (const code of ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN']) {
    directory.person = async () => {
      throw Object.assign(new Error('database or disk is full'), { code });
    };
    const answer = await app.request({ method: 'GET', url: `/people/${unknownId}` });

    t.equal(answer.statusCode, 503, `${code}: 503`);
    t.match(answer.headers['content-type'], /^application\/problem\+json/, `${code}: problem+json`);
    t.equal(answer.json().code, 'STORE_UNAVAILABLE', `${code}: a code to act on`);
    t.equal(answer.headers['retry-after'], '1', `${code}: and when to try again`);
    t.notMatch(answer.body, /disk is full/, `${code}: nothing of the cause`);
  }

  const logged = app.logLines.filter((line) => line.status === 503);
  t.match(
    logged.map((line) => [line.level, line.msg, line.cause]),
    [
      [40, 'request refused', 'SQLITE_FULL'],
      [40, 'request refused', 'SQLITE_READONLY'],
      [40, 'request refused', 'SQLITE_IOERR_WRITE'],
      [40, 'request refused', 'SQLITE_CANTOPEN'],
    ],
    'each logged once as a warning naming the cause, so an outage does not flood the log',
  );
  t.notOk(
    logged.some((line) => 'err' in line),
    'without the error and its stack',
  );
});
