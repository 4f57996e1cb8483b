/**
 * The ids around a form control (`Field.astro`): its hint and its error message, and the
 * `aria-describedby` that reads both. A script that shows an error writes it into `error`.
 *
 * @example fieldIds('registration-email') // { hint: 'registration-email-hint', error: 'registration-email-error', … }
 */
export function fieldIds(id: string, { hint = false }: { hint?: boolean } = {}) {
  const ids = { hint: `${id}-hint`, error: `${id}-error` };
  return { ...ids, describedBy: hint ? `${ids.hint} ${ids.error}` : ids.error };
}
