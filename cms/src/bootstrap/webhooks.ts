import type { Core } from '@strapi/strapi';
import { config } from '@praxis/contract/config';
import { WEBHOOK_SECRET_HEADER } from '@praxis/contract/webhook';

/** The webhook that tells the publisher to rebuild the site when published content changes. */
export const PUBLISHER_WEBHOOK = 'Praxis publisher';

interface Webhook {
  id: string | number;
  name: string;
  url: string;
  headers: Record<string, string>;
  events: string[];
  isEnabled: boolean;
}

/**
 * Registers, in code, the publisher's webhook for publish, unpublish and delete. The URL comes from
 * `PRAXIS_PUBLISH_WEBHOOK_URL` (default: the publisher on loopback); `PRAXIS_WEBHOOK_SECRET` is sent
 * in a header so the publisher can tell the CMS from anyone else; `PRAXIS_WEBHOOKS=off` disables it
 * in processes that must not trigger rebuilds (the seed, which rebuilds nothing itself).
 */
export async function syncWebhooks(strapi: Core.Strapi): Promise<void> {
  const store = strapi.get('webhookStore') as {
    findWebhooks(): Promise<Webhook[]>;
    createWebhook(data: Omit<Webhook, 'id'>): Promise<Webhook>;
    updateWebhook(id: Webhook['id'], data: Omit<Webhook, 'id'>): Promise<Webhook>;
  };
  const runner = strapi.get('webhookRunner') as { add(webhook: Webhook): void; update(webhook: Webhook): void };
  const wanted: Omit<Webhook, 'id'> = {
    name: PUBLISHER_WEBHOOK,
    url: config().PRAXIS_PUBLISH_WEBHOOK_URL,
    headers: config().PRAXIS_WEBHOOK_SECRET ? { [WEBHOOK_SECRET_HEADER]: config().PRAXIS_WEBHOOK_SECRET! } : ({} as Record<string, string>),
    events: ['entry.publish', 'entry.unpublish', 'entry.delete'],
    isEnabled: config().PRAXIS_WEBHOOKS !== 'off',
  };
  const existing = (await store.findWebhooks()).find((webhook) => webhook.name === PUBLISHER_WEBHOOK);
  if (existing) {
    const updated = await store.updateWebhook(existing.id, wanted);
    runner.update(updated);
  } else {
    runner.add(await store.createWebhook(wanted));
  }
}
