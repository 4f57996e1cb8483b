/**
 * Imported by the browser files that open the CMS's admin panel or run `npm start`: the panel is
 * built beside the first files of the run (`scripts/local/throwaway/cms-build.ts`), and such a file
 * must not open it half-built, nor let `npm start` build it again over an unfinished build. Strapi
 * itself starts without it (it serves the panel's files only when asked), so the other files,
 * browser files included, do not wait.
 *
 *   import '../support/cms-admin-built.ts';
 *
 * On import, before the file starts its CMS: Strapi picks the panel's folder when it starts, and a
 * CMS started before the build finished never serves the panel.
 */
import { inject } from 'vitest';
import { cmsAdminBuilt } from '../../scripts/local/throwaway/cms-build.ts';

await cmsAdminBuilt(inject('praxisRunDir'));
