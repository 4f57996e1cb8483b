import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BLOCKED_PORTS, ephemeralRange, freePort } from '../../scripts/local/throwaway/cms.ts';
import { runAnsweringStage, runCollecting, runStage, runToEnd, startProcess, stopGroup, waitForHttp } from '../../scripts/pipeline/processes.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'praxis-processes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A Node script in the scratch folder, importing the runner as a stage does. */
function script(name: string, source: string): string {
  const file = join(scratch, name);
  writeFileSync(
    file,
    `import { parentMessage, stageRequest, tellParent } from ${JSON.stringify(new URL('../../scripts/pipeline/processes.mjs', import.meta.url).pathname)};\n${source}`,
  );
  return file;
}

describe('running a process', () => {
  it('is ready when the line it waits for is printed, and stops on SIGTERM', async () => {
    const server = await startProcess(process.execPath, ['-e', 'console.log("listening on 41001"); setInterval(() => {}, 1000)'], {
      ready: { line: /listening on \d+/ },
    });
    expect(server.output()).toContain('listening on 41001');
    await server.stop();
    expect((await server.exited).signal).toBe('SIGTERM');
  });

  it('is ready when the file it waits for appears', async () => {
    const flag = join(scratch, 'ready.flag');
    const writer = await startProcess(
      process.execPath,
      ['-e', `setTimeout(() => require('node:fs').writeFileSync(${JSON.stringify(flag)}, 'ok'), 50); setInterval(() => {}, 1000)`],
      { ready: { file: flag } },
    );
    await writer.stop();
  });

  it('says what a process printed when it exits before it is ready', async () => {
    await expect(
      startProcess(process.execPath, ['-e', 'console.error("port 41002 is taken"); process.exit(3)'], { ready: { line: /listening/ } }),
    ).rejects.toThrow(/exited with 3 before it was ready\nport 41002 is taken/);
  });

  it('runs a detached process in a group of its own, its output in a log, and stops the whole group', async () => {
    const flag = join(scratch, 'group.flag');
    const log = join(scratch, 'group.log');
    // The leader starts a child of its own, as Strapi does, and says so once it has (renamed into place whole).
    const leader = await startProcess(
      process.execPath,
      [
        '-e',
        `const child = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
         console.log('child ' + child.pid);
         require('node:fs').writeFileSync(${JSON.stringify(`${flag}.tmp`)}, String(child.pid));
         require('node:fs').renameSync(${JSON.stringify(`${flag}.tmp`)}, ${JSON.stringify(flag)});
         setInterval(() => {}, 1000);`,
      ],
      { detached: true, log, ready: { file: flag } },
    );
    const group = leader.child.pid!;
    const child = Number(readFileSync(flag, 'utf8'));
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      expect(alive(-group)).toBe(true);
      expect(leader.output()).toContain(`child ${child}`);
      await stopGroup(group);
      expect(alive(-group)).toBe(false);
      expect(alive(child)).toBe(false);
    } finally {
      // A failed assertion must not leave the group running after the test.
      if (alive(-group)) process.kill(-group, 'SIGKILL');
    }
    await expect(startProcess(process.execPath, ['-e', ''], { detached: true })).rejects.toThrow(/log file/);
  });

  it('runs a command to its end, and fails with its output', async () => {
    expect(await runToEnd(process.execPath, ['-e', 'console.log("done")'], { quiet: true })).toBe('done\n');
    await expect(runToEnd(process.execPath, ['-e', 'console.error("no CMS"); process.exit(1)'], { quiet: true })).rejects.toThrow(/exited with 1\nno CMS/);
    expect(await runCollecting(process.execPath, ['-e', 'console.log("left out"); process.exit(2)'])).toEqual({ code: 2, output: 'left out\n' });
  });
});

describe('a stage of the pipeline', () => {
  it('takes its request over IPC and answers with its messages, the last one being its answer', async () => {
    const stage = script(
      'stage.mjs',
      `const request = await stageRequest();\nawait tellParent({ type: 'synced', collection: 'resources' });\nawait tellParent({ type: 'built', outDir: request.outDir });\nprocess.exit(0);\n`,
    );
    const messages: unknown[] = [];
    const { answer } = await runStage([stage], { outDir: '/tmp/staging' }, { onMessage: (message) => messages.push(message) });
    expect(messages).toEqual([
      { type: 'synced', collection: 'resources' },
      { type: 'built', outDir: '/tmp/staging' },
    ]);
    expect(answer).toEqual({ type: 'built', outDir: '/tmp/staging' });
  });

  it('fails with the last line the stage printed', async () => {
    const stage = script('failing.mjs', `await stageRequest();\nconsole.error('site build failed: CMS unreachable');\nprocess.exit(1);\n`);
    await expect(runStage([stage], {})).rejects.toThrow(/^site build failed: CMS unreachable$/);
  });

  it('answers before it ends, and goes on with what its answer does not wait for until told to', async () => {
    // The stage ends only once told to: an answer taken at its exit would never come.
    const stage = script(
      'answering.mjs',
      `const request = await stageRequest();\nawait tellParent({ type: 'built', outDir: request.outDir });\nconst next = await parentMessage();\nconsole.log('told', next.type);\nawait tellParent({ type: 'saved' });\nprocess.exit(0);\n`,
    );
    const messages: unknown[] = [];
    const { answer, ended, send } = await runAnsweringStage<{ outDir: string }, { type: string }>(
      [stage],
      { outDir: '/tmp/staging' },
      {
        isAnswer: (message) => message.type === 'built',
        onMessage: (message) => messages.push(message),
      },
    );
    expect(answer).toEqual({ type: 'built', outDir: '/tmp/staging' });
    expect(messages).toEqual([answer]);
    send({ type: 'save-store' });
    const { output } = await ended;
    expect(output).toBe('told save-store\n');
    expect(messages).toEqual([answer, { type: 'saved' }]);
  });

  it('fails when a stage that should answer fails, or ends, before it does', async () => {
    const failing = script('fails-first.mjs', `await stageRequest();\nconsole.error('site build failed: CMS unreachable');\nprocess.exit(1);\n`);
    await expect(runAnsweringStage([failing], {}, { isAnswer: () => true })).rejects.toThrow(/^site build failed: CMS unreachable$/);
    const silent = script('ends-silent.mjs', `await stageRequest();\nawait tellParent({ type: 'synced' });\nprocess.exit(0);\n`);
    await expect(runAnsweringStage<unknown, { type: string }>([silent], {}, { isAnswer: (message) => message.type === 'built' })).rejects.toThrow(
      /ends-silent\.mjs ended without an answer/,
    );
  });

  it('has no request when run by hand', async () => {
    const stage = script('by-hand.mjs', `console.log(String(await stageRequest()));\n`);
    expect(await runToEnd(process.execPath, [stage], { quiet: true })).toBe('undefined\n');
  });
});

describe('a port to listen on', () => {
  it('is never one that fetch refuses, and waiting on such a port fails at once, saying why', async () => {
    const [lowest] = ephemeralRange();
    // The first draw lands on each refused port in turn; freePort draws again.
    const random = vi.spyOn(Math, 'random');
    try {
      for (const blocked of BLOCKED_PORTS) {
        random.mockReturnValueOnce((blocked - 10_000 + 0.5) / (lowest - 10_000));
        expect(await freePort()).not.toBe(blocked);
        await expect(waitForHttp(`http://127.0.0.1:${blocked}/_health`, { timeoutMs: 30_000 })).rejects.toThrow(/bad port/);
      }
    } finally {
      random.mockRestore();
    }
  });
});
