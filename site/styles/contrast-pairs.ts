/**
 * Every text or control colour the components draw on a background, by token name
 * (`site/styles/tokens.css`). tests/site/contrast.test.ts holds each pair to WCAG 2.2 AA: 4.5:1 for
 * text, 3:1 for large text and for what draws a control or a focus ring (1.4.11). A component that
 * puts a new colour on a background adds its pair here.
 */
export interface ContrastPair {
  /** The token of the text, border or ring. */
  foreground: string;
  /** The token of what it sits on. */
  background: string;
  /** text: 4.5:1; large (≥ 24px, or ≥ 18.5px bold) and ui (control borders, focus rings): 3:1. */
  kind: 'text' | 'large' | 'ui';
  /** Where the pair is used. */
  use: string;
}

const onLightBackgrounds = ['paper', 'surface', 'surface-sunken'] as const;

export const CONTRAST_PAIRS: ContrastPair[] = [
  ...onLightBackgrounds.flatMap((background): ContrastPair[] => [
    { foreground: 'ink', background, kind: 'text', use: 'body text, headings, table cells' },
    { foreground: 'ink-muted', background, kind: 'text', use: 'hints, dates, card meta, footer' },
    { foreground: 'brand', background, kind: 'text', use: 'links, secondary buttons, current menu item' },
    { foreground: 'danger', background, kind: 'text', use: 'error messages, danger buttons, error summary' },
    { foreground: 'line-strong', background, kind: 'ui', use: 'form field borders' },
    { foreground: 'focus', background, kind: 'ui', use: 'focus ring' },
  ]),
  { foreground: 'on-brand', background: 'brand', kind: 'text', use: 'primary buttons, the menu button' },
  { foreground: 'on-brand', background: 'brand-strong', kind: 'text', use: 'primary buttons on hover, the navigation band' },
  { foreground: 'focus-on-dark', background: 'brand-strong', kind: 'ui', use: 'focus ring in the navigation band' },
  { foreground: 'ink', background: 'brand-tint', kind: 'text', use: 'information notices' },
  { foreground: 'brand', background: 'brand-tint', kind: 'text', use: 'links in information notices' },
  { foreground: 'ink', background: 'warning-tint', kind: 'text', use: 'fallback notice, "not yet in this language" badge' },
  { foreground: 'warning', background: 'warning-tint', kind: 'text', use: '"not yet in this language" badge' },
  { foreground: 'brand', background: 'warning-tint', kind: 'text', use: 'links in the fallback notice' },
  { foreground: 'success', background: 'success-tint', kind: 'text', use: '"announced" badge, success notices' },
  { foreground: 'ink', background: 'success-tint', kind: 'text', use: 'success notices' },
  { foreground: 'danger', background: 'danger-tint', kind: 'text', use: 'error notices' },
  { foreground: 'ink', background: 'danger-tint', kind: 'text', use: 'error notices' },
  { foreground: 'ink', background: 'highlight', kind: 'text', use: 'search words highlighted in results' },
  { foreground: 'on-brand', background: 'exit-bar', kind: 'text', use: 'quick-exit bar hint' },
  { foreground: 'on-brand', background: 'exit-button', kind: 'text', use: 'quick-exit button' },
  { foreground: 'on-brand', background: 'exit-bar', kind: 'ui', use: 'quick-exit button border' },
  { foreground: 'focus-on-dark', background: 'exit-bar', kind: 'ui', use: 'focus ring in the quick-exit bar' },
  { foreground: 'on-brand', background: 'danger', kind: 'text', use: 'danger buttons on hover' },
  // The network's map (NetworkMap.astro): a country of the network against the land and the sea
  // around it; the focused country's saffron against a network neighbour, and its ink ring against land and sea.
  { foreground: 'brand', background: 'surface', kind: 'ui', use: 'a network country on the map, beside other land' },
  { foreground: 'brand', background: 'brand-tint', kind: 'ui', use: 'a network country on the map, by the sea' },
  { foreground: 'accent', background: 'brand', kind: 'ui', use: 'the focused country on the map, beside a network country' },
  { foreground: 'ink', background: 'surface', kind: 'ui', use: 'the focused country’s ring on the map, beside other land' },
  { foreground: 'ink', background: 'brand-tint', kind: 'ui', use: 'the focused country’s ring on the map, by the sea' },
];
