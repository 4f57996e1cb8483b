/** Building and running the Strapi CMS as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cmsUrl } from '../pipeline/env.ts';
import { fingerprint } from './fingerprint.ts';
import { cmsDir, root, strapiBin } from '../pipeline/paths.ts';
import { runToEnd, stopProcess, waitForHttp } from '../pipeline/processes.ts';

const buildStamp = join(cmsDir, 'dist', '.praxis-build');

function cmsSourceFingerprint(): string {
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
  writeFileSync(buildStamp, current);
  return true;
}

export interface RunningCms {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `strapi start` and resolves when its health check answers. */
export async function startCms(env: NodeJS.ProcessEnv, { quiet = false, log }: { quiet?: boolean; log?: string } = {}): Promise<RunningCms> {
  const url = cmsUrl(env);
  const child = spawn(process.execPath, [strapiBin, 'start'], { cwd: cmsDir, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (log) child.on('exit', () => writeFileSync(log, output));
  try {
    await waitForHttp(`${url}/_health`, { child, timeoutMs: 180_000 });
  } catch (error) {
    await stopProcess(child);
    throw new Error(`${(error as Error).message}\n${output.trim()}`);
  }
  return { url, child, stop: () => stopProcess(child) };
}
