/**
 * A small, real, playable placeholder for a spot video whose footage a partner has not uploaded
 * yet: a title card as a WebM clip of the given length, and the same card as its poster.
 * Rendered by FFmpeg from the `@ffmpeg-installer` npm packages (the binary ships inside them).
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
const run = promisify(execFile);

/** Text for FFmpeg's drawtext filter: its own quoting, so any title is drawn as written. */
function drawtextValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/'/g, '\u2019').replace(/:/g, '\\:').replace(/%/g, '\\%');
}

export async function renderPlaceholderSpot({
  text,
  seconds,
  dir,
  name,
}: {
  text: string;
  seconds: number;
  dir: string;
  name: string;
}): Promise<{ video: string; poster: string }> {
  const card = `color=c=0x0b5c8c:s=640x360:d=${seconds}:r=5`;
  const filter = `drawtext=fontfile=${FONT}:text='${drawtextValue(text)}':fontcolor=white:fontsize=48:x=(w-text_w)/2:y=(h-text_h)/2`;
  const video = join(dir, `${name}.webm`);
  const poster = join(dir, `${name}-poster.png`);
  const common = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', card, '-vf', filter, '-fflags', '+bitexact', '-flags:v', '+bitexact'];
  await run(ffmpeg, [...common, '-c:v', 'libvpx', '-b:v', '60k', '-an', video]);
  await run(ffmpeg, [...common, '-frames:v', '1', poster]);
  return { video, poster };
}
