// The colour theme: the system's preference unless the person picked light or dark.
// Kept in a cookie so the server renders <html data-theme> itself: no flash, no hydration difference.

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = 'theme';

export const isTheme = (value: unknown): value is Theme => (THEMES as readonly unknown[]).includes(value);

/** The `data-theme` attribute for a theme; none for "system", so the media query decides. */
export const themeAttribute = (theme: Theme) => (theme === 'system' ? undefined : theme);

export function applyTheme(theme: Theme) {
  const attribute = themeAttribute(theme);
  if (attribute) document.documentElement.dataset.theme = attribute;
  else delete document.documentElement.dataset.theme;
  // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, read by the server layout
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax`;
}
