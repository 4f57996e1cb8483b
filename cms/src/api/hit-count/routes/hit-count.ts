/**
 * Reach counting (`@praxis/contract/counting`), reached through the site's origin. Public by
 * nature, like a webinar's availability; there is no route that reads a counter: they are for
 * the admin only.
 */
export default {
  routes: [
    { method: 'POST', path: '/counts/view', handler: 'hit-count.view', config: { auth: false } },
    { method: 'GET', path: '/counts/download', handler: 'hit-count.download', config: { auth: false } },
  ],
};
