import { formats, winston } from '@strapi/logger';

/**
 * Strapi warns at every start, once per content type, that `firstPublishedAt` is switched on. It is,
 * on purpose (`features.ts`): those lines would only make a newcomer look for a fault.
 */
const withoutKnownNotices = winston.format((info) => (String(info.message).startsWith('Experimental feature enabled: firstPublishedAt on ') ? false : info));

/** Strapi's console logger, at the level `PRAXIS_CMS_LOG_LEVEL` asks for (default `http`). */
export default {
  level: process.env.PRAXIS_CMS_LOG_LEVEL ?? 'http',
  format: winston.format.combine(withoutKnownNotices(), formats.prettyPrint()),
  transports: [new winston.transports.Console()],
};
