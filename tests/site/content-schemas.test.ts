import { describe, expect, it } from 'vitest';
import { organisationSchema, resourceSchema } from '../../site/schemas/content.ts';
import { describeZodError } from '../../site/schemas/zod-message.ts';

const organisation = {
  documentId: 'doc1',
  key: 'ong',
  locale: 'it',
  translationStatus: 'original',
  updatedAt: '2026-01-01T00:00:00Z',
  publishedAt: '2026-01-01T00:00:00Z',
  name: 'ONG',
  kind: 'ngo',
  country: 'IT',
  region: null,
  description: null,
};
const resource = {
  documentId: 'doc2',
  key: 'kit',
  locale: 'it',
  translationStatus: 'original',
  updatedAt: '2026-01-01T00:00:00Z',
  publishedAt: '2026-01-01T00:00:00Z',
  kind: 'guide',
  title: 'Kit',
  summary: 'Un kit.',
  body: null,
  audience: ['educators'],
  themes: [],
};

describe('content from the CMS, checked again at the site’s edge with the rules the CMS saves by', () => {
  it('takes an organisation’s website only as an https address, so no javascript: link reaches the projects page', () => {
    expect(organisationSchema.parse({ ...organisation, website: 'https://www.example.org/' }).website).toBe('https://www.example.org/');
    expect(organisationSchema.parse({ ...organisation, website: null }).website).toBeNull();
    for (const website of ['javascript:alert(document.cookie)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'http://www.example.org/']) {
      expect(organisationSchema.safeParse({ ...organisation, website }).success, website).toBe(false);
    }
    const refused = organisationSchema.safeParse({ ...organisation, website: 'javascript:alert(1)' });
    expect(describeZodError('organisations/it/ong', refused.error!)).toBe(
      'organisations/it/ong: website: "javascript:alert(1)" uses javascript: where only https: addresses are allowed',
    );
  });

  it('refuses a slug the CMS would have refused, saying what a slug may be', () => {
    expect(resourceSchema.safeParse({ ...resource, slug: 'kit-per-educatori' }).success).toBe(true);
    const refused = resourceSchema.safeParse({ ...resource, slug: 'HC_Bad.Slug~x' });
    expect(describeZodError('resources/it/HC_Bad.Slug~x', refused.error!)).toMatchInlineSnapshot(
      `"resources/it/HC_Bad.Slug~x: slug: the slug "HC_Bad.Slug~x" is not one the site can use: lowercase letters a-z and digits, in words joined by single hyphens, e.g. "guida-per-operatori""`,
    );
  });
});
