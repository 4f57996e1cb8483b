/**
 * Hands the build's Markdown processor from the preview integration (Node) to the preview page
 * (Vite's module runner, same process): they load this file as two modules, so the renderer is
 * kept on `globalThis`.
 */
export type MarkdownRender = (body: string, options: { frontmatter: Record<string, unknown> }) => Promise<{ code: string }>;

const KEY = Symbol.for('praxis.preview.markdown');

export function setMarkdownRenderer(render: (body: string) => Promise<{ code: string }>): void {
  (globalThis as Record<symbol, unknown>)[KEY] = render;
}

/** The HTML of a draft's Markdown, as the content layer renders it (before `safeHtml`). */
export async function renderMarkdown(body: string): Promise<string> {
  const render = (globalThis as Record<symbol, unknown>)[KEY] as ((body: string) => Promise<{ code: string }>) | undefined;
  if (!render) throw new Error('the preview integration did not register a Markdown renderer');
  return (await render(body)).code;
}
