/** Strapi feature switches: the current Media Library, without a notice about the legacy one. */
export default { useLegacyMediaLibrary: false };
