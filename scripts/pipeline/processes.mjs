// @ts-check
/**
 * The one way Praxis runs a process: start it, wait until it is ready (a URL answers, a line is
 * printed, a file appears), hand it a typed request over its IPC channel and take its messages,
 * stop it, pass signals on. The publish pipeline, the local orchestration (`scripts/local/`), the
 * benchmarks and the tests all use it.
 *
 * Plain JavaScript with JSDoc types and Node's built-ins only: the bootstrap imports it too, and
 * runs on any Node ≥ 20 before anything is installed.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * The Node options of a site build's own process (`build-site.ts`), for everything that starts one
 * (the bootstrap, the publisher, the build benchmark): V8's young generation capped at 1 MB a
 * semi-space. The process mostly waits for Pagefind's; its short-lived objects (listing and hashing
 * every page) otherwise grew its young generation beside every Pagefind process.
 */
export const SITE_BUILD_NODE_OPTIONS = ['--max-semi-space-size=1'];

/**
 * @typedef {{ url: string } | { line: RegExp } | { file: string }} Readiness
 *   What says a process is ready: a URL answering below 500, a line of its output, a file it writes.
 */

/**
 * @typedef {object} StartOptions
 * @property {string | undefined} [cwd]
 * @property {NodeJS.ProcessEnv | undefined} [env]
 * @property {'inherit' | 'pipe' | 'ignore'} [output] its stdout and stderr: shown, kept (see `output()`), or dropped. Default `pipe`.
 * @property {Readiness} [ready] resolve only once this holds
 * @property {number} [timeoutMs] how long `ready` may take (default 180 s)
 * @property {boolean} [ipc] open an IPC channel (`process.send` in the child)
 * @property {boolean} [echo] with `output: 'pipe'`, show what it prints as well as keeping it
 * @property {string} [log] append its stdout and stderr to this file instead (`output()` reads it back):
 *   a process that outlives this one must not write into a pipe that closes with it
 * @property {boolean} [detached] run it in a process group of its own, which this process neither waits
 *   for nor takes down when it exits: a process started for other processes (the tests' shared
 *   portal). `stop` then stops the whole group; another process stops it with `stopGroup`. Needs `log`.
 */

/**
 * @typedef {object} RunningProcess
 * @property {import('node:child_process').ChildProcess} child
 * @property {() => string} output what it printed so far, when its output is kept
 * @property {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} exited
 * @property {(graceMs?: number) => Promise<void>} stop SIGTERM, then SIGKILL after `graceMs`
 */

/**
 * Starts a process and resolves once it is ready; rejects, with what it printed, when it exits first
 * or is not ready in time (it is stopped then).
 * @param {string} command
 * @param {string[]} args
 * @param {StartOptions} [options]
 * @returns {Promise<RunningProcess>}
 */
