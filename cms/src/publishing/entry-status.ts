import type { Core } from '@strapi/strapi';
import type { PublishStatus } from '@praxis/contract/publish-status';
import { siteUrl } from '../registration/site-shell';

/**
 * An entry's life on the site, for its page in the admin: its public address, and whether the
 * publish reached the site (when), is on its way, or failed (why). The publisher reports each
 * build (`status.ts`); a build that went live marks the publishes it carried with the time they went
 * live (`liveAt` of the `published` review step), so the entry keeps when its page went live
 * through later builds.
 */

const REVIEW_STEP = 'api::review-step.review-step';
const STORE = { type: 'core' as const, name: 'praxis', key: 'publish-status' };

/** The site's section and the publisher's collection name of each reviewed type. */
const ON_SITE: Record<string, { section: string; collection: string }> = {
  'api::resource.resource': { section: 'resources', collection: 'resources' },
  'api::good-practice.good-practice': { section: 'good-practices', collection: 'goodPractices' },
  'api::spot-video.spot-video': { section: 'videos', collection: 'spotVideos' },
  'api::workshop-report.workshop-report': { section: 'reports', collection: 'workshopReports' },
};

export interface EntrySiteStatus {
  /** unpublished: no published version; waiting: published, no build has carried it yet; building; live; failed. */
  state: 'unpublished' | 'waiting' | 'building' | 'live' | 'failed';
  /** The page's public address (also while it is on its way). */
  address?: string;
  publishedAt?: string;
  /** When the page went live with this publish. */
  liveAt?: string;
  /** Why the build failed, or why the site left this entry out. */
  reason?: string;
  /** When it was left out: whether its last good version stays on the site. */
  kept?: boolean;
}

const rejectedName = (uid: string, locale: string, slug: string) => `${ON_SITE[uid]?.collection}/${locale}/${slug}`;

export async function entrySiteStatus(strapi: Core.Strapi, uid: string, documentId: string, locale: string): Promise<EntrySiteStatus> {
  const published = (await strapi.db
    .query(uid as never)
    .findOne({ where: { documentId, locale, publishedAt: { $notNull: true } }, select: ['slug', 'publishedAt'] })) as {
    slug?: string;
    publishedAt: string;
  } | null;
  if (!published) return { state: 'unpublished' };
  const section = ON_SITE[uid]?.section;
  const address = section && published.slug ? `${siteUrl()}/${locale}/${section}/${published.slug}/` : undefined;
  const publishedAt = new Date(published.publishedAt).toISOString();
  const base = { ...(address ? { address } : {}), publishedAt };
  const status = (await strapi.store.get(STORE)) as PublishStatus | null;
  const rejected = status?.rejected?.find((item) => item.entry === rejectedName(uid, locale, published.slug ?? ''));
  const carried = !!status && Date.parse(status.startedAt) >= Date.parse(publishedAt);
  if (rejected && carried) return { ...base, state: 'failed', reason: rejected.reason, kept: rejected.kept };
  const step = (await strapi.db
    .query(REVIEW_STEP)
    .findOne({ where: { entryType: uid, entryDocumentId: documentId, locale, step: 'published' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })) as {
    liveAt?: string | null;
  } | null;
  if (step?.liveAt) return { ...base, state: 'live', liveAt: new Date(step.liveAt).toISOString() };
  if (!status || !carried) return { ...base, state: 'waiting' };
  if (status.state === 'building') return { ...base, state: 'building' };
  if (status.state === 'failed') return { ...base, state: 'failed', ...(status.reason ? { reason: status.reason } : {}) };
  return { ...base, state: 'live', ...(status.finishedAt ? { liveAt: status.finishedAt } : {}) };
}

/**
 * When a build has gone live: the publishes it carried (made before it started, not yet live, not
 * left out by the site) went live when it finished.
 */
export async function markPublishesLive(strapi: Core.Strapi, status: PublishStatus): Promise<void> {
  if (status.state !== 'live' || !status.finishedAt) return;
  const pending = (await strapi.db
    .query(REVIEW_STEP)
    .findMany({ where: { step: 'published', liveAt: null, createdAt: { $lte: new Date(status.startedAt) } } })) as Array<{
    id: number;
    entryType: string;
    entryDocumentId: string;
    locale: string;
  }>;
  const rejected = new Set((status.rejected ?? []).map((item) => item.entry));
  for (const step of pending) {
    const row = (await strapi.db
      .query(step.entryType as never)
      .findOne({ where: { documentId: step.entryDocumentId, locale: step.locale, publishedAt: { $notNull: true } }, select: ['slug'] })) as {
      slug?: string;
    } | null;
    if (!row || rejected.has(rejectedName(step.entryType, step.locale, row.slug ?? ''))) continue;
    await strapi.db.query(REVIEW_STEP).update({ where: { id: step.id }, data: { liveAt: new Date(status.finishedAt) } });
  }
}
