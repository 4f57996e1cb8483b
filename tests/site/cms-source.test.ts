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
    await expect(cmsSource(cms.url).list('resources', 'ro', [])).rejects.toThrow(
      new RegExp(`^CMS unreachable at ${cms.url.replace(/\./g, '\\.')} \\(.+\\) while reading resources in "ro"$`),
    );
    expect(cms.requests()).toBe(3);
  });
});

/** A CMS stand-in serving `pageCount` pages of one entry each; `seen(n)` resolves once page n is asked for. */
async function pagedCms(pageCount: number, failing?: number): Promise<{ url: string; seen: (page: number) => Promise<void> }> {
  const waiting = new Map<number, () => void>();
  const asked = new Set<number>();
  const seen = (page: number) => (asked.has(page) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(page, resolve)));
  server = createServer((request, response) => {
    const page = Number(new URL(request.url!, 'http://cms').searchParams.get('pagination[page]'));
    asked.add(page);
    waiting.get(page)?.();
    response.statusCode = page === failing ? 500 : 200;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ data: [{ documentId: `d${page}` }], meta: { pagination: { pageCount } } }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

describe('reading the CMS a page at a time', () => {
  it('hands over each page as it arrives and asks for the next one meanwhile', async () => {
    const cms = await pagedCms(3);
    const received: string[] = [];
    for await (const page of cmsSource(cms.url).pages('resources', 'it', '')) {
      received.push(...page.map((entry) => (entry as { documentId: string }).documentId));
      // Without the request for the next page already sent, this would wait for ever.
      if (received.length < 3) await cms.seen(received.length + 1);
    }
    expect(received).toEqual(['d1', 'd2', 'd3']);
  });

  it('stops with the cause when a later page fails', async () => {
    const cms = await pagedCms(3, 2);
    const received: unknown[] = [];
    const reading = (async () => {
      for await (const page of cmsSource(cms.url).pages('resources', 'pt', '')) received.push(...page);
    })();
    await expect(reading).rejects.toThrow(/^CMS answered 500 for resources in "pt"/);
    expect(received).toHaveLength(1);
  });
});