export async function startProcess(
  command,
  args,
  { cwd, env, output = 'pipe', ready, timeoutMs = 180_000, ipc = false, echo = false, log, detached = false } = {},
) {
  if (detached && !log) throw new Error('a detached process writes to a log file: its pipes would close with this process');
  if (log && ready && 'line' in ready) throw new Error('a line is waited for in the output kept in memory, not in a log file');
  const logFd = log ? openSync(log, 'a') : undefined;
  const written = logFd ?? output;
  const stdio = /** @type {import('node:child_process').StdioOptions} */ (['ignore', written, written, ...(ipc ? ['ipc'] : [])]);
  let child;
  try {
    child = spawn(command, args, { cwd, env, stdio, detached });
  } finally {
    // The child holds its own copy of the descriptor.
    if (logFd !== undefined) closeSync(logFd);
  }
  if (detached) child.unref();
  let printed = '';
  /** @type {Set<(text: string) => void>} */
  const listeners = new Set();
  const keep = (/** @type {Buffer} */ chunk) => {
    const text = chunk.toString();
    printed = (printed + text).slice(-200_000);
    for (const listener of listeners) listener(printed);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (echo) {
    child.stdout?.on('data', (/** @type {Buffer} */ chunk) => process.stdout.write(chunk));
    child.stderr?.on('data', (/** @type {Buffer} */ chunk) => process.stderr.write(chunk));
  }
  /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
  const exited = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  exited.catch(() => undefined);
  const printedSoFar = log ? () => readFileSync(log, 'utf8').slice(-200_000) : () => printed;
  const running = {
    child,
    output: printedSoFar,
    exited,
    stop: (/** @type {number} */ graceMs = 5_000) => (detached ? stopGroup(/** @type {number} */ (child.pid), graceMs) : stopProcess(child, graceMs)),
  };
  if (!ready) return running;
  const name = `${basename(command)} ${args.map((arg) => basename(arg)).join(' ')}`.trim();
  try {
    await Promise.race([
      waitUntil(ready, { timeoutMs, onOutput: (listener) => listeners.add(listener), output: () => printed }),
      exited.then(({ code, signal }) => {
        const said = printedSoFar().trim();
        throw new Error(`${name} exited with ${signal ?? code} before it was ready${said ? `\n${said}` : ''}`);
      }),
    ]);
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

/**
 * @param {Readiness} ready
 * @param {{ timeoutMs: number, onOutput: (listener: (text: string) => void) => void, output: () => string }} how
 * @returns {Promise<void>}
 */
function waitUntil(ready, { timeoutMs, onOutput, output }) {
  if ('url' in ready) return waitForHttp(ready.url, { timeoutMs });
  if ('file' in ready) return waitForFile(ready.file, { timeoutMs });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${ready.line} within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const check = (/** @type {string} */ text) => {
      if (!ready.line.test(text)) return;
      clearTimeout(timer);
      resolve();
    };
    onOutput(check);
    check(output());
  });
}

/**
 * Runs a command to its end; resolves with what it printed, rejects with it on failure.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, quiet?: boolean }} [options] `quiet` keeps the output instead of showing it
 * @returns {Promise<string>}
 */
export async function runToEnd(command, args, { cwd, env, quiet = false } = {}) {
  const running = await startProcess(command, args, { cwd, env, output: quiet ? 'pipe' : 'inherit' });
  const { code, signal } = await running.exited;
  if (code === 0) return running.output();
  const printed = running.output().trim();
  throw new Error(`${[command, ...args].join(' ')} exited with ${signal ?? code}${printed ? `\n${printed}` : ''}`);
}

/**
 * Runs a command to its end and resolves with its exit code and output, whatever the code.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<{ code: number | null, output: string }>}
 */
export async function runCollecting(command, args, { cwd, env } = {}) {
  const running = await startProcess(command, args, { cwd, env });
  const { code } = await running.exited;
  return { code, output: running.output() };
}

/**
 * Runs a Node script as a stage of the pipeline: sends it `request` over its IPC channel, passes
 * each message it sends to `onMessage`, and resolves with the last one (its answer) and what it
 * printed once it exits with 0. On a failure it rejects with the last line the script printed.
 * @template Request, Message
 * @param {string[]} args the Node options and the script
 * @param {Request} request
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, onMessage?: (message: Message) => void, echo?: boolean, onStart?: (child: import('node:child_process').ChildProcess) => void }} [options]
 *   `echo` shows what it prints; `onStart` sees the process once it runs (to sample its memory)
 * @returns {Promise<{ answer: Message | undefined, output: string }>}
 */
export async function runStage(args, request, { cwd, env, onMessage, echo = false, onStart } = {}) {
  const running = await startProcess(process.execPath, args, { cwd, env, ipc: true, echo });
  onStart?.(running.child);
  /** @type {Message | undefined} */
  let last;
  running.child.on('message', (/** @type {Message} */ message) => {
    last = message;
    onMessage?.(message);
  });
  running.child.send(/** @type {import('node:child_process').Serializable} */ (request));
  const { code, signal } = await running.exited;
  if (code === 0) return { answer: last, output: running.output() };
  const line = running.output().trim().split('\n').at(-1)?.trim();
  throw new Error(line || `${basename(args.at(-1) ?? 'stage')} exited with ${signal ?? code}`);
}

/**
 * Runs a Node script as a stage that answers before it ends (`runStage`): resolves with its first
 * message that `isAnswer` accepts, while the stage goes on with work its answer does not wait for.
 * `ended` settles as `runStage` does, once it exits; `send` hands it a further message. Rejects
 * when it fails, or exits, before it answers.
 * @template Request, Message
 * @param {string[]} args the Node options and the script
 * @param {Request} request
 * @param {{ isAnswer: (message: Message) => boolean, cwd?: string, env?: NodeJS.ProcessEnv, onMessage?: (message: Message) => void, echo?: boolean, onStart?: (child: import('node:child_process').ChildProcess) => void }} options
 * @returns {Promise<{ answer: Message, ended: Promise<{ answer: Message | undefined, output: string }>, send: (message: import('node:child_process').Serializable) => void }>}
 */
export async function runAnsweringStage(args, request, { isAnswer, onMessage, onStart, ...options }) {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {(message: Message) => void} */
  let answered = () => {};
  const answer = new Promise((resolve) => (answered = resolve));
  const ended = runStage(args, request, {
    ...options,
    onStart: (started) => {
      child = started;
      onStart?.(started);
    },
    onMessage: (/** @type {Message} */ message) => {
      onMessage?.(message);
      if (isAnswer(message)) answered(message);
    },
  });
  // Seen here; the caller who awaits `ended` still gets its failure.
  ended.catch(() => undefined);
  /** @type {Message} */
  const first = await Promise.race([
    answer,
    ended.then(() => {
      throw new Error(`${basename(args.at(-1) ?? 'stage')} ended without an answer`);
    }),
  ]);
  return { answer: first, ended, send: (message) => void (child?.connected && child.send(message)) };
}

/**
 * The request a stage was started with (`runStage`), or undefined when it was run by hand.
 * @template Request
 * @returns {Promise<Request | undefined>}
 */
export function stageRequest() {
  if (!process.send) return Promise.resolve(undefined);
  return new Promise((resolve) => process.once('message', (message) => resolve(/** @type {Request} */ (message))));
}

/**
 * The next message from the process that started this stage: undefined when it was run by hand,
 * or once that process has closed the channel (it has ended, or no longer asks).
 * @returns {Promise<unknown>}
 */
export function parentMessage() {
  if (!process.send) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const take = (/** @type {unknown} */ message) => {
      process.off('disconnect', gone);
      resolve(message);
    };
    const gone = () => {
      process.off('message', take);
      resolve(undefined);
    };
    process.once('message', take);
    process.once('disconnect', gone);
  });
}

