import { randomUUID } from 'node:crypto';

/** An answer the demo did not expect: it stops, and shows the problem the service sent. */
export class UnexpectedAnswer extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(`${method} ${path} answered ${status}`);
    this.name = 'UnexpectedAnswer';
  }
}

export interface Answer<T> {
  body: T;
  etag: string | null;
}

export interface PostOptions {
  /** The status that means success; 201 unless the route says otherwise. */
  expect?: number;
  ifMatch?: string;
}

export interface Client {
  get<T>(path: string): Promise<Answer<T>>;
  post<T>(path: string, body?: unknown, options?: PostOptions): Promise<Answer<T>>;
}

/** A small HTTP client that speaks for whoever holds `key`; `signal` cuts every request short. */
export function clientFor(baseUrl: string, key: string, signal?: AbortSignal): Client {
  const send = async <T>(
    method: string,
    path: string,
    expect: number,
    body?: unknown,
    ifMatch?: string,
  ): Promise<Answer<T>> => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${key}`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // A fresh key per POST: were the demo to retry, the service would replay the first answer.
    if (method === 'POST') headers['idempotency-key'] = randomUUID();
    if (ifMatch !== undefined) headers['if-match'] = ifMatch;

    const payload = body === undefined ? null : JSON.stringify(body);
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: payload,
      signal: signal ?? null,
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? null : parseOr(text);
    if (response.status !== expect)
      throw new UnexpectedAnswer(method, path, response.status, parsed);

    return { body: parsed as T, etag: response.headers.get('etag') };
  };

  return {
    get: (path) => send('GET', path, 200),
    post: (path, body, options = {}) =>
      send('POST', path, options.expect ?? 201, body, options.ifMatch),
  };
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
