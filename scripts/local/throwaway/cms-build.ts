/**
 * The CMS build of a test run, in two parts (`cms-build-part.ts`): the server compiled before any
 * file starts, since every Strapi start needs it, and the admin panel's bundle built beside the
 * first files, since only a browser opening the admin needs it. `cmsAdminBuilt` waits for the
 * second; the build's stamp is written once both are done, so `npm start` and the benchmarks see a
 * whole build or build again.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildCms, cmsBuildIsCurrent, cmsSourceFingerprint, markCmsBuilt } from '../cms.ts';
import { cmsDir, root } from '../../pipeline/paths.ts';
import { runToEnd, startProcess } from '../../pipeline/processes.mjs';
import { oncePerRun, runResult, writeRunResult } from './run.ts';

const partScript = join(root, 'scripts', 'local', 'throwaway', 'cms-build-part.ts');
const ADMIN = 'cms-admin';

/** Whether this Strapi still has the files `cms-build-part.ts` calls; if not, the run builds as `npm start` does. */
function partsAvailable(): boolean {
  const strapiDir = dirname(createRequire(join(cmsDir, 'package.json')).resolve('@strapi/strapi/package.json'));
  return ['cli/utils/logger.js', 'cli/utils/tsconfig.js', 'node/create-build-context.js', 'node/staticFiles.js', 'node/vite/build.js'].every((file) =>
    existsSync(join(strapiDir, 'dist', 'src', file)),
  );
}

/**
 * Makes the CMS's build current for the run: once, by the first project's global setup (the others
 * wait). Resolves when the server is compiled, with whether anything was built; the admin panel's
 * build may still be running then (`stop` ends it when the run ends first).
 */
export async function buildCmsForRun(run: string, env: NodeJS.ProcessEnv): Promise<{ built: boolean; stop(): Promise<void> }> {
  let stop = async () => {};
  const built = await oncePerRun(run, 'cms-server', async () => {
    if (cmsBuildIsCurrent()) {
      writeRunResult(run, ADMIN, { value: true });
      return false;
    }
    if (!partsAvailable()) {
      await buildCms(env, { quiet: true });
      writeRunResult(run, ADMIN, { value: true });
      return true;
    }
    const fingerprint = cmsSourceFingerprint();
    await runToEnd(process.execPath, [partScript, 'server'], { cwd: cmsDir, env, quiet: true });
    const admin = await startProcess(process.execPath, [partScript, 'admin'], { cwd: cmsDir, env });
    let stopped = false;
    stop = () => {
      stopped = true;
      return admin.stop();
    };
    void admin.exited.then(({ code, signal }) => {
      // Stopped at the end of a run that did not need it: no stamp, and nobody left to tell.
      if (stopped) return;
      if (code === 0) {
        markCmsBuilt(fingerprint);
        writeRunResult(run, ADMIN, { value: true });
      } else writeRunResult(run, ADMIN, { error: `building the admin panel exited with ${signal ?? code}\n${admin.output().trim()}` });
    });
    return true;
  });
  return { built, stop };
}

/** Resolves once the run's admin panel is built (`cms/dist/build`); throws what its build printed when it failed. */
export async function cmsAdminBuilt(run: string): Promise<void> {
  await runResult(run, ADMIN);
}
