/**
 * `Intl.DurationFormat`, which Node 24 and current browsers have and TypeScript 5.9's library does
 * not yet describe: the part of it the video player uses (`components/VideoPlayer.astro`).
 */
declare namespace Intl {
  interface DurationFormatOptions {
    style?: 'long' | 'short' | 'narrow' | 'digital';
  }
  interface DurationInput {
    hours?: number;
    minutes?: number;
    seconds?: number;
  }
  class DurationFormat {
    constructor(locales?: string | string[], options?: DurationFormatOptions);
    format(duration: DurationInput): string;
  }
}
