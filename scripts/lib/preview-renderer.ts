/**
 * The preview renderer: the site's own pages, rendered on demand for one draft at a time.
 *
 * It is Astro's dev server over the site's sources, with the preview integration
 * (`site/preview/integration.ts`), kept warm in a process of its own beside the publisher. Astro's
 * dev server renders a page per request with the same layouts, components, dictionaries and
 * content schemas as the static build, and loads the published content once at start, for what a
 * draft links to (its event, its resources, its other languages). The site server passes
 * `/preview/` to it (`site-server.ts`); nothing else reaches it, and it listens on loopback only.
 *
 * Known limit: the published content it holds is that of its start; an item published since then
 * is linked from a preview as it was then, or not at all, until the renderer restarts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { astroCacheDir, root } from './paths.ts';
import { stopProcess, waitForHttp } from './processes.ts';

export interface RunningPreviewRenderer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the renderer on `host:port` against the CMS at `env.PRAXIS_CMS_URL`, with the preview
 * secret of `env`; resolves when it answers.
 */
export async function startPreviewRenderer(env: NodeJS.ProcessEnv, { port, host = '127.0.0.1', quiet = false }: { port: number; host?: string; quiet?: boolean }): Promise<RunningPreviewRenderer> {
  // Its own content store: the publisher's builds must neither read nor overwrite it.
  const cacheDir = `${astroCacheDir(env)}-preview`;
  mkdirSync(cacheDir, { recursive: true });
  const child = spawn(process.execPath, [join(root, 'scripts', 'lib', 'preview-renderer-process.ts'), String(port), host], {
    cwd: root,
    // A server of the portal asks the npm registry nothing: no telemetry, no check for a newer Astro.
    env: { ...env, PRAXIS_ASTRO_CACHE_DIR: cacheDir, ASTRO_TELEMETRY_DISABLED: '1', ASTRO_DISABLE_UPDATE_CHECK: 'true' },
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', quiet ? 'ignore' : 'inherit'],
  });
  const url = `http://${host}:${port}`;
  try {
    await waitForHttp(`${url}/preview/`, { child, timeoutMs: 180_000 });
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { url, child, stop: () => stopProcess(child) };
}