/**
 * Sends a message to the process that started this stage, and resolves once it is handed over
 * (before this process exits). Does nothing when run by hand.
 * @param {unknown} message
 * @returns {Promise<void>}
 */
export function tellParent(message) {
  const send = process.send?.bind(process);
  if (!send) return Promise.resolve();
  return new Promise((resolve, reject) =>
    send(/** @type {import('node:child_process').Serializable} */ (message), undefined, {}, (error) => (error ? reject(error) : resolve())),
  );
}

/**
 * Resolves once a URL answers with a status below 500; it is asked again a quarter second after
 * each refusal. Rejects after `timeoutMs`.
 * @param {string} url
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<void>}
 */
export async function waitForHttp(url, { timeoutMs = 120_000 } = {}) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return;
    } catch (error) {
      // Not listening yet, unless fetch refuses the port itself (the Fetch standard's "bad ports",
      // such as 10080): then it never will answer.
      const cause = /** @type {{ cause?: { message?: string } }} */ (error).cause;
      if (cause?.message === 'bad port') throw new Error(`${url}: fetch refuses to connect to this port (a "bad port" of the Fetch standard); choose another`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}

/**
 * Resolves once a file exists, watching its folder (which must exist).
 * @param {string} file
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<void>}
 */
export function waitForFile(file, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const watcher = watch(dirname(file), () => done());
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${file} did not appear within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    function done() {
      if (!existsSync(file)) return;
      clearTimeout(timer);
      watcher.close();
      resolve();
    }
    done();
  });
}

/**
 * Stops a child process: SIGTERM, then SIGKILL if it has not exited after `graceMs`.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export function stopProcess(child, graceMs = 5_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Stops a process group started with `detached` (its leader's pid), possibly by another process:
 * SIGTERM to the group, SIGKILL after `graceMs`, and resolves once no process of the group is left.
 * No exit event reaches a process that did not start the group, so it asks the kernel whether the
 * group still exists, a tenth of a second apart.
 * @param {number} pid
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export async function stopGroup(pid, graceMs = 10_000) {
  const signal = (/** @type {NodeJS.Signals | 0} */ name) => {
    try {
      process.kill(-pid, name);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  const until = Date.now() + graceMs;
  while (signal(0)) {
    if (Date.now() > until && !signal('SIGKILL')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs a command in the foreground, its output shown, and resolves with its exit code. SIGTERM is
 * passed on to it; Ctrl-C (SIGINT) reaches it from the terminal already, so this process only
 * waits for it to finish.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<number>}
 */
export function runInForeground(command, args, { cwd, env } = {}) {
  return new Promise((resolveExit) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
    const ignore = () => {};
    process.on('SIGINT', ignore);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      resolveExit(code ?? (signal ? 1 : 0));
    });
  });
}
