/**
 * The preview renderer's part of Astro: added only when the site runs as the preview renderer
 * (`scripts/pipeline/preview-renderer.ts`), never to the static build. It adds the page `/<locale>/preview/`
 * (`Preview.astro`), which renders one draft with the item page of its collection, and a middleware
 * that marks every answer of that page as a preview (`middleware.ts`).
 *
 * The draft's Markdown is rendered by the processor the build's content layer uses, with the same
 * options, so that its body reads as it will once published.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { MarkdownRender } from './markdown.ts';
import { setMarkdownRenderer } from './markdown.ts';
import { PREVIEW_PATTERN } from './preview-route.ts';

export function previewRenderer(): AstroIntegration {
  return {
    name: 'praxis-preview',
    hooks: {
      'astro:config:setup': ({ injectRoute, addMiddleware }) => {
        // Paths, not file URLs: Astro resolves an injected route's entry point as a path or package.
        injectRoute({ pattern: PREVIEW_PATTERN, entrypoint: fileURLToPath(new URL('./Preview.astro', import.meta.url)), prerender: false });
        addMiddleware({ entrypoint: fileURLToPath(new URL('./middleware.ts', import.meta.url)), order: 'pre' });
      },
      'astro:config:done': ({ config }) => {
        const { markdown, image } = config;
        let renderer: Promise<{ render: MarkdownRender }> | undefined;
        setMarkdownRenderer(async (body) => {
          // The options Astro's content layer passes, as it passes them (its declared types differ in detail).
          const options = {
            image,
            syntaxHighlight: markdown.syntaxHighlight,
            shikiConfig: markdown.shikiConfig,
            gfm: markdown.gfm,
            smartypants: markdown.smartypants,
          };
          renderer ??= markdown.processor.createRenderer(options as never) as Promise<{ render: MarkdownRender }>;
          return (await renderer).render(body, { frontmatter: {} });
        });
      },
    },
  };
}
