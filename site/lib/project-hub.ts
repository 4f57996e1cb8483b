/**
 * A project's page is the hub of everything linked to it, so that no item page is a dead end: its
 * partners by country, its events (upcoming and past), workshop reports, resources, webinars,
 * videos and campaigns, good practices and helplines. Every item page links back to its project
 * and its organisation (`itemLinks`, shown by `components/ItemHeader.astro`).
 *
 * How an item reaches its project: most types have a `project` relation (its key); a workshop
 * report through the event it reports on; a resource by the project's acronym, which the CMS keeps
 * as text (`projectOf`). Each list is in the page's language: translations, or fallback pages for
 * the types that have them (`localized.ts`); videos and campaigns have pages only where they are
 * translated, so only those are listed.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { projectSlug } from './catalogue.ts';
import { byWhen, eventTiming, eventWhen } from './events.ts';
import { findPage, localizedPagesIn, type LocalizedPage } from './localized.ts';
import { organisationUrl, projectUrl } from '@praxis/contract/urls';
import { allResources } from './resources.ts';

let projectsByAcronym: Promise<Map<string, string>> | undefined;

/** The key of the project a resource names by its acronym ("A.St.R.A." → "astra"), or undefined. */
export async function projectOf(acronym: string | null): Promise<string | undefined> {
  projectsByAcronym ??= getCollection('projects').then(
    (projects) => new Map(projects.map((project) => [projectSlug(project.data.acronym)!, project.data.key])),
  );
  const slug = projectSlug(acronym);
  return slug === undefined ? undefined : (await projectsByAcronym).get(slug);
}

/** The organisation of key `key` as a reader of `locale` sees it: in that language where it has it, else in any. */
async function organisationIn(key: string, locale: string): Promise<CollectionEntry<'organisations'> | undefined> {
  const versions = await getCollection('organisations', (organisation) => organisation.data.key === key);
  return versions.find((organisation) => organisation.data.locale === locale) ?? versions[0];
}

export interface ItemLink {
  href: string;
  name: string;
}

/**
 * The links from an item's page back to its project and its organisation, where it has them.
 * Organisations have no page of their own: the link leads to their entry in the directory.
 */
export async function itemLinks(
  locale: string,
  about: { project?: string | null | undefined; organisation?: string | null | undefined },
): Promise<{ project?: ItemLink; organisation?: ItemLink }> {
  const project = await findPage('projects', about.project, locale);
  const organisation = about.organisation ? await organisationIn(about.organisation, locale) : undefined;
  return {
    ...(project ? { project: { href: projectUrl(locale, project.entry.data.slug), name: project.entry.data.acronym } } : {}),
    ...(organisation ? { organisation: { href: organisationUrl(locale, organisation.data.key), name: organisation.data.name } } : {}),
  };
}

export interface ProjectHub {
  /** The partners (the lead among them), by country; `country` null for international ones. */
  partners: { country: string | null; organisations: CollectionEntry<'organisations'>[] }[];
  /** Events still to come, soonest first; those over, latest first; those with no date known (`lib/timing.ts`). */
  upcoming: LocalizedPage<'events'>[];
  past: LocalizedPage<'events'>[];
  undated: LocalizedPage<'events'>[];
  reports: LocalizedPage<'workshopReports'>[];
  resources: LocalizedPage<'resources'>[];
  webinars: LocalizedPage<'webinars'>[];
  videos: CollectionEntry<'spotVideos'>[];
  campaigns: CollectionEntry<'campaigns'>[];
  goodPractices: LocalizedPage<'goodPractices'>[];
  /** Helplines the project runs or funds, in the page's language where they have it. */
  helplines: CollectionEntry<'helplines'>[];
}

const byTitle = <T extends { entry: { data: { title: string } } }>(pages: T[], lang: string) =>
  [...pages].sort((a, b) => a.entry.data.title.localeCompare(b.entry.data.title, lang));

