/**
 * One half of what `strapi build` does, for the test suite (`cms-build.ts`): `server` compiles the
 * CMS's TypeScript into `cms/dist`, as `strapi build` does first; `admin` builds the admin panel's
 * bundle into `cms/dist/build`, as it does next. Every Strapi start needs the first; only a browser
 * opening the admin needs the second, so the suite builds it beside the files that do not.
 *
 * Strapi's CLI has no command for either half alone, so this calls the same steps of its build
 * (`@strapi/strapi` 5.54.0, `dist/src/node/build.js`) through the files that hold them. Run with the
 * CMS folder as its working directory.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const part = process.argv[2];
const cwd = process.cwd();
const requireFromCms = createRequire(join(cwd, 'package.json'));
const strapiDir = dirname(requireFromCms.resolve('@strapi/strapi/package.json'));
// Strapi's package exports none of these; they are required by path (missing ones: see `cms-build.ts`).
const strapiFile = (path: string) => requireFromCms(join(strapiDir, 'dist', path));

if (part === 'server') {
  // As `strapi build`: the TypeScript diagnostics stop it.
  const { compile } = createRequire(join(strapiDir, 'package.json'))('@strapi/typescript-utils');
  await compile(cwd, { configOptions: { ignoreDiagnostics: false } });
} else if (part === 'admin') {
  const { createLogger } = strapiFile('src/cli/utils/logger.js');
  const { loadTsConfig } = strapiFile('src/cli/utils/tsconfig.js');
  const { createBuildContext } = strapiFile('src/node/create-build-context.js');
  const { writeStaticClientFiles } = strapiFile('src/node/staticFiles.js');
  const { build } = strapiFile('src/node/vite/build.js');
  const logger = createLogger({ debug: false, silent: false, timestamp: false });
  const tsconfig = loadTsConfig({ cwd, path: 'tsconfig.json', logger });
  // The options `strapi build --minify` passes (its defaults otherwise).
  const options = { bundler: 'vite', debug: false, minify: true, silent: false, sourcemap: false, stats: false };
  const context = await createBuildContext({ cwd, logger, tsconfig, options });
  await writeStaticClientFiles(context);
  await build(context);
} else {
  throw new Error(`usage: cms-build-part.ts server|admin (got ${part})`);
}
