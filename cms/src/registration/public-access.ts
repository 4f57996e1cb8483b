/**
 * The registration route's check that the public role may register, made cheap.
 *
 * Strapi's stock check (the users-permissions strategy) reads every permission of the public role
 * from the database and builds a CASL ability from them on every request without a token, for the
 * one action the route needs; under a burst of registrations that was among the largest costs of
 * a request in the CMS process. This strategy, declared on the route before the stock ones,
 * answers a request without an `Authorization` header from one question, "does the public role
 * hold `api::registration.registration.register`?", read from the database at most once every
 * `FRESH_MS` per process: a permission withdrawn in the admin (the bootstrap grants it again at
 * the next start, `bootstrap/permissions.ts`) stops registrations within that time in every
 * process. When the role lacks it, or the request carries a token, it steps aside and the stock
 * strategies answer exactly as before (403 for the public, the token's own rights otherwise).
 */
import type { Core } from '@strapi/strapi';

export const REGISTER_ACTION = 'api::registration.registration.register';

/** How long a process trusts what it last read of the public role's permission. */
const FRESH_MS = 1000;

let known: { allowed: boolean; readAt: number } | undefined;
let reading: Promise<boolean> | undefined;

async function publicMayRegister(strapi: Core.Strapi): Promise<boolean> {
  if (known && Date.now() - known.readAt < FRESH_MS) return known.allowed;
  // One read at a time: a burst arriving as the answer goes stale waits for the same one.
  reading ??= strapi.db
    .query('plugin::users-permissions.permission')
    .count({ where: { action: REGISTER_ACTION, role: { type: 'public' } } })
    .then((count: number) => {
      known = { allowed: count > 0, readAt: Date.now() };
      return known.allowed;
    })
    .finally(() => {
      reading = undefined;
    });
  return reading;
}

interface Context {
  request: { header: Record<string, string | string[] | undefined> };
}

/** The route's strategy: `authenticate` and `verify` as Strapi's auth service calls them. */
export const publicRegistration = {
  name: 'praxis-public-registration',
  async authenticate(ctx: Context) {
    // A token is for the stock strategies to judge, with its own rights.
    if (ctx.request.header.authorization) return { authenticated: false };
    if (!(await publicMayRegister(strapi))) return { authenticated: false };
    return { authenticated: true, credentials: null, ability: null };
  },
  verify(_auth: unknown, config: { scope?: string[] }) {
    // Authenticated above for registering only: any other scope is not this strategy's to grant.
    if (!config.scope || config.scope.some((scope) => scope !== REGISTER_ACTION)) {
      const { errors } = require('@strapi/utils') as typeof import('@strapi/utils');
      throw new errors.ForbiddenError();
    }
  },
};
