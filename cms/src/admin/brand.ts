/**
 * The admin in Praxis's colours and with its mark: the colours are read from the site's tokens
 * (site/styles/tokens.css), their one home, so the admin and the site cannot drift apart. Keys are
 * those of Strapi's design-system theme (`primary600` for links and selection, `buttonPrimary600`
 * for primary buttons, `…500` on hover).
 */
import tokens from '../../../site/styles/tokens.css?raw';
import logo from '../../../site/assets/brand/praxis-logo.svg';
import mark from '../../../site/assets/brand/praxis-mark.svg';

/** `--color-<name>: #rrggbb` lines of the tokens file, by name. */
const colour = (name: string): string => {
  const found = new RegExp(`--color-${name}:\\s*(#[0-9a-fA-F]{6})\\b`).exec(tokens);
  if (!found) throw new Error(`site/styles/tokens.css has no --color-${name}`);
  return found[1]!;
};

export const brandConfig = {
  auth: { logo },
  menu: { logo: mark },
  head: { favicon: mark },
  theme: {
    light: {
      colors: {
        primary100: colour('brand-tint'),
        primary200: colour('line'),
        primary500: colour('brand'),
        primary600: colour('brand'),
        primary700: colour('brand-strong'),
        buttonPrimary500: colour('brand-strong'),
        buttonPrimary600: colour('brand'),
      },
    },
    // On the dark theme's near-black, links and selection are saffron; buttons keep the teal.
    dark: {
      colors: {
        primary500: colour('brand'),
        primary600: colour('accent'),
        primary700: colour('accent'),
        buttonPrimary500: colour('brand-strong'),
        buttonPrimary600: colour('brand'),
      },
    },
  },
};
