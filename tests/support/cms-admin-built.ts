/**
 * Set up before each browser test file: the CMS's admin panel is built beside the first files of the
 * run (`scripts/local/throwaway/cms-build.ts`), and a browser file may open the admin, or run
 * `npm start`, which would build it again on an unfinished build. The CMS files need only the
 * compiled server and do not wait.
 */
import { inject } from 'vitest';
import { cmsAdminBuilt } from '../../scripts/local/throwaway/cms-build.ts';

await cmsAdminBuilt(inject('praxisRunDir'));
