import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig, variables } from '@praxis/contract/config';
import { cmsDir, root, strapiBin } from '../../scripts/pipeline/paths.ts';

/** Each `NAME=value` line of `.env.example`, commented out or not. */
const documented = [...readFileSync(join(root, '.env.example'), 'utf8').matchAll(/^#? ?([A-Z_][A-Z0-9_]*)=(.*)$/gm)].map(([, name, value]) => ({
  name: name!,
  value: value!,
}));

/** Runs a command to its end and keeps what it wrote to stderr. */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'praxis-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the configuration', () => {
  it('documents in .env.example every variable it reads, and no other', () => {
    expect([...new Set(documented.map(({ name }) => name))].sort()).toEqual(Object.keys(variables).sort());
  });

  it('accepts every value .env.example shows', () => {
    for (const { name, value } of documented) expect(() => readConfig({ [name]: value }, root), `${name}=${value}`).not.toThrow();
  });

  it('computes the defaults a newcomer reads in .env.example', () => {
    const defaults = readConfig({}, root);
    expect(defaults.PRAXIS_SITE_URL).toBe('http://127.0.0.1:4321');
    expect(defaults.PRAXIS_CMS_URL).toBe('http://127.0.0.1:1337');
    expect(defaults.PRAXIS_PUBLISH_WEBHOOK_URL).toBe('http://127.0.0.1:4322/cms-events');
    expect(defaults.PRAXIS_DATA_DIR).toBe(join(root, '.data'));
    expect(defaults.PRAXIS_SITES_DIR).toBe(join(root, '.data', 'site'));
    expect(defaults.PRAXIS_PUBLIC_DIR).toBe(join(root, '.data', 'public'));
    expect(defaults.outboxDir).toBe(join(root, '.data', 'outbox'));
    expect(defaults.DATABASE_CLIENT).toBe('sqlite');
    expect(defaults.PRAXIS_RATE_LIMIT_ADDRESS).toEqual({ hits: 20, windowMs: 600_000 });
  });

  it('derives the URLs and folders from what is set', () => {
    const set = readConfig(
      {
        PRAXIS_SITE_HOST: '0.0.0.0',
        PRAXIS_SITE_PORT: '8080',
        PRAXIS_PUBLISHER_PORT: '5000',
        PRAXIS_DATA_DIR: '/srv/praxis',
        DATABASE_URL: 'postgres://db.example/praxis',
        PRAXIS_CMS_PUBLIC_URL: 'https://cms.praxis.example/',
      },
      root,
    );
    expect(set.PRAXIS_SITE_URL).toBe('http://0.0.0.0:8080');
    expect(set.PRAXIS_PUBLISH_WEBHOOK_URL).toBe('http://127.0.0.1:5000/cms-events');
    expect(set.PRAXIS_SITES_DIR).toBe('/srv/praxis/site');
    expect(set.DATABASE_CLIENT).toBe('postgres');
    expect(set.cmsOrigins).toEqual(['http://127.0.0.1:1337', 'https://cms.praxis.example']);
    expect(readConfig({ PRAXIS_SITE_URL: 'https://praxis.example/' }, root).PRAXIS_SITE_URL).toBe('https://praxis.example');
  });

  it('names each bad value and what it expects, on one line', () => {
    const message = (env: NodeJS.ProcessEnv) => {
      try {
        readConfig(env, root);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(message({ PRAXIS_RATE_LIMIT_ADDRESS: '20' })).toMatchInlineSnapshot(
      `"Praxis configuration: PRAXIS_RATE_LIMIT_ADDRESS must be hits/seconds such as 20/600, not "20""`,
    );
    expect(message({ PRAXIS_BEHIND_PROXY: 'yes', PRAXIS_SITE_URL: 'praxis' })).toMatchInlineSnapshot(
      `"Praxis configuration: PRAXIS_SITE_URL must be an http(s) address such as https://praxis.example, not "praxis"; PRAXIS_BEHIND_PROXY must be true or false, not "yes""`,
    );
    expect(message({ PRAXIS_UPLOAD_PROVIDER: 's3' })).toMatchInlineSnapshot(
      `"Praxis configuration: PRAXIS_UPLOAD_PUBLIC_URL must be set, as PRAXIS_UPLOAD_PROVIDER=s3 needs it"`,
    );
  });

  it('stops the CMS at start with that line', async () => {
    const { code, stderr } = await run(process.execPath, [strapiBin, 'start'], {
      cwd: cmsDir,
      env: { ...process.env, PRAXIS_DATA_DIR: dataDir, PRAXIS_CMS_PORT: 'abc' },
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toBe('Praxis configuration: PRAXIS_CMS_PORT must be a port number from 1 to 65535, not "abc"');
  });

  it('stops the publisher at start with that line', async () => {
    const { code, stderr } = await run(process.execPath, [join(root, 'scripts', 'pipeline', 'publisher-daemon.ts')], {
      cwd: root,
      env: { ...process.env, PRAXIS_DATA_DIR: dataDir, PRAXIS_PUBLISHER_PORT: '70000' },
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('Praxis configuration: PRAXIS_PUBLISHER_PORT must be a port number from 1 to 65535, not "70000"');
  });
});
