/**
 * One Content-Security-Policy for both shells and the page itself (renderer/vite.config.ts puts
 * it in a <meta> too). Everything the UI needs ships with it (scripts,
 * styles, fonts, sounds), so nothing remote is allowed; `connect-src 'self'` covers the browser
 * host's same-origin WebSocket and nothing else.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self'",
  "media-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
