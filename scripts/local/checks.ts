/**
 * The checks `npm test` runs before the suite (and `npm run check` alone): the lockfile agrees with
 * every package.json, Biome finds nothing to lint or format, and the types hold (`astro check` for
 * the `.astro` files, `tsc` for each tsconfig). They run one after the other, on two cores; the first
 * that fails stops the run with one line naming it.
 *
 * `astro check` first runs `astro sync`, which writes the content types into `.astro/` without
 * reading the CMS (`site/integrations/types-only-sync.ts`), so the root tsconfig finds them.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmCli } from './bootstrap.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const node = process.execPath;
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Each check: what it makes sure of, the command that does, and what that command's environment adds. */
export const CHECKS: Array<{ name: string; command: string[]; env?: Record<string, string> }> = [
  // `npm ci` refuses a lockfile that does not satisfy every package.json; the dry run installs nothing.
  { name: 'package.json and package-lock.json agree', command: [node, npmCli(), 'ci', '--dry-run', '--prefer-offline', '--no-audit', '--no-fund'] },
  { name: 'lint and format (Biome)', command: [node, join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome'), 'ci', '--error-on-warnings', '.'] },
  // A content store of its own: the one the site's builds keep between them is left as it is.
  {
    name: 'types of the .astro files (astro check)',
    command: [node, join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'check'],
    env: { PRAXIS_ASTRO_CACHE_DIR: join(root, 'node_modules', '.astro-types') },
  },
  { name: 'types of the site, scripts and tests (tsc -p .)', command: [node, tsc, '--noEmit', '-p', '.'] },
  { name: 'types of the CMS (tsc -p cms)', command: [node, tsc, '--noEmit', '-p', 'cms'] },
  { name: "types of the CMS's admin (tsc -p cms/src/admin)", command: [node, tsc, '--noEmit', '-p', 'cms/src/admin'] },
];

function main(): number {
  for (const { name, command, env } of CHECKS) {
    process.stdout.write(`\x1b[1m▸ check: ${name}\x1b[0m\n`);
    const started = performance.now();
    const result = spawnSync(command[0]!, command.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    if (result.status !== 0) {
      console.error(
        `\x1b[31m✖ check failed: ${name}\x1b[0m (exit ${result.status ?? result.signal}; see above). Fix it, or run \`npm run check\` to repeat the checks alone.`,
      );
      return result.status || 1;
    }
    process.stdout.write(`  ok in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return 0;
}

process.exit(main());
