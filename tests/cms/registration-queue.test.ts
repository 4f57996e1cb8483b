import { describe, expect, it } from 'vitest';
import { FairQueue, TurnTimeout } from '../../cms/src/registration/queue.ts';

/** A task that finishes when the test says so, recording when it started. */
function gate(started: number[], index: number) {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  const task = async () => {
    started.push(index);
    await done;
    return index;
  };
  return { task, open };
}

describe('the registrations’ queue', () => {
  it('starts requests one at a time in the order they arrived', async () => {
    const queue = new FairQueue(1, () => 5_000);
    const started: number[] = [];
    const gates = Array.from({ length: 6 }, (_, index) => gate(started, index));
    const answers = gates.map((g) => queue.run(g.task));
    expect(started).toEqual([0]);
    expect(queue.length).toBe(5);
    // Later requests being ready first changes nothing: the next in line starts, never a later one.
    for (const g of [...gates].reverse()) g.open();
    expect(await Promise.all(answers)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('runs as many at once as it is allowed, still in arrival order', async () => {
    const queue = new FairQueue(2, () => 5_000);
    const started: number[] = [];
    const gates = Array.from({ length: 4 }, (_, index) => gate(started, index));
    const answers = gates.map((g) => queue.run(g.task));
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await answers[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    await Promise.all(answers);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('refuses a request whose turn has not come within the bound, at the bound, and never runs it', async () => {
    const queue = new FairQueue(1, () => 50);
    const started: number[] = [];
    const first = gate(started, 0);
    const second = gate(started, 1);
    const running = queue.run(first.task);
    const waitedFrom = Date.now();
    const refused = await queue.run(second.task).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TurnTimeout);
    expect((refused as TurnTimeout).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Answered while the first still runs: nobody waits on a turn that will not come in time.
    expect(Date.now() - waitedFrom).toBeLessThan(5_000);
    first.open();
    await running;
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0]);
    expect(queue.length).toBe(0);
  });

  it('counts the bound from the request’s arrival and gives the task its deadline', async () => {
    const queue = new FairQueue(1, () => 1_000);
    await expect(queue.run(async () => 'late', Date.now() - 1_001)).rejects.toBeInstanceOf(TurnTimeout);
    const arrivedAt = Date.now() - 400;
    expect(await queue.run(async (deadline) => deadline, arrivedAt)).toBe(arrivedAt + 1_000);
  });

  it('passes a task’s own failure on, and keeps serving those behind it', async () => {
    const queue = new FairQueue(1, () => 5_000);
    const failing = queue.run(async () => {
      throw new Error('constraint');
    });
    const next = queue.run(async () => 'served');
    await expect(failing).rejects.toThrow('constraint');
    await expect(next).resolves.toBe('served');
  });
  it('tells work that gives way (the e-mail outbox) when a burst has passed, and not before', async () => {
    const queue = new FairQueue(1, () => 5_000);
    const started: number[] = [];
    const gates = Array.from({ length: 3 }, (_, index) => gate(started, index));
    const answers = gates.map((g) => queue.run(g.task));
    let quietAt: number | undefined;
    const quiet = queue.whenQuiet(100, 60_000).then(() => (quietAt = Date.now()));
    // Each finished task lets the next in line run: the queue is never quiet meanwhile.
    for (const g of gates) {
      g.open();
      await new Promise((resolve) => setImmediate(resolve));
      expect(quietAt).toBeUndefined();
    }
    await Promise.all(answers);
    const lastEnded = Date.now();
    await quiet;
    expect(quietAt! - lastEnded).toBeGreaterThanOrEqual(95);
  });

  it('never holds the work that gives way past its own bound, however long the burst', async () => {
    const queue = new FairQueue(1, () => 60_000);
    const endless = gate([], 0);
    const running = queue.run(endless.task);
    const from = Date.now();
    await queue.whenQuiet(100, 200);
    expect(Date.now() - from).toBeGreaterThanOrEqual(195);
    endless.open();
    await running;
  });
});
