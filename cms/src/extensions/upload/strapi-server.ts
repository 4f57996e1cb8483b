import { errors } from '@strapi/utils';
import { sizeProblem } from '../../uploads/rules';

interface UploadedInput {
  originalFilename?: string;
  name?: string;
  mimetype?: string;
  type?: string;
  size: number;
}

type UploadService = { upload: (args: { files: UploadedInput | UploadedInput[] }, ...rest: unknown[]) => Promise<unknown> } & Record<string, unknown>;

/**
 * Adds the per-kind size limits to Strapi's upload service (its own `sizeLimit` is one number for
 * every kind). Types are checked by the upload plugin's `security` settings in `config/plugins.ts`.
 */
export default (plugin: { services: Record<string, (deps: { strapi: unknown }) => UploadService> }) => {
  const createUploadService = plugin.services.upload!;
  plugin.services.upload = (deps) => {
    const service = createUploadService(deps);
    const upload = service.upload.bind(service);
    return Object.assign(service, {
      upload: async (args: { files: UploadedInput | UploadedInput[] }, ...rest: unknown[]) => {
        for (const file of Array.isArray(args.files) ? args.files : [args.files]) {
          const problem = sizeProblem(file.originalFilename ?? file.name ?? 'The file', file.mimetype ?? file.type ?? '', file.size);
          if (problem) throw new errors.PayloadTooLargeError(problem);
        }
        return upload(args, ...rest);
      },
    });
  };
  return plugin;
};
