import { describe, expect, it } from 'vitest';
import { europeShapes, MAP_HEIGHT, MAP_WIDTH } from '../../site/lib/europe-map.ts';

/** The countries a European network's partners and events are in: the EU, the EEA, the UK, the candidates and neighbours. */
const EUROPE = 'AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IS IT LT LU LV MD ME MK NL NO PL PT RO RS SE SI SK TR UA XK'.split(' ');

describe('the outline of Europe drawn at build time', () => {
  const shapes = europeShapes();

  it('has a shape named by its alpha-2 code for every European country large enough to draw at 1:110m', () => {
    const codes = shapes.map((shape) => shape.code);
    expect(EUROPE.filter((code) => !codes.includes(code))).toEqual([]);
    // One shape per code: a country is one link.
    const named = codes.filter((code) => code !== null);
    expect(new Set(named).size).toBe(named.length);
  });

  it('keeps every point inside the drawing, in whole units', () => {
    for (const { d } of shapes) {
      const numbers = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
      expect(numbers.every(Number.isInteger), d.slice(0, 60)).toBe(true);
      for (let index = 0; index < numbers.length; index += 2) {
        expect(numbers[index]).toBeGreaterThanOrEqual(0);
        expect(numbers[index]).toBeLessThanOrEqual(MAP_WIDTH);
        expect(numbers[index + 1]).toBeGreaterThanOrEqual(0);
        expect(numbers[index + 1]).toBeLessThanOrEqual(MAP_HEIGHT);
      }
    }
  });
});
