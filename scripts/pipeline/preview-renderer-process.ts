/**
 * The preview renderer's process (`preview-renderer.ts` starts it): Astro's dev server over the
 * site, with the preview page, on the port and host given as arguments.
 */
import { dev } from 'astro';
import { previewRenderer } from '../../site/preview/integration.ts';
import { root } from './paths.ts';

const [port = '4323', host = '127.0.0.1'] = process.argv.slice(2);
const server = await dev({
  root,
  logLevel: 'warn',
  integrations: [previewRenderer()],
  server: { port: Number(port), host },
  // Sources do not change under a running portal: no file watching, no reloads.
  vite: { server: { watch: null, hmr: false } },
});
const stop = () => void server.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
