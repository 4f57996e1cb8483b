import { formats, winston } from '@strapi/logger';
import { config } from '@praxis/contract/config';

/**
 * Strapi warns at every start, once per content type, that `firstPublishedAt` is switched on. It is,
 * on purpose (`features.ts`): those lines would only make a newcomer look for a fault.
 */
const withoutKnownNotices = winston.format((info) => (String(info.message).startsWith('Experimental feature enabled: firstPublishedAt on ') ? false : info));

/** Strapi's console logger, at the level `PRAXIS_CMS_LOG_LEVEL` asks for (default `http`). */
export default {
  level: config().PRAXIS_CMS_LOG_LEVEL,
  format: winston.format.combine(withoutKnownNotices(), formats.prettyPrint()),
  transports: [new winston.transports.Console()],
};
