/**
 * One strict policy for the desktop window and browser mode alike (Electron security checklist:
 * define a Content-Security-Policy). Only the app's own scripts, styles and API; nothing remote.
 * The only definition: sent as a header by the app:// protocol and by browser mode; index.html
 * carries no meta copy (the page is never loaded from file://), so two policies cannot drift.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
