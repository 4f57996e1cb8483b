/** The language versions of one CMS document, as links for the switcher and `hreflang`. */
import type { Alternate } from '@praxis/contract/urls';

interface Versioned {
  data: { documentId: string; locale: string; slug: string };
}

/** Every real translation of `entry` among `all`, linked with `url`. */
export function versionsOf<T extends Versioned>(entry: T, all: readonly T[], url: (locale: string, slug: string) => string): Alternate[] {
  return all
    .filter((other) => other.data.documentId === entry.data.documentId)
    .map((other) => ({ locale: other.data.locale, href: url(other.data.locale, other.data.slug) }));
}
