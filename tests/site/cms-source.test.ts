import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cmsSource } from '../../site/lib/cms-source.ts';

let server: Server | undefined;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A CMS stand-in whose first `drops` requests lose their connection before any answer. */
async function flakyCms(drops: number): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  server = createServer((request, response) => {
    requests++;
    if (requests <= drops) {
      request.socket.destroy();
      return;
    }
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ data: [{ documentId: 'a1', updatedAt: '2026-01-01T00:00:00.000Z' }], meta: { pagination: { pageCount: 1 } } }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests: () => requests };
}

describe('reading the CMS', () => {
  it('sends a request again when its connection is closed before the answer', async () => {
    const cms = await flakyCms(2);
    const listed = await cmsSource(cms.url).list('resources', 'it', []);
    expect(listed.map((entry) => entry.documentId)).toEqual(['a1']);
    expect(cms.requests()).toBe(3);
  });

  it('stops with one line naming the CMS when the connection keeps failing', async () => {
    const cms = await flakyCms(Infinity);
    await expect(cmsSource(cms.url).list('resources', 'ro', [])).rejects.toThrow(new RegExp(`^CMS unreachable at ${cms.url.replace(/\./g, '\\.')} \\(.+\\) while reading resources in "ro"$`));
    expect(cms.requests()).toBe(3);
  });
});
