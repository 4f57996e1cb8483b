/**
 * Values written into the text of statements sent together in one message (PostgreSQL's simple
 * protocol, which takes no parameters): what lets a registration's statements go to the database
 * in one round trip (`seats.ts`, `rate-limit.ts`).
 */

/** How node-pg sends a parameter (a Date as the process's local time, as every write of Strapi's). */
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => string };

/**
 * A value as SQL text: a string as E'…' with its quotes and backslashes escaped and `?` as \x3f
 * (knex would read a bare one as a parameter's place), a Date as pg sends it, cast to a timestamp,
 * a number as the finite number it is.
 */
export function literal(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  const text = value instanceof Date ? prepareValue(value) : value;
  const quoted = `E'${text.replace(/[\\'?]/g, (character) => (character === '?' ? '\\x3f' : `\\${character}`))}'`;
  return value instanceof Date ? `${quoted}::timestamp` : quoted;
}

/** A table's name as SQL text, quoted. */
export const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
