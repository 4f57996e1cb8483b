/**
 * What the stages of the publish pipeline hand each other: the publisher (or `npm run site:build`,
 * or the build benchmark) asks a site build process (`build-site.ts`) for a build and gets its
 * report; that process asks Astro's process (`astro-build.ts`) for the pages and hears, collection
 * by collection, what the content loader synced. Each stage is a process of its own so that the
 * memory it held is given back before the next one starts; requests and answers travel over the
 * processes' IPC channel (`runStage` in `processes.mjs`).
 */
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { SyncReport } from '../../site/lib/cms-loader.ts';
import { root } from './paths.ts';
import { runStage, SITE_BUILD_NODE_OPTIONS } from './processes.mjs';
import type { ImageReport } from './images.ts';
import type { AstroPhases } from './astro-phases.ts';
import type { SiteBuildReport } from './site.ts';

/** A site build, as the publisher asks for it. */
export interface SiteBuildRequest {
  /** Where the pages go (the publisher's staging folder). */
  outDir: string;
  /** Check the release against the CMS while the search index is built (`release-check.ts`). */
  check: boolean;
  /** Fetch every entry again instead of only what changed. */
  fullRefresh: boolean;
}

/** The site build process's answer: its report (a failure is its exit code and last line). */
export interface SiteBuildAnswer {
  type: 'built';
  report: SiteBuildReport;
}

/** Astro's build, as the site build process asks for it. */
export interface AstroRequest {
  outDir: string;
  /** The site's public URL (Astro's `site`). */
  site: string;
  fullRefresh: boolean;
  /** Log errors only. */
  quiet: boolean;
}

/**
 * What Astro's process tells the site build process: each collection's sync, then that it is done,
 * with what its image step did, how many pages it linked from the build before (`linked-pages.ts`) and
 * where its time went (`astro-phases.ts`).
 */
export type AstroMessage =
  | { type: 'content-synced'; report: SyncReport }
  | { type: 'built'; images: ImageReport; reused: number; visited: number | undefined; phases: AstroPhases };

/**
 * Runs a site build in a process of its own and resolves with its report and what it printed;
 * rejects with the line that names the cause. `env` is the configuration of the build (the CMS's
 * and the site's URLs…).
 */
export async function buildSiteInProcess(
  env: NodeJS.ProcessEnv,
  request: SiteBuildRequest,
  { onStart }: { onStart?: (child: ChildProcess) => void } = {},
): Promise<{ report: SiteBuildReport; output: string }> {
  const { answer, output } = await runStage<SiteBuildRequest, SiteBuildAnswer>(
    [...SITE_BUILD_NODE_OPTIONS, join(root, 'scripts', 'pipeline', 'build-site.ts')],
    request,
    { cwd: root, env, ...(onStart ? { onStart } : {}) },
  );
  if (answer?.type !== 'built') throw new Error('the site build ended without a report');
  return { report: answer.report, output };
}
