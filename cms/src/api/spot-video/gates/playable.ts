import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

const SPOT_VIDEO = 'api::spot-video.spot-video';

/**
 * A spot is published only when it can play: it needs a Mux playback ID or an uploaded video file.
 * Checked on publish (drafts may be saved half-done), for every way of publishing.
 */
export function registerPlayableSpotGate(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== SPOT_VIDEO || context.action !== 'publish') return next();
    const { documentId, locale } = context.params as { documentId: string; locale?: string };
    const drafts = (await strapi.db.query(SPOT_VIDEO).findMany({
      where: { documentId, publishedAt: null, ...(locale && locale !== '*' ? { locale } : {}) },
      populate: { video: { select: ['id'] } },
    })) as Array<{ muxPlaybackId: string | null; video: { id: number } | null }>;
    if (drafts.some((draft) => !draft.muxPlaybackId && !draft.video)) {
      throw new errors.PolicyError('A spot video needs a Mux playback ID or an uploaded video file before it can be published.');
    }
    return next();
  });
}
