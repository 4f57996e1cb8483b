// What the admin's bundler (Vite) gives for the site's files the admin imports (`brand.ts`): an
// SVG as the address of the file, a `?raw` import as its text.
declare module '*.svg' {
  const url: string;
  export default url;
}
declare module '*?raw' {
  const text: string;
  export default text;
}
