import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmsDir } from '../../scripts/pipeline/paths.ts';
import { COLLECTIONS } from '../../scripts/local/seed-content.ts';
import { localeCodes } from '@praxis/contract/locales';
import { FILE_FORMATS, RESOURCE_KINDS } from '@praxis/contract/vocabulary';
import { LANGUAGES, ROLES } from '@praxis/contract/registration';
import { DATE_PRECISIONS, DATED_TYPES, SLUG_PATTERN, URL_FIELDS } from '@praxis/contract/content-rules';
import { readdirSync } from 'node:fs';
import italian from '../../site/i18n/ui/it.json';

const readSchema = (path: string) =>
  JSON.parse(readFileSync(join(cmsDir, 'src', path), 'utf8')) as { attributes: Record<string, { type?: string; enum?: string[]; regex?: string }> };
/** Every content type of the CMS, by its uid. */
const contentTypes = () =>
  readdirSync(join(cmsDir, 'src', 'api'))
    .filter((name) => readdirSync(join(cmsDir, 'src', 'api', name)).includes('content-types'))
    .map((name) => ({ uid: `api::${name}.${name}`, schema: readSchema(`api/${name}/content-types/${name}/schema.json`) }));

describe('the CMS model', () => {
  it('lists the same resource kinds as the site vocabulary', () => {
    expect(readSchema('api/resource/content-types/resource/schema.json').attributes.kind!.enum).toEqual([...RESOURCE_KINDS]);
  });

  it('lists every locale of the locale table, and the file formats, for resource files', () => {
    const file = readSchema('components/resource/file.json');
    expect(file.attributes.language!.enum).toEqual(expect.arrayContaining([...localeCodes]));
    expect(file.attributes.format!.enum).toEqual([...FILE_FORMATS]);
  });

  it('knows every seeded collection by the REST path the CMS serves it at', () => {
    for (const { uid, rest } of COLLECTIONS) {
      const name = uid.split('.')[1]!;
      const schema = JSON.parse(readFileSync(join(cmsDir, 'src', 'api', name, 'content-types', name, 'schema.json'), 'utf8')) as {
        info: { pluralName: string };
      };
      expect(schema.info.pluralName, uid).toBe(rest);
    }
  });

  it('offers registrants every locale of the locale table for their e-mails, and a label for every profession', () => {
    expect([...LANGUAGES].sort()).toEqual([...localeCodes].sort());
    expect(readSchema('api/registration/content-types/registration/schema.json').attributes.language!.enum).toEqual([...LANGUAGES]);
    for (const role of ROLES) expect(italian, role).toHaveProperty([`registration.role.${role}.label`]);
  });

  it('refuses at save time, with the pattern the site builds with, every slug the site could not use', () => {
    const slugs = contentTypes().filter(({ schema }) => schema.attributes.slug?.type === 'uid');
    expect(slugs.length).toBeGreaterThan(5);
    for (const { uid, schema } of slugs) expect(schema.attributes.slug!.regex, uid).toBe(SLUG_PATTERN);
  });

  it('knows the schemes allowed in every field that holds an address, and no field that does not exist', () => {
    for (const { uid, schema } of contentTypes()) {
      for (const [field, attribute] of Object.entries(schema.attributes)) {
        if (attribute.type === 'string' && /website|url|link|href|homepage/i.test(field)) expect(URL_FIELDS[uid]?.[field], `${uid}.${field}`).toBeDefined();
      }
    }
    const types = new Map(contentTypes().map(({ uid, schema }) => [uid, schema]));
    for (const [uid, fields] of Object.entries(URL_FIELDS))
      for (const field of Object.keys(fields)) expect(types.get(uid)?.attributes[field]?.type, `${uid}.${field}`).toBe('string');
  });

  it('gives every dated type a date and its precision, not localized, with the precisions of the contract', () => {
    const types = new Map(contentTypes().map(({ uid, schema }) => [uid, schema]));
    for (const uid of DATED_TYPES) {
      const attributes = types.get(uid)!.attributes as Record<string, { type?: string; enum?: string[]; pluginOptions?: { i18n?: { localized?: boolean } } }>;
      expect(attributes.date?.type, uid).toBe('date');
      expect(attributes.datePrecision?.enum, uid).toEqual([...DATE_PRECISIONS]);
      expect(attributes.date?.pluginOptions?.i18n?.localized, uid).toBe(false);
      expect(attributes.datePrecision?.pluginOptions?.i18n?.localized, uid).toBe(false);
    }
    // Every type with a date of its own is among them, so the save check reaches it.
    for (const { uid, schema } of contentTypes()) if (schema.attributes.datePrecision) expect(DATED_TYPES, uid).toContain(uid);
  });

  it('gives a project its funders in each language, each with a name, programme, statement, emblem and disclaimer', () => {
    const project = readSchema('api/project/content-types/project/schema.json').attributes as Record<
      string,
      { type?: string; component?: string; repeatable?: boolean; pluginOptions?: { i18n?: { localized?: boolean } } }
    >;
    expect(project.funders).toMatchObject({ type: 'component', component: 'project.funder', repeatable: true, pluginOptions: { i18n: { localized: true } } });
    // One home for who funds a project: the component, not text fields beside it.
    expect(Object.keys(project)).not.toContain('funder');
    expect(Object.keys(project)).not.toContain('programme');
    const funder = readSchema('components/project/funder.json').attributes as Record<string, { type?: string; multiple?: boolean; allowedTypes?: string[] }>;
    expect(Object.fromEntries(Object.entries(funder).map(([name, attribute]) => [name, attribute.type]))).toEqual({
      name: 'string',
      programme: 'string',
      statement: 'string',
      emblem: 'media',
      disclaimer: 'text',
    });
    expect(funder.emblem).toMatchObject({ multiple: false, allowedTypes: ['images'] });
  });

  it('takes one image for an organisation’s logo and a resource’s cover, shared by all languages', () => {
    for (const [path, field] of [
      ['api/organisation/content-types/organisation/schema.json', 'logo'],
      ['api/resource/content-types/resource/schema.json', 'cover'],
    ] as const) {
      const attribute = (readSchema(path).attributes as Record<string, unknown>)[field];
      expect(attribute, `${path} ${field}`).toEqual({
        type: 'media',
        multiple: false,
        allowedTypes: ['images'],
        pluginOptions: { i18n: { localized: false } },
      });
    }
  });

  it('shares its contract modules in a form plain Node loads, as the scripts and benchmarks load them', () => {
    // Vite resolves an import without its extension; Node does not, and the scripts run on Node alone.
    for (const module of [
      '@praxis/contract/registration',
      '@praxis/contract/content-rules',
      '@praxis/contract/locales',
      '@praxis/contract/urls',
      '@praxis/contract/vocabulary',
      '@praxis/contract/webhook',
    ]) {
      const loaded = execFileSync(
        process.execPath,
        ['--no-warnings', '--input-type=module', '-e', `const m = await import(${JSON.stringify(module)}); console.log(Object.keys(m).length);`],
        { cwd: cmsDir, encoding: 'utf8' },
      );
      expect(Number(loaded), module).toBeGreaterThan(0);
    }
  });
});
