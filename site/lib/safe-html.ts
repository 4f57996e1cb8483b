/**
 * Bodies come from partners through the CMS, and whatever they paste must not run in a visitor's
 * browser: the HTML rendered from their Markdown keeps text formatting, lists, tables, headings,
 * images and links, and loses scripts, event handlers, styles, forms, frames, embeds and any
 * link that is not http(s), mailto or tel.
 */
import sanitizeHtml from 'sanitize-html';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'strong', 'em', 'b', 'i', 'u', 's', 'sub', 'sup', 'small', 'abbr', 'cite', 'q', 'code', 'pre', 'kbd', 'mark', 'a', 'img', 'figure', 'figcaption', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title', 'hreflang', 'rel'], img: ['src', 'alt', 'title', 'width', 'height'], th: ['scope', 'colspan', 'rowspan'], td: ['colspan', 'rowspan'], abbr: ['title'], '*': ['id', 'lang', 'dir'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // A link that leaves Praxis tells the other site nothing about the reader.
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noreferrer' }) },
};

/** The HTML a partner's Markdown may show on Praxis; `h1` is the page's own title, so theirs becomes `h2`. */
export function safeHtml(html: string): string {
  return sanitizeHtml(html.replace(/<(\/?)h1\b/gi, '<$1h2'), OPTIONS);
}
