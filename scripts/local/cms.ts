/** Building and running the Strapi CMS as a child process. */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cmsUrl } from '../pipeline/env.ts';
import { fingerprint } from './fingerprint.ts';
import { cmsDir, root, strapiBin } from '../pipeline/paths.ts';
import { runToEnd, startProcess } from '../pipeline/processes.mjs';

const buildStamp = join(cmsDir, 'dist', '.praxis-build');

/** What the CMS's build is made from: its sources, configuration, dependencies and Node's version. */
export function cmsSourceFingerprint(): string {
  return fingerprint(
    [join(cmsDir, 'src'), join(cmsDir, 'config'), join(cmsDir, 'package.json'), join(cmsDir, 'tsconfig.json'), join(root, 'package-lock.json')],
    process.versions.node,
  );
}

/** Whether `cms/dist` (compiled TypeScript and the admin panel) matches the sources. */
export function cmsBuildIsCurrent(): boolean {
  return existsSync(buildStamp) && readFileSync(buildStamp, 'utf8') === cmsSourceFingerprint();
}

/** Compiles the CMS and builds its admin panel, unless the existing build is current. */
export async function buildCms(env: NodeJS.ProcessEnv, { quiet = false } = {}): Promise<boolean> {
  if (cmsBuildIsCurrent()) return false;
  const current = cmsSourceFingerprint();
  await runToEnd(process.execPath, [strapiBin, 'build', '--minify'], { cwd: cmsDir, env, quiet });
  markCmsBuilt(current);
  return true;
}

/** Records that `cms/dist` (server and admin panel both) was built from the sources `fingerprint` names. */
export function markCmsBuilt(fingerprint: string): void {
  writeFileSync(buildStamp, fingerprint);
}

export interface RunningCms {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `strapi start` and resolves when its health check answers. */
export async function startCms(env: NodeJS.ProcessEnv, { quiet = false, log }: { quiet?: boolean; log?: string } = {}): Promise<RunningCms> {
  const url = cmsUrl(env);
  const cms = await startProcess(process.execPath, [strapiBin, 'start'], {
    cwd: cmsDir,
    env,
    output: quiet ? 'pipe' : 'inherit',
    ready: { url: `${url}/_health` },
    timeoutMs: 180_000,
  });
  if (log) cms.child.on('exit', () => writeFileSync(log, cms.output()));
  return { url, child: cms.child, stop: () => cms.stop() };
}
