import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStep, variantFiles } from '../../scripts/pipeline/images.ts';
import { pictureWidths } from '../../site/lib/pictures.ts';

/** Example images of the tests, as a media library would hold them. */
const LIBRARY: Record<string, { type: string; bytes: Buffer }> = {};

describe('the publish pipeline’s image step', () => {
  let server: Server;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  /** Requests the media library answered, by key. */
  const served: string[] = [];

  beforeAll(async () => {
    LIBRARY['copertina_1a2b.jpg'] = {
      type: 'image/jpeg',
      bytes: await sharp({ create: { width: 1000, height: 750, channels: 3, background: '#7a4b2a' } })
        .jpeg()
        .toBuffer(),
    };
    LIBRARY['logo_3c4d.png'] = {
      type: 'image/png',
      bytes: await sharp({ create: { width: 200, height: 100, channels: 4, background: '#1b6e5a' } })
        .png()
        .toBuffer(),
    };
    // The same bytes uploaded a second time, under another key.
    LIBRARY['logo_5e6f.png'] = LIBRARY['logo_3c4d.png'];
    server = createServer((request, response) => {
      const key = request.url!.replace('/uploads/', '');
      served.push(key);
      const file = LIBRARY[key];
      if (!file) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': file.type }).end(file.bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    env = { PRAXIS_CMS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    dir = mkdtempSync(join(tmpdir(), 'praxis-images-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const cover = { url: '/uploads/copertina_1a2b.jpg', mime: 'image/jpeg' };
  const logo = { url: '/uploads/logo_3c4d.png', mime: 'image/png' };
  const sameLogo = { url: '/uploads/logo_5e6f.png', mime: 'image/png' };

  it('makes each picture at the widths up to its own, in AVIF, WebP and its own format, named by its content hash, into the release as hard links', async () => {
    const step = new ImageStep(join(dir, 'cache'), env);
    await step.prepare([cover, logo, cover]);
    const prepared = step.picture(cover.url)!;
    expect(prepared).toMatchObject({ width: 1000, height: 750, fallback: 'jpg' });
    expect(prepared.hash).toMatch(/^[0-9a-f]{20}$/);
    expect(pictureWidths(1000)).toEqual([144, 320, 640, 1000]);
    expect(pictureWidths(2400)).toEqual([144, 320, 640, 1280]);
    expect(pictureWidths(100)).toEqual([100]);
    expect(step.picture(logo.url)).toMatchObject({ width: 200, height: 100, fallback: 'png' });
    // 4 widths × 3 formats for the cover, 2 × 3 for the logo; the cover asked for twice, made once.
    expect(step.report()).toEqual({ images: 2, encoded: 18, reused: 0 });

    const release = join(dir, 'release');
    step.linkInto(release);
    const files = readdirSync(join(release, 'images')).sort();
    expect(files).toEqual([...variantFiles(prepared), ...variantFiles(step.picture(logo.url)!)].sort());
    expect(files).toContain(`${prepared.hash}-640.avif`);
    for (const file of files) expect(statSync(join(release, 'images', file)).ino).toBe(statSync(join(dir, 'cache', file)).ino);
    const avif = await sharp(join(release, 'images', `${prepared.hash}-640.avif`)).metadata();
    expect(avif).toMatchObject({ format: 'heif', width: 640, height: 480 });
    expect((await sharp(join(release, 'images', `${prepared.hash}-320.webp`)).metadata()).format).toBe('webp');
  });

  it('encodes nothing, and reads nothing from the media library, for pictures an earlier build made', async () => {
    const before = served.length;
    const step = new ImageStep(join(dir, 'cache'), env);
    await step.prepare([cover, logo]);
    expect(step.report()).toEqual({ images: 2, encoded: 0, reused: 18 });
    expect(served.length).toBe(before);
    // The same bytes under another key: read once to know its hash, and found made.
    await step.prepare([sameLogo]);
    expect(step.picture(sameLogo.url)!.hash).toBe(step.picture(logo.url)!.hash);
    expect(step.report()).toEqual({ images: 3, encoded: 0, reused: 24 });
  });

  it('stops the build naming the image the media library does not have', async () => {
    const step = new ImageStep(join(dir, 'cache'), env);
    await expect(step.prepare([{ url: '/uploads/missing_0000.png', mime: 'image/png' }])).rejects.toThrow(
      /^image step: the media library answered 404 for http:\/\/127\.0\.0\.1:\d+\/uploads\/missing_0000\.png$/,
    );
  });
});
