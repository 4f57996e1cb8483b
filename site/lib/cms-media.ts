/**
 * Where the site links a file uploaded to the CMS. Files are served by the CMS
 * (`PRAXIS_CMS_PUBLIC_URL`, default the build's CMS URL).
 */
const base = process.env.PRAXIS_CMS_PUBLIC_URL ?? process.env.PRAXIS_CMS_URL ?? 'http://127.0.0.1:1337';

export function mediaUrl(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${base}${url}`;
}

/** The CMS origin as visitors reach it: downloads, and the registration API the forms post to. */
export function cmsPublicUrl(): string {
  return base.replace(/\/$/, '');
}
