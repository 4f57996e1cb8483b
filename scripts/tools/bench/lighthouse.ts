/**
 * Lighthouse on every template (mobile, simulated throttling: Lighthouse's defaults), in Debian's
 * Chromium. Prints performance, accessibility, best practices and SEO scores, LCP and CLS next to
 * the goals of issue 4 (performance ≥ 95; accessibility, best practices, SEO 100; LCP ≤ 1.8 s;
 * CLS ≤ 0.05).
 *
 * Baseline, measured in the same run: a bare HTML page holding the Italian home page's text
 * (no stylesheet, no script), served from the same server — the best a page of that text can do.
 *
 *   npm run bench:lighthouse            (one locale per template: Italian)
 *   PRAXIS_BENCH_LOCALES=all npm run bench:lighthouse
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { config } from '@praxis/contract/config';
import { CHROMIUM_FLAGS, findChromium } from '../../local/throwaway/browser.ts';
import { templates } from '../../local/throwaway/templates.ts';
import { startBenchPortal } from './portal.ts';

interface Row {
  label: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  lcp: number;
  cls: number;
}

const score = (value: number | null | undefined) => Math.round((value ?? 0) * 100);

const portal = await startBenchPortal();
// The same closed-network flags as the browser tests: no calls home from Chromium itself.
const chrome = await chromeLauncher.launch({
  chromePath: findChromium(),
  chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
});
try {
  const home = readFileSync(join(portal.dist, 'it', 'index.html'), 'utf8');
  const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(home)?.[1] ?? '';
  const title = /<title>([^<]*)<\/title>/.exec(home)?.[1] ?? 'Praxis';
  mkdirSync(join(portal.dist, 'bench-baseline'), { recursive: true });
  writeFileSync(
    join(portal.dist, 'bench-baseline', 'index.html'),
    `<!doctype html><html lang="it-IT"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="description" content="Praxis"><link rel="icon" href="data:,"><title>${title}</title></head><body><main>${main}</main></body></html>`,
  );

  const allLocales = config().PRAXIS_BENCH_LOCALES;
  const targets: { label: string; path: string }[] = [{ label: 'baseline: bare HTML of the home page', path: '/bench-baseline/' }];
  for (const template of templates(portal.dist)) {
    const pages = Object.entries(template.pages).filter(([locale]) => allLocales || locale === 'it' || locale === '-');
    for (const [locale, path] of pages) targets.push({ label: `${template.route} (${locale})`, path });
  }

  const rows: Row[] = [];
  for (const target of targets) {
    const { path } = target;
    // Pages kept out of search engines on purpose (a registration's outcome, its manage page) are
    // not scored on being crawlable: their noindex is the point.
    const file = join(portal.dist, path, 'index.html');
    const noindex = existsSync(file) && /<meta name="robots" content="noindex/.test(readFileSync(file, 'utf8'));
    const label = noindex ? `${target.label} [noindex]` : target.label;
    const result = await lighthouse(`${portal.siteUrl}${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      ...(noindex ? { skipAudits: ['is-crawlable'] } : {}),
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
    const { categories, audits } = result.lhr;
    rows.push({
      label,
      performance: score(categories.performance?.score),
      accessibility: score(categories.accessibility?.score),
      bestPractices: score(categories['best-practices']?.score),
      seo: score(categories.seo?.score),
      lcp: (audits['largest-contentful-paint']?.numericValue ?? NaN) / 1000,
      cls: audits['cumulative-layout-shift']?.numericValue ?? NaN,
    });
    const failing = Object.values(audits).filter(
      (audit) =>
        audit.score !== null &&
        audit.score < 1 &&
        ['accessibility', 'best-practices', 'seo'].some((id) => categories[id]?.auditRefs.some((ref) => ref.id === audit.id && ref.weight > 0)),
    );
    if (failing.length > 0) console.log(`  ${label}: ${failing.map((audit) => audit.id).join(', ')}`);
  }

  const meets = (row: Row) =>
    row.performance >= 95 && row.accessibility === 100 && row.bestPractices === 100 && row.seo === 100 && row.lcp <= 1.8 && row.cls <= 0.05;
  console.log('\nLighthouse, mobile with simulated throttling (goals: perf ≥ 95, a11y/BP/SEO 100, LCP ≤ 1.8 s, CLS ≤ 0.05)');
  console.log('[noindex]: kept out of search engines on purpose, so SEO is scored without its crawlability audit');
  console.log(`${'page'.padEnd(46)} perf a11y   BP  SEO   LCP s    CLS`);
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(46)} ${String(row.performance).padStart(4)} ${String(row.accessibility).padStart(4)} ${String(row.bestPractices).padStart(4)} ${String(row.seo).padStart(4)} ${row.lcp.toFixed(2).padStart(7)} ${row.cls.toFixed(3).padStart(6)}  ${meets(row) ? 'meets goals' : 'BELOW GOALS'}`,
    );
  }
  console.log(`${rows.length - 1} template pages measured, ${rows.slice(1).filter((row) => !meets(row)).length} below the goals.`);
} finally {
  chrome.kill();
  await portal.stop();
}
