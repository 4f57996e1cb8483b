/**
 * What the stages of the publish pipeline hand each other: the publisher (or `npm run site:build`,
 * or the build benchmark) asks a site build process (`build-site.ts`) for a build and gets its
 * report; that process asks Astro's process (`astro-build.ts`) for the pages and hears, collection
 * by collection, what the content loader synced. Each stage is a process of its own so that the
 * memory it held is given back before the next one starts; requests and answers travel over the
 * processes' IPC channel (`runStage` in `processes.mjs`).
 *
 * A build answers before it ends: its report goes to the publisher, which puts the release live,
 * and only then does Astro's process write its content store, which the next build reads and this
 * one no longer needs (`content-store-saves.ts`). The publisher waits for that before it builds again.
 */
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { SyncReport } from '../../site/lib/cms-loader.ts';
import { root } from './paths.ts';
import { runAnsweringStage, SITE_BUILD_NODE_OPTIONS } from './processes.mjs';
import type { ImageReport } from './images.ts';
import type { AstroPhases } from './astro-phases.ts';
import type { StoreSaveTime } from './content-store-saves.ts';
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

/**
 * What the site build process tells its parent: its report (a failure is its exit code and last
 * line), then, when Astro's content store was held past the report, how long writing it took.
 */
export type SiteBuildAnswer = { type: 'built'; report: SiteBuildReport } | StoreSaved;

/** The content store written for the next build after the report (`content-store-saves.ts`). */
export interface StoreSaved {
  type: 'store-saved';
  seconds: number;
}

/** Astro's build, as the site build process asks for it. */
export interface AstroRequest {
  outDir: string;
  /** The site's public URL (Astro's `site`). */
  site: string;
  fullRefresh: boolean;
  /** Log errors only. */
  quiet: boolean;
  /**
   * Write the content store when the sync ends, or hold it until the site build process asks
   * (`SaveStore`), after its report; a build that reused no page writes it before answering, so
   * that its process's memory is given back before Pagefind starts.
   */
  saveStore: StoreSaveTime;
}

/** The site build process's word to Astro's that the store it held may be written now. */
export interface SaveStore {
  type: 'save-store';
}

/**
 * What Astro's process tells the site build process: each collection's sync, then that it is done,
 * with what its image step did, how many pages it linked from the build before (`linked-pages.ts`) and
 * where its time went (`astro-phases.ts`).
 */
export type AstroMessage =
  | { type: 'content-synced'; report: SyncReport }
  | { type: 'built'; images: ImageReport; reused: number; visited: number | undefined; phases: AstroPhases; storeHeld: boolean }
  | StoreSaved;

/**
 * Runs a site build in a process of its own and resolves with its report as soon as it has one;
 * rejects with the line that names the cause. `ended` settles when the process exits, with what it
 * printed and how long the content store it held past the report took to write (0 when none was
 * held): a failure there leaves the next build to start from the store of the build before.
 * `env` is the configuration of the build (the CMS's and the site's URLs…).
 */
export async function buildSiteInProcess(
  env: NodeJS.ProcessEnv,
  request: SiteBuildRequest,
  { onStart }: { onStart?: (child: ChildProcess) => void } = {},
): Promise<{ report: SiteBuildReport; ended: Promise<{ output: string; storeSeconds: number }> }> {
  let storeSeconds = 0;
  const { answer, ended } = await runAnsweringStage<SiteBuildRequest, SiteBuildAnswer>(
    [...SITE_BUILD_NODE_OPTIONS, join(root, 'scripts', 'pipeline', 'build-site.ts')],
    request,
    {
      cwd: root,
      env,
      isAnswer: (message) => message.type === 'built',
      onMessage: (message) => {
        if (message.type === 'store-saved') storeSeconds = message.seconds;
      },
      ...(onStart ? { onStart } : {}),
    },
  );
  if (answer.type !== 'built') throw new Error('the site build ended without a report');
  return { report: answer.report, ended: ended.then(({ output }) => ({ output, storeSeconds })) };
}
