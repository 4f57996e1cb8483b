/**
 * Page weight: for every template in every locale, the bytes a visitor's browser downloads on a
 * first, uncached load — HTML, CSS and JavaScript, compressed the way a static host serves them
 * (gzip level 6 and Brotli quality 11, computed here from the bodies Chromium received, because
 * the site server does not compress). Downloads, images and video are left out.
 *
 * Budget (issue 4): ≤ 30 KB per page, ≤ 5 KB of JavaScript on pages without search or video.
 * Baseline, measured in the same run: the same page's own text as a bare HTML document (no
 * stylesheet, no script), i.e. what the content weighs before the portal's layout and behaviour.
 *
 * The video page is measured a second time across the click on play: the player's bytes.
 *
 *   npm run bench:pages
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { localeCodes } from '@praxis/contract/locales';
import { launchChromium } from '../../local/throwaway/browser.ts';
import { templates } from '../../local/throwaway/templates.ts';
import { startBenchPortal } from './portal.ts';

const BUDGET_TOTAL = 30 * 1024;
const BUDGET_JS = 5 * 1024;

interface Weight {
  html: number;
  css: number;
  js: number;
  /** The same sum with Brotli instead of gzip. */
  brotli: number;
}

const gzip = (body: Buffer) => gzipSync(body, { level: 6 }).length;
const brotli = (body: Buffer) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(6);

/** Records the HTML, CSS and JS bodies a page receives from now on. */
function recordBodies(page: Page): () => Promise<Weight> {
  const pending: Promise<{ type: string; body: Buffer }>[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type === 'document' || type === 'stylesheet' || type === 'script')
      pending.push(
        response.body().then(
          (body) => ({ type, body }),
          () => ({ type, body: Buffer.alloc(0) }),
        ),
      );
  });
  return async () => {
    const bodies = await Promise.all(pending.splice(0));
    const weight: Weight = { html: 0, css: 0, js: 0, brotli: 0 };
    for (const { type, body } of bodies) {
      const size = gzip(body);
      if (type === 'document') weight.html += size;
      else if (type === 'stylesheet') weight.css += size;
      else weight.js += size;
      weight.brotli += brotli(body);
    }
    return weight;
  };
}

async function measure(browser: Browser, url: string): Promise<{ weight: Weight; bare: number; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const weigh = recordBodies(page);
  await page.goto(url, { waitUntil: 'networkidle' });
  const weight = await weigh();
  // The baseline: the page's title and main text as a bare HTML document.
  const bare = await page.evaluate(
    () =>
      `<!doctype html><html lang="${document.documentElement.lang}"><meta charset="utf-8"><title>${document.title}</title><main>${document.querySelector('main')?.innerHTML ?? ''}</main></html>`,
  );
  return { weight, bare: gzip(Buffer.from(bare)), page };
}

const portal = await startBenchPortal();
const browser = await launchChromium();
try {
  const rows: string[] = [];
  let over = 0;
  for (const template of templates(portal.dist)) {
    for (const [locale, path] of Object.entries(template.pages)) {
      const { weight, bare, page } = await measure(browser, `${portal.siteUrl}${path}`);
      const total = weight.html + weight.css + weight.js;
      // Search and video pages may carry more script; every page's total stays within budget.
      const scriptExempt = /search|videos\//.test(template.route);
      const ok = total <= BUDGET_TOTAL && (scriptExempt || weight.js <= BUDGET_JS);
      if (!ok) over += 1;
      rows.push(
        `${template.route.padEnd(38)} ${locale.padEnd(3)} ${kb(weight.html)} ${kb(weight.css)} ${kb(weight.js)} ${kb(total)} ${kb(weight.brotli)} ${kb(bare)} ${(total / bare).toFixed(1).padStart(5)}×  ${ok ? 'within' : 'OVER'}`,
      );
      await page.context().close();
    }
  }
  console.log('\nFirst load of every template, KB (gzip -6 unless noted; budget 30 KB, 5 KB JS without search/video)');
  console.log(`${'template'.padEnd(38)} loc    html    css     js  total brotli   bare  ratio`);
  for (const row of rows) console.log(row);
  console.log(`${rows.length} pages measured, ${over} over budget.`);

  // The catalogue's combined filter fetches its data once JavaScript runs: not in the table above,
  // which counts documents, stylesheets and scripts.
  console.log('\nCombined catalogue filter data (/{locale}/resources/facets.json), fetched by the catalogue page: raw and gzip -6');
  for (const locale of localeCodes) {
    const data = readFileSync(join(portal.dist, locale, 'resources', 'facets.json'));
    console.log(`${locale}  ${kb(data.length)} KB raw, ${kb(gzip(data))} KB gzip`);
  }

  // The offline field packs: the ZIP, and the search index inside it (budget: 50 KB compressed).
  console.log('\nOffline field packs: ZIP size, and the lunr index (pack-data.js) raw and gzip -9 (budget 50 KB compressed)');
  for (const locale of localeCodes) {
    const zip = readFileSync(join(portal.dist, locale, 'field-pack', `praxis-field-pack-${locale}.zip`));
    const data = unzipSync(new Uint8Array(zip), { filter: (file) => file.name === 'search/pack-data.js' })['search/pack-data.js']!;
    const indexGzip = gzipSync(data, { level: 9 }).length;
    console.log(
      `${locale}  zip ${kb(zip.length)} KB   index ${kb(data.length)} KB raw, ${kb(indexGzip)} KB gzip  ${indexGzip <= 50 * 1024 ? 'within' : 'OVER'}`,
    );
  }

  // The player: bytes before and after the click on play.
  const video = templates(portal.dist).find((template) => template.route.endsWith('videos/[slug]'));
  const path = video && Object.values(video.pages)[0];
  if (path) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const weigh = recordBodies(page);
    await page.goto(`${portal.siteUrl}${path}`, { waitUntil: 'networkidle' });
    const before = await weigh();
    await page.locator('.video-play').click();
    await page.locator('mux-player').waitFor();
    await page.waitForLoadState('networkidle');
    const after = await weigh();
    console.log(
      `\nVideo page ${path}: JavaScript before the click ${kb(before.js)} KB; player code loaded by the click ${kb(after.js)} KB gzip (${kb(after.brotli)} KB Brotli, all types).`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  await portal.stop();
}
