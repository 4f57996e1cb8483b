/** Captions as WebVTT (https://www.w3.org/TR/webvtt1/), the format `<track>` and Mux read. */
import { escapeText } from 'entities';

export interface Cue {
  /** "00:00:04.000" */
  start: string;
  end: string;
  text: string;
}

/** Renders cues to a WebVTT file; cue text is escaped so that it can never be read as markup. */
export function renderWebVtt(cues: Cue[]): string {
  const blocks = cues.map((cue, index) => `${index + 1}\n${cue.start} --> ${cue.end}\n${escapeText(cue.text.replace(/\s*\n\s*/g, ' '))}`);
  return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
}
