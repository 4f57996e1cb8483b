/**
 * `GET /api/content-versions/:collection?locale=…&relations=a,b`: what the site build asks before
 * it fetches anything (see the controller). Public, like the REST listings it stands in for.
 */
export default {
  routes: [
    {
      method: 'GET',
      path: '/content-versions/:collection',
      handler: 'api::content-version.content-version.find',
      config: { auth: false },
    },
  ],
};
