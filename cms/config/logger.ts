import { formats, winston } from '@strapi/logger';

/** Strapi's console logger, at the level `PRAXIS_CMS_LOG_LEVEL` asks for (default `http`). */
export default {
  level: process.env.PRAXIS_CMS_LOG_LEVEL ?? 'http',
  format: formats.prettyPrint(),
  transports: [new winston.transports.Console()],
};
