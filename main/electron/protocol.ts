import { protocol } from 'electron';
import { APP_SCHEME } from '../contract/channels';
import { CONTENT_SECURITY_POLICY } from '../app/csp';
import { readStaticFile } from '../app/static-files';
import { parseTarget } from '../browser-host/loopback';

/**
 * The renderer is served from app://kiosk/ rather than file://, so it has a real origin the
 * IPC sender check can pin, and every response carries the CSP.
 */
/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export async function appResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
  const url = new URL(requestUrl);
  if (url.host !== 'kiosk') return new Response('not found', { status: 404, headers });
  // The browser host's reading of a path: bad percent-encoding or a NUL is a 400, never a throw.
  const target = parseTarget(url.pathname);
  if (!target) return new Response('bad request', { status: 400, headers });
  const file = await readStaticFile(rendererDir, target.path);
  if (file.status !== 200) return new Response(file.status === 403 ? 'forbidden' : 'not found', { status: file.status, headers });
  return new Response(file.body, { status: 200, headers: { ...headers, 'Content-Type': file.contentType } });
}

/** Must run after app 'ready'. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url));
}
