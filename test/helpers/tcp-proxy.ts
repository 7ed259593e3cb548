import { createConnection, createServer, type Socket } from 'node:net';
import type { Test } from 'tap';

/**
 * A loopback TCP relay in front of a database, for network faults the
 * database itself cannot show: connections cut in both directions at once,
 * a network that takes new connections but carries nothing for a while, and
 * one that stops carrying what is sent on open connections.
 */
export interface TcpProxy {
  /** `url` with its host and port replaced by the relay's. */
  readonly url: string;
  /** Ends every connection open now, as a dropped network would. */
  cut(): void;
  /** New connections are accepted but carry nothing until `release`. */
  hold(): void;
  release(): void;
  /** Bytes on open connections are kept back, in order, until `thaw`; closing still goes through. */
  freeze(): void;
  thaw(): void;
}

export async function tcpProxy(t: Test, target: string): Promise<TcpProxy> {
  const upstream = new URL(target);
  const open = new Set<Socket>();
  const connecting = new Gate();
  const carrying = new Gate();

  const relay = (client: Socket): void => {
    const server = createConnection({ host: upstream.hostname, port: Number(upstream.port) });
    for (const socket of [client, server]) {
      open.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        server.destroy();
      });
    }
    forward(client, server);
    forward(server, client);
  };
  const forward = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => carrying.pass(() => to.write(chunk)));
  };

  const listener = createServer((client) => {
    open.add(client);
    client.on('error', () => {});
    client.on('close', () => open.delete(client));
    // A client that gave up waiting (its connection timeout) is not connected later.
    connecting.pass(() => client.destroyed || relay(client));
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        listener.close(() => resolve());
      }),
  );

  const address = listener.address();
  const url = new URL(target);
  url.host = `127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return {
    url: url.toString(),
    cut() {
      for (const socket of open) socket.destroy();
    },
    hold: () => connecting.close(),
    release: () => connecting.open(),
    freeze: () => carrying.close(),
    thaw: () => carrying.open(),
  };
}

/** Lets work through at once while open; while closed, keeps it in order until opened. */
class Gate {
  #waiting: Array<() => void> | undefined;

  pass(work: () => void): void {
    if (this.#waiting === undefined) work();
    else this.#waiting.push(work);
  }

  close(): void {
    this.#waiting ??= [];
  }

  open(): void {
    const waiting = this.#waiting ?? [];
    this.#waiting = undefined;
    for (const work of waiting) work();
  }
}
