/**
 * An HTTP proxy in front of the test CMS that passes everything through, and can hold one request
 * until the test lets it go: a test can make something happen at an exact point of a build (after
 * the pages are made, before the release check reads the CMS) without timing it.
 */
import { createServer, request as forward, type Server } from 'node:http';

export interface GateProxy {
  url: string;
  /**
   * Holds the next request whose decoded path and query match, until `release` settles; resolves
   * when that request has arrived.
   */
  holdNext(matches: (path: string) => boolean, release: Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function startGateProxy(target: string): Promise<GateProxy> {
  const upstream = new URL(target);
  let gate: { matches: (path: string) => boolean; release: Promise<void>; arrived: () => void } | undefined;
  const server: Server = createServer((incoming, outgoing) => {
    const path = decodeURIComponent(incoming.url ?? '/');
    const held = gate?.matches(path) ? gate : undefined;
    if (held) {
      gate = undefined;
      held.arrived();
    }
    void (held?.release ?? Promise.resolve()).then(() => {
      const proxied = forward(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      proxied.on('error', () => outgoing.destroy());
      incoming.pipe(proxied);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    holdNext(matches, release) {
      return new Promise((arrived) => (gate = { matches, release, arrived }));
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
