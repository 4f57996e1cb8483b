import type { Core } from '@strapi/strapi';
import { PUBLIC_TYPES } from '../bootstrap/permissions';

/**
 * Refuses, on the public REST API, any query that reaches what the public may not read: a private
 * field, a password, or a relation to a type that is not public (admin users, registrations…),
 * through `filters`, `sort`, `fields`, `populate` (and the filters, sorts and fields nested in it),
 * or `_q` where the type still has a searchable private field.
 *
 * Strapi leaves private values out of answers, but an answer that changes with a private value
 * tells it one guess at a time ("one result when the join link contains `a`"). So the question is
 * refused, 400 with one stable code (`query.private`), before anything is looked up, whatever the
 * value, and the same whether the entry exists or not.
 */
export const PRIVATE_QUERY = 'query.private';

/** What the public reads: its content types and the files they show. */
const READABLE = new Set<string>([...PUBLIC_TYPES, 'plugin::upload.file']);
const IDENTIFIERS = new Set(['id', 'documentId']);

interface Attribute {
  type: string;
  private?: boolean;
  searchable?: boolean;
  target?: string;
  component?: string;
  relation?: string;
}

interface Model {
  attributes: Record<string, Attribute>;
}

type Refusal = { param: string; path: string };

/** Whether an attribute may not appear in a public query. */
function closed(attribute: Attribute | undefined): boolean {
  if (!attribute) return false; // unknown keys are Strapi's own 400
  if (attribute.private || attribute.type === 'password' || attribute.type === 'dynamiczone') return true;
  if (attribute.type === 'relation') return !attribute.target || !READABLE.has(attribute.target) || attribute.relation?.startsWith('morph') === true;
  return false;
}

/** The model a relation, media or component attribute leads to. */
function nextModel(strapi: Core.Strapi, attribute: Attribute): Model | undefined {
  if (attribute.type === 'relation' && attribute.target) return strapi.getModel(attribute.target as never) as unknown as Model;
  if (attribute.type === 'media') return strapi.getModel('plugin::upload.file' as never) as unknown as Model;
  if (attribute.type === 'component' && attribute.component) return strapi.getModel(attribute.component as never) as unknown as Model;
  return undefined;
}

export class QueryInspector {
  readonly refusals: Refusal[] = [];

  constructor(private readonly strapi: Core.Strapi) {}

  private refuse(param: string, path: string[]): void {
    this.refusals.push({ param, path: path.join('.') });
  }

  /** Walks one attribute path (`organisation.name`); returns the model at its end, if any. */
  private step(model: Model | undefined, key: string, param: string, path: string[]): { model?: Model; stop: boolean } {
    if (!model || IDENTIFIERS.has(key)) return { stop: true };
    const attribute = model.attributes[key];
    if (closed(attribute)) {
      this.refuse(param, [...path, key]);
      return { stop: true };
    }
    return { model: attribute ? nextModel(this.strapi, attribute) : undefined, stop: !attribute };
  }

  filters(model: Model | undefined, value: unknown, path: string[] = [], param = 'filters'): void {
    if (Array.isArray(value)) {
      for (const entry of value) this.filters(model, entry, path, param);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, nested] of Object.entries(value)) {
      if (key === '$and' || key === '$or' || key === '$not') {
        this.filters(model, nested, path, param);
      } else if (!key.startsWith('$')) {
        const next = this.step(model, key, param, path);
        if (!next.stop) this.filters(next.model, nested, [...path, key], param);
      }
    }
  }

  sort(model: Model | undefined, value: unknown, path: string[] = [], param = 'sort'): void {
    if (Array.isArray(value)) {
      for (const entry of value) this.sort(model, entry, path, param);
      return;
    }
    if (typeof value === 'string') {
      for (const part of value.split(',')) {
        let current = model;
        const keys = part.split(':')[0]!.trim().split('.');
        for (const [index, key] of keys.entries()) {
          const next = this.step(current, key, param, [...path, ...keys.slice(0, index)]);
          if (next.stop) break;
          current = next.model;
        }
      }
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, nested] of Object.entries(value)) {
      const next = this.step(model, key, param, path);
      if (!next.stop && nested && typeof nested === 'object') this.sort(next.model, nested, [...path, key], param);
    }
  }

  fields(model: Model | undefined, value: unknown, path: string[] = [], param = 'fields'): void {
    const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
    for (const name of names) if (typeof name === 'string') this.step(model, name.trim(), param, path);
  }

  populate(model: Model | undefined, value: unknown, path: string[] = []): void {
    if (value === '*' || value === true || value === 'true' || value === undefined || value === null) return;
    if (typeof value === 'string') {
      this.populate(model, value.split(','), path);
      return;
    }
    if (Array.isArray(value)) {
      for (const entry of value) {
        if (typeof entry !== 'string') continue;
        let current = model;
        const keys = entry.trim().split('.');
        for (const [index, key] of keys.entries()) {
          const next = this.step(current, key, 'populate', [...path, ...keys.slice(0, index)]);
          if (next.stop) break;
          current = next.model;
        }
      }
      return;
    }
    if (typeof value !== 'object') return;
    for (const [key, nested] of Object.entries(value)) {
      const next = this.step(model, key, 'populate', path);
      if (next.stop || !nested || typeof nested !== 'object') continue;
      const inner = nested as { populate?: unknown; filters?: unknown; sort?: unknown; fields?: unknown; on?: unknown };
      const here = [...path, key];
      if ('on' in inner) this.refuse('populate', [...here, 'on']);
      this.filters(next.model, inner.filters, here, 'populate');
      this.sort(next.model, inner.sort, here, 'populate');
      this.fields(next.model, inner.fields, here, 'populate');
      this.populate(next.model, inner.populate, here);
    }
  }

  /** `_q` searches every searchable text (and, for a number, numeric) field of the type itself. */
  search(model: Model, value: unknown): void {
    if (value === undefined || value === '') return;
    for (const [name, attribute] of Object.entries(model.attributes)) {
      if (attribute.private && attribute.searchable !== false && !['relation', 'media', 'component', 'dynamiczone'].includes(attribute.type))
        this.refuse('_q', [name]);
    }
  }

  /** Everything a query of `uid` asks for. */
  query(uid: string, query: Record<string, unknown>): Refusal[] {
    const model = this.strapi.getModel(uid as never) as unknown as Model;
    this.filters(model, query.filters);
    this.sort(model, query.sort);
    this.fields(model, query.fields);
    this.populate(model, query.populate);
    this.search(model, query._q);
    return this.refusals;
  }
}

interface Context {
  query: Record<string, unknown>;
  status: number;
  body: unknown;
  state: { route?: { handler?: unknown } };
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  return async (ctx: Context, next: () => Promise<void>) => {
    // The route's handler names its type: `api::webinar.webinar.find`.
    const handler = String(ctx.state.route?.handler ?? '');
    const uid = PUBLIC_TYPES.find((candidate) => handler.startsWith(`${candidate}.`));
    if (!uid) throw new Error(`public-query guards the public routes of content types only, not ${handler || 'this route'}`);
    const refusals = new QueryInspector(strapi).query(uid, ctx.query);
    if (refusals.length > 0) {
      const [first] = refusals;
      ctx.status = 400;
      ctx.body = {
        data: null,
        error: {
          status: 400,
          name: 'ValidationError',
          message: `The public API cannot use "${first!.path}" in ${first!.param}: it is not public.`,
          details: { code: PRIVATE_QUERY, refused: refusals },
        },
      };
      return;
    }
    await next();
  };
};
