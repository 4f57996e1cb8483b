/**
 * Bodies come from partners through the CMS, and whatever they paste must not run in a visitor's
 * browser nor make it call another host: the HTML rendered from their Markdown keeps text
 * formatting, lists, tables, headings, images and links, and loses scripts, event handlers, styles,
 * forms, frames and embeds. Links keep only https, mailto and tel addresses and the site's own
 * paths (`LINK_SCHEMES` of the content contract, which the CMS enforces at save time too); any other
 * link becomes its text. Images come only from the portal's media library: an image from elsewhere
 * becomes a plain link to it (https) or its text, so that a page never loads from another host.
 */
import sanitizeHtml from 'sanitize-html';
import { linkProblem, mediaPath } from '@praxis/contract/content-rules';
import { cmsOrigins, mediaUrl } from './cms-media.ts';

/** Where a link or image of the media library goes on a page: the file on the site's own origin (`/media/…`). */
function mediaTarget(target: string): string | undefined {
  const path = mediaPath(target, cmsOrigins());
  return path === undefined ? undefined : mediaUrl(path);
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'strong',
    'em',
    'b',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'small',
    'abbr',
    'cite',
    'q',
    'code',
    'pre',
    'kbd',
    'mark',
    'a',
    'img',
    'figure',
    'figcaption',
    'table',
    'caption',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'span',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'hreflang', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    abbr: ['title'],
    '*': ['id', 'lang', 'dir'],
  },
  // The transforms below decide which links and images stay; the CMS's own files may be served over http locally.
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      const media = href === undefined ? undefined : mediaTarget(href);
      // A link that leaves Praxis tells the other site nothing about the reader.
      if (media !== undefined) return { tagName, attribs: { ...rest, href: media, rel: 'noreferrer' } };
      if (href === undefined || linkProblem(href) !== undefined) return { tagName: 'span', attribs: rest };
      return { tagName, attribs: { ...rest, href, rel: 'noreferrer' } };
    },
    img: (tagName, attribs) => {
      const media = attribs.src === undefined ? undefined : mediaTarget(attribs.src);
      if (media !== undefined) return { tagName, attribs: { ...attribs, src: media } };
      // An image from another host is not loaded: the reader may follow a link to it.
      const text = attribs.alt || attribs.title || attribs.src || '';
      if (attribs.src !== undefined && linkProblem(attribs.src) === undefined && /^https:/i.test(attribs.src)) {
        return { tagName: 'a', attribs: { href: attribs.src, rel: 'noreferrer' }, text };
      }
      return { tagName: 'span', attribs: {}, text };
    },
  },
};

/** The HTML a partner's Markdown may show on Praxis; `h1` is the page's own title, so theirs becomes `h2`. */
export function safeHtml(html: string): string {
  return sanitizeHtml(html.replace(/<(\/?)h1\b/gi, '<$1h2'), OPTIONS);
}

/**
 * Text for places that show no markup, such as a feed's description, which feed readers render as
 * HTML: every tag is dropped and what remains is escaped, so `<img onerror=…>` arrives as nothing and
 * "a < b" as "a &lt; b", which a reader shows as written.
 */
export function plainText(text: string): string {
  return sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} });
}
