import { open } from 'node:fs/promises';
import { errors } from '@strapi/utils';
import { guardUploadRoutes } from '../../uploads/ownership';
import { contentProblem, sizeProblem } from '../../uploads/rules';

interface UploadedInput {
  originalFilename?: string;
  name?: string;
  mimetype?: string;
  type?: string;
  size: number;
  filepath?: string;
}

type UploadService = {
  upload: (args: { files: UploadedInput | UploadedInput[] }, ...rest: unknown[]) => Promise<unknown>;
  replace: (id: unknown, args: { file: UploadedInput }, ...rest: unknown[]) => Promise<unknown>;
} & Record<string, unknown>;

async function firstBytes(path: string, length = 32): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Refuses a file too large for its kind, or whose content does not start the way its type says. */
async function checkFile(file: UploadedInput): Promise<void> {
  const name = file.originalFilename ?? file.name ?? 'The file';
  const mime = file.mimetype ?? file.type ?? '';
  const tooLarge = sizeProblem(name, mime, file.size);
  if (tooLarge) throw new errors.PayloadTooLargeError(tooLarge);
  const mismatch = file.filepath ? contentProblem(name, mime, await firstBytes(file.filepath)) : undefined;
  if (mismatch) throw new errors.ValidationError(mismatch);
}

/**
 * Adds two checks to Strapi's upload service before anything is stored, on a new upload and on a
 * replacement alike (a replacement keeps the file's address, so it must pass what an upload
 * passes): the size limit of each kind of file (Strapi's own `sizeLimit` is one number for every
 * kind), and that the content starts the way its type says. Types themselves are checked by the
 * upload plugin's `security` settings in `config/plugins.ts`.
 *
 * Every media-library admin route is also checked for who may act on which files
 * (`uploads/ownership.ts`).
 */
export default (plugin: {
  services: Record<string, (deps: { strapi: unknown }) => UploadService>;
  routes: Record<string, { routes: Array<{ method: string; path: string }> }>;
}) => {
  const createUploadService = plugin.services.upload!;
  plugin.services.upload = (deps) => {
    const service = createUploadService(deps);
    const upload = service.upload.bind(service);
    const replace = service.replace.bind(service);
    return Object.assign(service, {
      upload: async (args: { files: UploadedInput | UploadedInput[] }, ...rest: unknown[]) => {
        for (const file of Array.isArray(args.files) ? args.files : [args.files]) await checkFile(file);
        return upload(args, ...rest);
      },
      replace: async (id: unknown, args: { file: UploadedInput }, ...rest: unknown[]) => {
        await checkFile(args.file);
        return replace(id, args, ...rest);
      },
    });
  };
  guardUploadRoutes(plugin.routes.admin!.routes);
  return plugin;
};
