import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../../scripts/pipeline/paths.ts';
import { CONTRAST_PAIRS } from '../../site/styles/contrast-pairs.ts';

const tokensFile = join(root, 'site', 'styles', 'tokens.css');
const tokens = readFileSync(tokensFile, 'utf8');
/** The palette as the tokens file has it: `--color-<name>: #rrggbb`. */
const palette = new Map([...tokens.matchAll(/--color-([\w-]+):\s*(#[0-9a-f]{6}(?:[0-9a-f]{2})?)\b/gi)].map((match) => [match[1]!, match[2]!.toLowerCase()]));

/** WCAG 2.x relative luminance of an sRGB colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((start) => parseInt(hex.slice(start, start + 2), 16) / 255)
    .map((value) => (value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** The site's stylesheets and components, and the CMS's pages that wear the site's classes. */
function styledFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return styledFiles(path);
    return /\.(css|astro|ts)$/.test(entry.name) ? [path] : [];
  });
}

describe('the design tokens', () => {
  it('reads the palette from the tokens file', () => {
    expect(palette.size).toBeGreaterThan(10);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it.each(CONTRAST_PAIRS.map((pair) => [`${pair.foreground} on ${pair.background} (${pair.use})`, pair] as const))('passes WCAG AA: %s', (_name, pair) => {
    const foreground = palette.get(pair.foreground);
    const background = palette.get(pair.background);
    expect(foreground, `--color-${pair.foreground} in tokens.css`).toBeDefined();
    expect(background, `--color-${pair.background} in tokens.css`).toBeDefined();
    const needed = pair.kind === 'text' ? 4.5 : 3;
    expect(contrast(foreground!, background!)).toBeGreaterThanOrEqual(needed);
  });

  it('is the one home of colours: components name tokens that exist, and write no colour of their own', () => {
    const problems: string[] = [];
    for (const file of styledFiles(join(root, 'site'))) {
      if (file === tokensFile || file.endsWith('contrast-pairs.ts')) continue;
      const text = readFileSync(file, 'utf8');
      const name = relative(root, file);
      for (const [, token] of text.matchAll(/var\(--color-([\w-]+)/g)) if (!palette.has(token!)) problems.push(`${name}: --color-${token} is not a token`);
      // A colour literal in a style: a hex value after a colon (`color: #fff`), or rgb()/hsl().
      for (const [literal] of text.matchAll(/:\s*(?:#[0-9a-f]{3,8}\b|(?:rgb|hsl)a?\()/gi)) problems.push(`${name}: ${literal.trim()} outside tokens.css`);
    }
    expect(problems).toEqual([]);
  });
});
