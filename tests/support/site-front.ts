/**
 * One origin for the site and its API, as the portal's site server gives it: `/api/` goes to the
 * CMS, everything else to the static site. The registrant's manage link (built on the site's URL)
 * works only so; the browser journeys put this in front of `astro preview`.
 */
import { createServer, request as forward, type Server } from 'node:http';

export interface SiteFront {
  url: string;
  close(): Promise<void>;
}

export async function startSiteFront(port: number, site: string, cms: string): Promise<SiteFront> {
  const server: Server = createServer((incoming, outgoing) => {
    const upstream = new URL((incoming.url ?? '/').startsWith('/api/') ? cms : site);
    const proxied = forward({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    proxied.on('error', () => outgoing.destroy());
    incoming.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
