/** A real HTTP server on 127.0.0.1 for fetcher tests, counting every connection it accepts. */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface TestServer {
  base: string;
  port: number;
  /** TCP connections accepted so far. */
  connections: number;
  /** Request headers of every request, in order. */
  seen: http.IncomingHttpHeaders[];
  /** Resolves when every socket accepted so far has closed. */
  socketsClosed(): Promise<void>;
  close(): Promise<void>;
}

export async function serve(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  host = '127.0.0.1',
): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const closed: Promise<void>[] = [];
  const server = http.createServer((req, res) => {
    state.seen.push(req.headers);
    handler(req, res);
  });
  const state: TestServer = {
    base: '',
    port: 0,
    connections: 0,
    seen: [],
    socketsClosed: () => Promise.all(closed).then(() => undefined),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket: Socket) => {
    state.connections++;
    sockets.add(socket);
    closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  state.port = (server.address() as AddressInfo).port;
  state.base = `http://${host}:${state.port}`;
  return state;
}

/** Writes `total` bytes of `chunk` repeatedly, honouring backpressure, until done or the peer leaves. */
export function stream(res: http.ServerResponse, chunk: Buffer, total: number): void {
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}
