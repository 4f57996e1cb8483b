/**
 * The controlled vocabularies of Praxis. The CMS models list the same values (a test keeps the
 * two in step); the site, the seed and the dictionaries use these constants.
 */

/** What a resource is. */
export const RESOURCE_KINDS = [
  'teaching-kit',
  'guide',
  'brochure',
  'toolkit',
  'handbook',
  'evaluation-report',
  'conference-report',
  'campaign-material',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Who a resource is for. */
export const AUDIENCES = ['educators', 'social-workers', 'law-enforcement', 'embassies', 'civil-society', 'young-people'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The themes of the fight against trafficking that resources, practices and events share. */
export const THEMES = [
  'prevention',
  'identification',
  'assistance-protection',
  'prosecution',
  'confiscation',
  'monitoring',
  'multi-agency-cooperation',
] as const;
export type Theme = (typeof THEMES)[number];

/** Formats a resource file can have. */
export const FILE_FORMATS = ['pdf', 'odt', 'docx', 'pptx', 'odp', 'mp4', 'webm'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];
