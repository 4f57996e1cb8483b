/**
 * The suite's order (`tests/support/sequencer.ts`): the costliest files first across projects, the
 * files never measured before all, and the order Vitest really gets from the suite's config.
 */
import { describe, expect, it } from 'vitest';
import { createVitest } from 'vitest/node';
import CostliestFirstSequencer, { costliestFirst, schedule } from '../support/sequencer.ts';

describe('the order of the suite', () => {
  it('puts the longest files first and the never measured before them, larger first', () => {
    const files = [
      { key: 'unit:a', seconds: 0.2, size: 900 },
      { key: 'site:b', seconds: 300, size: 100 },
      { key: 'cms-postgres:c', seconds: 30, size: 500 },
      { key: 'site:new-small', seconds: undefined, size: 10 },
      { key: 'site:new-large', seconds: undefined, size: 20 },
    ];
    expect(costliestFirst(files).map(({ key }) => key)).toEqual(['site:new-large', 'site:new-small', 'site:b', 'cms-postgres:c', 'unit:a']);
  });

  it('gives each file to the worker free first: longest first ends sooner than shortest first', () => {
    const costs = [10, 10, 10, 10, 40].map((seconds, index) => ({ key: `${index}`, seconds, size: 0 }));
    expect(schedule(costliestFirst(costs), 2).makespan).toBe(40);
    expect(schedule([...costliestFirst(costs)].reverse(), 2).makespan).toBe(60);
  });

  it('is the sequencer of the suite, and orders its files across projects by what they cost', async () => {
    const vitest = await createVitest({ config: 'tests/vitest.config.ts', watch: false });
    try {
      // The config's copy of the class: Vitest bundles the config file with what it imports.
      const Configured = vitest.config.sequence.sequencer as typeof CostliestFirstSequencer;
      expect(Configured.name).toBe(CostliestFirstSequencer.name);
      const files = await vitest.globTestSpecifications();
      const sequencer = new Configured(vitest);
      const sorted = await sequencer.sort(files);
      expect(sorted).toHaveLength(files.length);
      const costs = new Map(sequencer.costs(files).map((cost) => [cost.spec, cost]));
      const seconds = sorted.map((spec) => costs.get(spec)!.seconds ?? Number.POSITIVE_INFINITY);
      for (let index = 1; index < seconds.length; index++) expect(seconds[index]).toBeLessThanOrEqual(seconds[index - 1]!);
      // Not project by project: some browser file comes before the last of the CMS suites.
      const projects = sorted.map((spec) => spec.project.name);
      expect(projects.indexOf('site')).toBeLessThan(projects.lastIndexOf('cms-sqlite'));
    } finally {
      await vitest.close();
    }
  });
});
