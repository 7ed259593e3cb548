import type { FastifyInstance } from 'fastify';
import { connect, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import { answerClientError } from '../../src/http/client-errors.ts';
import { buildTestApp } from '../helpers/app.ts';
import { assertProblem } from './fixtures.ts';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes over a real connection and reads the answer until the server closes it. */
async function exchange(port: number, send: (socket: Socket) => void): Promise<RawAnswer> {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  await new Promise((resolve) => socket.once('connect', resolve));
  send(socket);
  await new Promise((resolve) => socket.once('close', resolve));
  return parse(Buffer.concat(chunks).toString('utf8'));
}

function parse(text: string): RawAnswer {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

function assertRawProblem(t: Test, answer: RawAnswer, status: number, code: string): void {
  t.equal(answer.status, status, `${code}: status ${status}`);
  t.match(answer.headers['content-type'], /^application\/problem\+json/, `${code}: problem+json`);
  t.equal(answer.headers['cache-control'], 'no-store', `${code}: with the security headers`);
  const body = answer.body.startsWith('{') ? JSON.parse(answer.body) : {};
  t.match(body, { code, status }, `${code}: the stable code`);
}

async function listening(t: Test) {
  const testApp = await buildTestApp(t);
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const address = testApp.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return { ...testApp, port: address.port };
}

t.test('the server bounds how long a request may take to arrive', async (t) => {
  const { app } = await buildTestApp(t);
  t.equal(app.server.requestTimeout, 30_000, 'the whole request within 30 s');
  t.ok(app.server.headersTimeout > 0, 'headers within a bounded time too');
  t.equal(app.server.keepAliveTimeout, 72_000, 'an idle kept-alive connection closes after 72 s');
});

t.test('what the HTTP parser refuses is answered as problem+json', async (t) => {
  const { port, logText } = await listening(t);

  const garbage = await exchange(port, (socket) => socket.write('HELLO THERE\r\n\r\n'));
  assertRawProblem(t, garbage, 400, 'MALFORMED_REQUEST');

  const huge = await exchange(port, (socket) =>
    socket.write(
      `GET /health/live HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ll_0_${'s'.repeat(20_000)}\r\n\r\n`,
    ),
  );
  assertRawProblem(t, huge, 431, 'HEADERS_TOO_LARGE');
  t.notOk(logText().includes('sssssssssssssssssss'), 'the raw request is not logged');
});

t.test('a request that does not arrive in time is answered 408', async (t) => {
  const { app } = await buildTestApp(t);
  let written = '';
  const socket = {
    destroyed: false,
    writable: true,
    write: (data: string) => (written += data),
    destroy: () => {},
  };
  const timeout = Object.assign(new Error('request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });

  answerClientError.call(app as FastifyInstance, timeout, socket as unknown as Socket);
  assertRawProblem(t, parse(written), 408, 'REQUEST_TIMEOUT');

  // A 401 goes out before the body is read; a body that then stalls must not get a second answer.
  written = '';
  let destroyed = false;
  const answered = {
    ...socket,
    _httpMessage: { headersSent: true },
    destroy: () => (destroyed = true),
  };
  answerClientError.call(app as FastifyInstance, timeout, answered as unknown as Socket);
  t.equal(written, '', 'a connection already answered gets no second answer');
  t.ok(destroyed, 'it is closed instead');
});

t.test('a streamed body over the limit is cut off with 413', async (t) => {
  const { port, keyFor, eventCount } = await listening(t);
  const key = await keyFor('admin');
  const before = await eventCount();

  const answer = await exchange(port, (socket) => {
    socket.write(
      `POST /people HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
    );
    const chunk = (text: string) => socket.write(`${text.length.toString(16)}\r\n${text}\r\n`);
    chunk('{"kind":"employee","displayName":"');
    for (let i = 0; i < 5; i += 1) chunk('x'.repeat(64 * 1024));
    chunk('"}');
    socket.end('0\r\n\r\n');
  });
  assertRawProblem(t, answer, 413, 'PAYLOAD_TOO_LARGE');
  t.equal(await eventCount(), before, 'nothing written');
});

t.test('a path the router cannot read still carries the security headers', async (t) => {
  const app = await buildTestApp(t);
  for (const url of ['/people/%zz', `/people/${'a'.repeat(500)}`]) {
    const answer = await app.request({ method: 'GET', url });
    assertProblem(t, answer, 400, 'MALFORMED_URL');
    t.equal(answer.headers['x-content-type-options'], 'nosniff', `${url.slice(0, 20)}: nosniff`);
    t.equal(answer.headers['cache-control'], 'no-store', `${url.slice(0, 20)}: no-store`);
  }
});
