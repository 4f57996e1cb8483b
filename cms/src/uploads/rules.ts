/**
 * What partners may upload, and how large, per kind of file. SVG, HTML and executables are refused:
 * they can carry scripts that would run on the portal's origin.
 */
export const UPLOAD_KINDS = {
  document: {
    types: [
      'application/pdf',
      'application/vnd.oasis.opendocument.text',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/vnd.oasis.opendocument.presentation',
    ],
    maxBytes: 50 * 1024 * 1024,
  },
  video: { types: ['video/mp4', 'video/webm'], maxBytes: 500 * 1024 * 1024 },
  captions: { types: ['text/vtt'], maxBytes: 1024 * 1024 },
  image: { types: ['image/jpeg', 'image/png', 'image/webp', 'image/avif'], maxBytes: 10 * 1024 * 1024 },
} as const;

export const ALLOWED_TYPES: string[] = Object.values(UPLOAD_KINDS).flatMap((kind) => [...kind.types]);

/** Refused even where a browser or a file's extension claims otherwise. */
export const DENIED_TYPES = [
  'image/svg+xml',
  'text/html',
  'application/xhtml+xml',
  'text/javascript',
  'application/javascript',
  'application/x-msdownload',
  'application/x-executable',
  'application/x-sh',
  'application/x-elf',
  'application/vnd.microsoft.portable-executable',
  'application/x-dosexec',
  'application/java-archive',
];

/** The largest upload of any kind; Strapi's own limit and the body parser's are set to it. */
export const LARGEST_UPLOAD = Math.max(...Object.values(UPLOAD_KINDS).map((kind) => kind.maxBytes));

/** The kind a MIME type belongs to, if it is allowed at all. */
export function uploadKindOf(mime: string): keyof typeof UPLOAD_KINDS | undefined {
  return (Object.keys(UPLOAD_KINDS) as Array<keyof typeof UPLOAD_KINDS>).find((kind) => (UPLOAD_KINDS[kind].types as readonly string[]).includes(mime));
}

/** A clear refusal when a file is larger than its kind allows, or `undefined` when it is fine. */
export function sizeProblem(name: string, mime: string, bytes: number): string | undefined {
  const kind = uploadKindOf(mime);
  if (!kind) return undefined;
  const limit = UPLOAD_KINDS[kind].maxBytes;
  if (bytes <= limit) return undefined;
  return `${name} is ${(bytes / 1024 / 1024).toFixed(1)} MB; a ${kind} file may be at most ${limit / 1024 / 1024} MB.`;
}
