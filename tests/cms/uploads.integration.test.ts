import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSummaryPdf } from '../../scripts/local/pdf.ts';
import { createTestCms, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe(`uploads on ${testDatabase}`, () => {
  let cms: TestCms;

  beforeAll(async () => {
    cms = await createTestCms();
    await cms.start();
  });

  afterAll(async () => {
    await cms?.destroy();
  });

  async function upload(name: string, type: string, bytes: Buffer): Promise<{ status: number; body: any }> {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(bytes)], { type }), name);
    const response = await fetch(`${cms.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${await cms.adminToken()}` }, body: form });
    return { status: response.status, body: await response.json() };
  }

  async function storedFiles(): Promise<string[]> {
    const files = await cms.admin('/upload/files?pageSize=100');
    return (files.body.results as Array<{ name: string }>).map((file) => file.name);
  }

  it('accepts a PDF', async () => {
    const { bytes } = await renderSummaryPdf({ title: 'Esempio', paragraphs: ['Testo di esempio.'], lang: 'it-IT', footer: 'Praxis' });
    const result = await upload('esempio.pdf', 'application/pdf', bytes);
    expect(result.status).toBe(201);
    expect(await storedFiles()).toContain('esempio.pdf');
  });

  it.each([
    ['an SVG image', 'logo.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['an HTML page', 'pagina.html', 'text/html', Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>')],
    ['an HTML page disguised as a PDF', 'finto.pdf', 'application/pdf', Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>')],
    ['a Windows executable', 'programma.exe', 'application/x-msdownload', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512)])],
    ['a Linux executable', 'programma', 'application/octet-stream', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(512)])],
  ])('refuses %s with a message that says the type is not allowed, and stores nothing', async (_what, name, type, bytes) => {
    const result = await upload(name, type, bytes);
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.status).toBeLessThan(500);
    expect(result.body.error.message).toMatch(/not allowed|Cannot verify file type|its content is of another type/);
    expect(await storedFiles()).not.toContain(name);
  });

  it('refuses an image larger than images may be, saying the limit', async () => {
    const tooLarge = Buffer.concat([PNG_SIGNATURE, Buffer.alloc(11 * 1024 * 1024)]);
    const result = await upload('manifesto.png', 'image/png', tooLarge);
    expect(result.status).toBe(413);
    expect(result.body.error.message).toBe('manifesto.png is 11.0 MB; an image may be at most 10 MB.');
    expect(await storedFiles()).not.toContain('manifesto.png');
  });
});
