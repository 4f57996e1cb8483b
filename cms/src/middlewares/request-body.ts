/**
 * What a request body may be, checked before `strapi::body` reads a byte of it, and how a body it
 * cannot read is answered.
 *
 * - A declared length over what any parser here would read (1 MB; the largest upload plus 1 MB for
 *   a multipart body) is answered 413 at once, before the body is read. A length of 2^32 or more
 *   used to get no answer at all: co-body reads the header as a 32-bit integer (`~~length`), so
 *   2^32 became 0 and the parser waited for the end of a body that never came.
 * - No request body on any route may be compressed (`Content-Encoding`): no browser or client of
 *   Praxis sends one, and a corrupt one made the body parser fail with a 500.
 * - The public registration routes take JSON or a plain form post in UTF-8, nothing else: a
 *   multipart body would otherwise be written to disk (files are not held to the 1 MB limit) and
 *   its files ignored rather than refused, and a body in another charset read as UTF-8.
 * - Keys that name an object's prototype (`__proto__`, `constructor`, `prototype`, in a JSON body
 *   or as any part of a form key such as `__proto__[x]` or `constructor[prototype][x]`) are refused
 *   on every route: the form parser used to drop them silently and go on (`formKeyDecoder` below).
 *
 * On the registration routes every refusal has the registration API's shape and a stable code:
 * `body.too-large` (413), `body.malformed` (415, or 400 for a body that does not parse),
 * `body.forbidden-key` (400). Elsewhere Strapi's own error shape is kept.
 */
import { FORBIDDEN_KEYS } from '@praxis/contract/registration';
import { LARGEST_UPLOAD } from '../uploads/rules';

/** What `strapi::body` reads of a JSON, form or text body (its `jsonLimit`, `formLimit`, `textLimit`). */
export const BODY_LIMIT = 1024 * 1024;
const MULTIPART_LIMIT = LARGEST_UPLOAD + BODY_LIMIT;

const REGISTRATION_ROUTE = /^\/api\/(?:webinars\/[^/]+\/(?:registrations|manage-link)|registrations\/manage\/[^/]+(?:\/[a-z]+)?)\/?$/;

/** Marks the error thrown for a forbidden form key, so that it is told from other parse errors. */
const FORBIDDEN_KEY = Symbol('praxis.forbiddenKey');

/**
 * The `decoder` given to `qs` (through `strapi::body`'s `queryString`) for form bodies: decodes as
 * `qs` does, and throws on a key any part of which (split at brackets and dots, as `qs` nests them)
 * names a prototype. `qs` would otherwise drop the key and parse the rest.
 */
export function formKeyDecoder(text: string, decode: (text: string, ...rest: unknown[]) => unknown, charset: string, type: 'key' | 'value'): unknown {
  const decoded = decode(text, decode, charset);
  if (type === 'key' && typeof decoded === 'string' && decoded.split(/[[\].]/).some((part) => FORBIDDEN_KEYS.has(part))) {
    throw Object.assign(new Error('A form key names an object prototype.'), { status: 400, expose: true, [FORBIDDEN_KEY]: true });
  }
  return decoded;
}

interface Context {
  req: { resume(): unknown };
  method: string;
  path: string;
  status: number;
  body: unknown;
  get(header: string): string;
  set(header: string, value: string): void;
  is(...types: string[]): string | false | null;
}

type BodyError = Error & { status?: number; statusCode?: number; type?: string; body?: unknown; [FORBIDDEN_KEY]?: boolean };

/** The registration API's code for an error thrown while the body was read, or undefined when it is not one. */
function bodyErrorCode(error: BodyError): { status: number; code: string } | undefined {
  if (error[FORBIDDEN_KEY]) return { status: 400, code: 'body.forbidden-key' };
  const status = error.status ?? error.statusCode;
  // co-body's JSON parser (bourne) refuses `__proto__` and `constructor.prototype` itself.
  if (status === 400 && 'body' in error && /prototype property/.test(error.message)) return { status: 400, code: 'body.forbidden-key' };
  // raw-body's errors have a `type` (entity.too.large, request.size.invalid, charset.unsupported…);
  // co-body's parse errors carry the text that did not parse (`body`).
  if (typeof error.type !== 'string' && !('body' in error)) return undefined;
  if (status === 413) return { status: 413, code: 'body.too-large' };
  if (status === 415) return { status: 415, code: 'body.malformed' };
  return { status: 400, code: 'body.malformed' };
}

export default () => {
  return async (ctx: Context, next: () => Promise<void>) => {
    const registration = REGISTRATION_ROUTE.test(ctx.path);
    // A refusal may leave some of the body unread (the parser stops at the limit): the rest is read
    // and dropped, so that the client, still sending, gets the answer, and its connection can carry
    // the next request. A declared length beyond anything this server reads is not worth reading:
    // that connection is closed after the answer instead.
    const refuse = (status: number, code: string, message: string, { close = false } = {}) => {
      if (close) ctx.set('Connection', 'close');
      else ctx.req.resume();
      ctx.status = status;
      ctx.body = registration
        ? { outcome: 'rejected', errors: [{ field: 'body', code }] }
        : { data: null, error: { status, name: status === 413 ? 'PayloadTooLargeError' : 'UnsupportedMediaTypeError', message, details: {} } };
    };

    const declared = ctx.get('content-length');
    const length = declared === '' ? 0 : Number(declared);
    if (length > (ctx.is('multipart') ? MULTIPART_LIMIT : BODY_LIMIT)) {
      return refuse(413, 'body.too-large', 'The request body is larger than this server accepts.', { close: length > MULTIPART_LIMIT });
    }

    const encoding = ctx.get('content-encoding').trim().toLowerCase();
    // A manage link's cancel button posts nothing (Content-Length: 0): there is no body to check.
    const hasBody = ctx.get('transfer-encoding') !== '' || length > 0;
    // The body parser reads every body as UTF-8 whatever charset it declares: on the registration
    // routes a body that says it is something else is refused rather than read as what it is not.
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(ctx.get('content-type'))?.[1]?.toLowerCase();
    const unreadable =
      registration && ctx.method === 'POST' && (!ctx.is('json', 'urlencoded') || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8'));
    if (hasBody && ((encoding !== '' && encoding !== 'identity') || unreadable)) {
      return refuse(415, 'body.malformed', 'The request body must be JSON or a form post, uncompressed.');
    }

    if (!registration) return next();
    try {
      await next();
    } catch (error) {
      const refusal = bodyErrorCode(error as BodyError);
      if (!refusal) throw error;
      refuse(refusal.status, refusal.code, '');
    }
  };
};
