import type { ZodError } from 'zod';

/**
 * Turns a zod error into one readable line naming the document and the field, e.g.
 * `content/resources/kit.json: translations.ro.slug: Too small: expected string to have >=3 characters`.
 */
export function describeZodError(document: string, error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${document}: invalid`;
  const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${document}: ${field}: ${issue.message}${more}`;
}
