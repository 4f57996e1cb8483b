/**
 * Registration routes. Only `register` is a permission of the public role (see
 * `bootstrap/permissions.ts`); availability is public by nature, and the manage routes are
 * authorised by the signed token in their path, not by a role.
 */
export default {
  routes: [
    { method: 'GET', path: '/webinars/:key/availability', handler: 'registration.availability', config: { auth: false } },
    { method: 'POST', path: '/webinars/:key/registrations', handler: 'registration.register' },
    { method: 'GET', path: '/registrations/manage/:token', handler: 'registration.manage', config: { auth: false } },
    { method: 'POST', path: '/registrations/manage/:token/cancel', handler: 'registration.cancel', config: { auth: false } },
    { method: 'GET', path: '/registrations/manage/:token/data', handler: 'registration.data', config: { auth: false } },
    { method: 'POST', path: '/registrations/manage/:token/erase', handler: 'registration.erase', config: { auth: false } },
  ],
};
