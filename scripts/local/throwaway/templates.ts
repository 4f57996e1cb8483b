/**
 * The site's page templates and a built page of each per locale: what the page tests, the design
 * test and the benchmarks each visit, so that all of them cover every template.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { root } from '../../pipeline/paths.ts';

/** A page template: one file under `site/pages`, and the built pages it produced. */
export interface Template {
  /** The file's route, e.g. "[locale]/resources/[slug]". */
  route: string;
  /** One built page per locale (the first, in path order), e.g. { it: "/it/resources/guida/" }. */
  pages: Record<string, string>;
}

function* files(dir: string, name: (file: string) => boolean): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path, name);
    else if (name(entry.name)) yield path;
  }
}

/**
 * Every HTML template of the site with a sample page per locale, matched from the built pages by
 * the route patterns of `site/pages` (static segments win over parameters, as in Astro).
 */
export function templates(dist: string): Template[] {
  const pagesDir = join(root, 'site', 'pages');
  const routes = [...files(pagesDir, (name) => name.endsWith('.astro'))]
    .map((file) =>
      relative(pagesDir, file)
        .split(sep)
        .join('/')
        .replace(/\.astro$/, '')
        .replace(/(^|\/)index$/, ''),
    )
    .filter((route) => !/(^|\/)404$/.test(route))
    .map((route) => {
      const segments = route ? route.split('/') : [];
      const pattern = new RegExp(`^/${segments.map((segment) => (/^\[.+\]$/.test(segment) ? '[^/]+' : segment)).join('/')}${segments.length ? '/' : ''}$`);
      return { route: route || '/', pattern, dynamic: segments.filter((segment) => segment.startsWith('[')).length };
    })
    .sort((a, b) => a.dynamic - b.dynamic);
  const built = [...files(dist, (name) => name === 'index.html')]
    .map((file) => `/${relative(dist, file).split(sep).slice(0, -1).join('/')}/`.replace(/^\/\/$/, '/'))
    .filter((path) => !path.startsWith('/pagefind/'))
    .sort();
  const byRoute = new Map<string, Template>();
  for (const path of built) {
    const route = routes.find((candidate) => candidate.pattern.test(path));
    if (!route) continue;
    const locale = path.split('/')[1] || '-';
    const template = byRoute.get(route.route) ?? { route: route.route, pages: {} };
    template.pages[locale] ??= path;
    byRoute.set(route.route, template);
  }
  return [...byRoute.values()].sort((a, b) => a.route.localeCompare(b.route));
}
