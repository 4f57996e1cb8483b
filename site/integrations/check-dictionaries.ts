import type { AstroIntegration } from 'astro';
import { dictionaryProblems } from '../i18n/dictionaries.ts';

/** Fails the build when it starts if any UI dictionary has a missing, stray or empty key. */
export function checkDictionaries(): AstroIntegration {
  return {
    name: 'praxis:check-dictionaries',
    hooks: {
      'astro:config:setup': () => {
        const problems = dictionaryProblems();
        if (problems.length > 0) throw new Error(`UI dictionaries are incomplete:\n${problems.join('\n')}`);
      },
    },
  };
}
