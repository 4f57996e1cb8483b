/**
 * What partners may upload, and how large, per kind of file. SVG, HTML and executables are refused:
 * they can carry scripts that would run on the portal's origin.
 */
export const UPLOAD_KINDS = {
  document: {
    label: 'a document',
    types: [
      'application/pdf',
      'application/vnd.oasis.opendocument.text',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/vnd.oasis.opendocument.presentation',
    ],
    maxBytes: 50 * 1024 * 1024,
  },
  video: { label: 'a video', types: ['video/mp4', 'video/webm'], maxBytes: 500 * 1024 * 1024 },
  captions: { label: 'a captions file', types: ['text/vtt'], maxBytes: 1024 * 1024 },
  image: { label: 'an image', types: ['image/jpeg', 'image/png', 'image/webp', 'image/avif'], maxBytes: 10 * 1024 * 1024 },
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
  return `${name} is ${(bytes / 1024 / 1024).toFixed(1)} MB; ${UPLOAD_KINDS[kind].label} may be at most ${limit / 1024 / 1024} MB.`;
}

/** The first bytes each allowed type starts with (a file's "magic number"). */
const SIGNATURES: Record<string, (head: Buffer) => boolean> = {
  'application/pdf': (head) => head.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (head) => head.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
  'image/jpeg': (head) => head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  'image/webp': (head) => head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP',
  'image/avif': (head) => head.subarray(4, 8).toString('latin1') === 'ftyp' && ['avif', 'avis'].includes(head.subarray(8, 12).toString('latin1')),
  'video/mp4': (head) => head.subarray(4, 8).toString('latin1') === 'ftyp',
  'video/webm': (head) => head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])),
  'text/vtt': (head) =>
    head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .startsWith('WEBVTT'),
};
// OpenDocument and Office Open XML files are ZIP archives.
for (const type of UPLOAD_KINDS.document.types)
  if (type !== 'application/pdf') SIGNATURES[type] = (head) => head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'));

/**
 * A refusal when a file's content does not start the way its type says, or `undefined` when it
 * does. Text formats such as HTML have no signature to detect, so a page renamed `.pdf` would
 * otherwise pass as the PDF it claims to be.
 */
export function contentProblem(name: string, mime: string, head: Buffer): string | undefined {
  const matches = SIGNATURES[mime];
  if (!matches || matches(head)) return undefined;
  return `${name} is not a valid ${mime} file: its content is of another type.`;
}