/** Everything linked to `project`, for its page in `locale` (BCP 47 `lang` for sorting). */
export async function projectHub(project: CollectionEntry<'projects'>['data'], locale: string, lang: string): Promise<ProjectHub> {
  const key = project.key;
  const ofProject = <T extends { entry: { data: { project: string | null } } }>(pages: T[]) => pages.filter((page) => page.entry.data.project === key);

  const partnerKeys = [...new Set([...(project.lead ? [project.lead] : []), ...project.organisations])];
  const partners = (await Promise.all(partnerKeys.map((organisation) => organisationIn(organisation, locale)))).filter((found) => found !== undefined);
  const countries = [...new Set(partners.map((organisation) => organisation.data.country))];
  const regions = new Intl.DisplayNames([lang], { type: 'region' });
  const countryName = (code: string | null) => (code ? (regions.of(code) ?? code) : '');
  countries.sort((a, b) => (a === null ? 1 : b === null ? -1 : countryName(a).localeCompare(countryName(b), lang)));

  const events = ofProject(await localizedPagesIn('events', locale));
  // Upcoming and past as the events list decides them: by each event's own date and its precision.
  const timed = await Promise.all(events.map(async (page) => ({ page, timing: await eventTiming(page.entry.data), when: await eventWhen(page.entry.data) })));
  const inGroup = (timing: string, direction: 1 | -1) =>
    byWhen(
      timed.filter((item) => item.timing === timing),
      (item) => item.when,
      direction,
    ).map((item) => item.page);
  const upcoming = inGroup('upcoming', 1);
  const past = inGroup('past', -1);
  const undated = inGroup('undated', 1);
  // A report belongs to the project of the event it reports on.
  const eventProjects = new Map((await getCollection('events')).map((event) => [event.data.key, event.data.project]));
  const reports = (await localizedPagesIn('workshopReports', locale)).filter(
    (page) => page.entry.data.event !== null && eventProjects.get(page.entry.data.event) === key,
  );
  const resourceKeys = await projectResourceKeys(key);
  const resources = (await localizedPagesIn('resources', locale)).filter((page) => resourceKeys.has(page.entry.data.key));

  const helplines = new Map<string, CollectionEntry<'helplines'>>();
  for (const helpline of await getCollection('helplines', (entry) => entry.data.project === key)) {
    if (!helplines.has(helpline.data.key) || helpline.data.locale === locale) helplines.set(helpline.data.key, helpline);
  }

  return {
    partners: countries.map((country) => ({
      country,
      organisations: partners.filter((organisation) => organisation.data.country === country).sort((a, b) => a.data.name.localeCompare(b.data.name, lang)),
    })),
    upcoming,
    past,
    undated,
    reports: byTitle(reports, lang),
    resources: byTitle(resources, lang),
    webinars: ofProject(await localizedPagesIn('webinars', locale)).sort((a, b) => b.entry.data.start.getTime() - a.entry.data.start.getTime()),
    videos: (await getCollection('spotVideos', (video) => video.data.locale === locale && video.data.project === key)).sort((a, b) =>
      a.data.title.localeCompare(b.data.title, lang),
    ),
    campaigns: (await getCollection('campaigns', (campaign) => campaign.data.locale === locale && campaign.data.project === key)).sort((a, b) =>
      a.data.title.localeCompare(b.data.title, lang),
    ),
    goodPractices: byTitle(ofProject(await localizedPagesIn('goodPractices', locale)), lang),
    helplines: [...helplines.values()].sort((a, b) => a.data.name.localeCompare(b.data.name, lang)),
  };
}

let resourcesByProject: Promise<Map<string, Set<string>>> | undefined;

/** The keys of the resources a project's page lists, whatever the language: what its page key hashes. Indexed once per build. */
export async function projectResourceKeys(projectKey: string): Promise<Set<string>> {
  resourcesByProject ??= allResources().then(async (resources) => {
    const index = new Map<string, Set<string>>();
    for (const resource of resources) {
      const project = await projectOf(resource.data.project);
      if (project !== undefined) index.set(project, (index.get(project) ?? new Set()).add(resource.data.key));
    }
    return index;
  });
  return (await resourcesByProject).get(projectKey) ?? new Set();
}
