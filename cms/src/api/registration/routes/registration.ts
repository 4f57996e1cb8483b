import { publicRegistration } from '../../../registration/public-access';

/**
 * Registration routes. Only `register` is a permission of the public role (see
 * `bootstrap/permissions.ts`); availability is public by nature, and the manage routes are
 * authorised by the signed token in their path, not by a role; the manage-link route is public
 * by nature, like availability, and answers the same whoever asks.
 */
export default {
  routes: [
    { method: 'GET', path: '/webinars/:key/availability', handler: 'registration.availability', config: { auth: false } },
    // The public role's permission checked cheaply, the stock strategies kept for tokens (`public-access.ts`).
    {
      method: 'POST',
      path: '/webinars/:key/registrations',
      handler: 'registration.register',
      config: { auth: { strategies: [publicRegistration, 'content-api-token', 'users-permissions'] } },
    },
    // Answers the same for every address; limited per client and per address (see the controller).
    { method: 'POST', path: '/webinars/:key/manage-link', handler: 'registration.manageLink', config: { auth: false } },
    { method: 'GET', path: '/registrations/manage/:token', handler: 'registration.manage', config: { auth: false } },
    // Cancelling and erasing take two steps: GET asks for confirmation, only POST acts.
    { method: 'GET', path: '/registrations/manage/:token/cancel', handler: 'registration.confirmCancel', config: { auth: false } },
    { method: 'POST', path: '/registrations/manage/:token/cancel', handler: 'registration.cancel', config: { auth: false } },
    { method: 'GET', path: '/registrations/manage/:token/data', handler: 'registration.data', config: { auth: false } },
    { method: 'GET', path: '/registrations/manage/:token/erase', handler: 'registration.confirmErase', config: { auth: false } },
    { method: 'POST', path: '/registrations/manage/:token/erase', handler: 'registration.erase', config: { auth: false } },
  ],
};
