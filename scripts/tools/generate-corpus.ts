/**
 * Fills the CMS with N synthetic but realistic resources for benchmarks: each in every portal
 * locale, published, with themes, an organisation, a project and a PDF per language from a small
 * shared pool. Idempotent: the same N again changes nothing, a smaller N removes the extra ones;
 * seeded content is never touched (scripts/tools/corpus.ts).
 *
 * Usage: node scripts/tools/generate-corpus.ts --resources 10000 [--engine bulk|documents]
 *        (npm run cms:generate -- --resources 10000)
 * Strapi is loaded in this process, on the database the environment names; on SQLite stop the CMS
 * server first. Prints one summary line at the end.
 */
import { parseArgs } from 'node:util';
import { generateCorpus, summaryLine, type CorpusEngine, type CorpusOutcome } from './corpus.ts';

export { generateCorpus, type CorpusOutcome };

if (import.meta.main) {
  const { values } = parseArgs({ options: { resources: { type: 'string' }, engine: { type: 'string', default: 'bulk' } } });
  const resources = Number(values.resources);
  if (values.resources === undefined || !Number.isInteger(resources) || resources < 0 || !['bulk', 'documents'].includes(values.engine!)) {
    console.error('usage: node scripts/tools/generate-corpus.ts --resources <N> [--engine bulk|documents]');
    process.exit(2);
  }
  generateCorpus({ resources, engine: values.engine as CorpusEngine }).then(
    (outcome) => {
      console.log(summaryLine(outcome));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
