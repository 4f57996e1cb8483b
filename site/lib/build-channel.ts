/**
 * What the pipeline's Astro process (`scripts/pipeline/astro-build.ts`) and the content loader that
 * runs inside its build tell each other, by function call: whether to fetch every entry again, and
 * what each collection's sync did. Astro loads the loader through Vite, as a module instance of its
 * own, so the channel is kept on `globalThis` rather than in a module variable. `astro build` run
 * alone has no channel.
 */
import type { SyncReport } from './cms-loader.ts';
import type { PreparedPicture } from './pictures.ts';

export interface BuildChannel {
  /** Fetch every entry again instead of only what changed. */
  fullRefresh: boolean;
  /** Called by the loader once per collection, when its sync is done. */
  contentSynced(report: SyncReport): void;
  /**
   * Called by the loader once per collection that shows pictures, with every image its entries
   * hold, before any page renders: the image step makes what is missing (`scripts/pipeline/images.ts`).
   */
  picturesUsed?(images: { url: string; mime: string }[]): Promise<void>;
  /** An image the image step prepared, by its URL in the media library. */
  picture?(url: string): PreparedPicture | undefined;
}

const KEY = Symbol.for('praxis.build-channel');

export function openBuildChannel(channel: BuildChannel): void {
  (globalThis as Record<symbol, unknown>)[KEY] = channel;
}

export function buildChannel(): BuildChannel | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as BuildChannel | undefined;
}
