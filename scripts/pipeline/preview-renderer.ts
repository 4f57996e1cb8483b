/**
 * The preview renderer: the site's own pages, rendered on demand for one draft at a time.
 *
 * It is Astro's dev server over the site's sources, with the preview integration
 * (`site/preview/integration.ts`), kept warm in a process of its own beside the publisher. Astro's
 * dev server renders a page per request with the same layouts, components, dictionaries and
 * content schemas as the static build, and loads the published content once at start, for what a
 * draft links to (its event, its resources, its other languages). The site server passes
 * `/<locale>/preview/` to it (`site-server.ts`); nothing else reaches it, and it listens on loopback only.
 *
 * Known limit: the published content it holds is that of its start; an item published since then
 * is linked from a preview as it was then, or not at all, until the renderer restarts.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { astroCacheDir, root } from './paths.ts';
import { startProcess } from './processes.mjs';

export interface RunningPreviewRenderer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the renderer on `host:port` against the CMS at `env.PRAXIS_CMS_URL`, with the preview
 * secret of `env`; resolves when it answers.
 */
export async function startPreviewRenderer(
  env: NodeJS.ProcessEnv,
  { port, host = '127.0.0.1', quiet = false }: { port: number; host?: string; quiet?: boolean },
): Promise<RunningPreviewRenderer> {
  // Its own content store: the publisher's builds must neither read nor overwrite it.
  const cacheDir = `${astroCacheDir(env)}-preview`;
  mkdirSync(cacheDir, { recursive: true });
  // Astro's dev server serves no pages where it sees Vitest's variables (it takes itself for a test
  // run's): the renderer started by a test must not inherit them.
  const own = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('VITEST')));
  const renderer = await startProcess(process.execPath, [join(root, 'scripts', 'pipeline', 'preview-renderer-process.ts'), String(port), host], {
    cwd: root,
    // A server of the portal asks the npm registry nothing: no telemetry, no check for a newer Astro.
    env: { ...own, PRAXIS_ASTRO_CACHE_DIR: cacheDir, ASTRO_TELEMETRY_DISABLED: '1', ASTRO_DISABLE_UPDATE_CHECK: 'true' },
    output: quiet ? 'pipe' : 'inherit',
  });
  const url = `http://${host}:${port}`;
  try {
    await previewPageAnswers(url, renderer.child);
  } catch (error) {
    await renderer.stop();
    throw new Error(`${(error as Error).message}\n${renderer.output().trim()}`);
  }
  return { url, child: renderer.child, stop: () => renderer.stop() };
}

/**
 * Waits until the preview page itself answers (a link without a token gets its error page, marked
 * by the preview middleware): the dev server listens before its content is loaded and its pages
 * are served, and meanwhile answers every path with a bare 404.
 */
async function previewPageAnswers(url: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`the preview renderer exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/it/preview/`, { signal: AbortSignal.timeout(10_000) });
      await response.body?.cancel();
      if (response.headers.has('x-robots-tag')) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the preview renderer at ${url} did not serve its page within ${Math.round(timeoutMs / 1000)} s`);
}
