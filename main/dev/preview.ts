import type { ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { ScreenId } from '../contract';
import { type BrowserHost, startBrowserHost } from '../browser-host/server';
import { rendererDist, repoRoot } from '../cli/paths';
import { loadSettings } from '../config';
import { createLogger } from '../core/log';
import type { Logger } from '../core/ports';
import { type PreviewKiosk, createPreviewKiosk, driveTo, scenarioFrom } from './scenarios';

/**
 * The dev preview: the real session over in-memory fakes (main/dev/preview-world.ts), served to
 * the hot-reloading renderer by Vite, with the real browser host carrying the contract over its
 * WebSocket. Opening `/preview/<screen>?lang=en&…` takes the session to that screen the way a
 * shopper would, then shows the page; from there every tap goes to the real state machine.
 * Development only: nothing here is part of a shell, and the renderer bundle holds none of it.
 */
export interface Preview {
  /** The Vite dev server's address. */
  url: string;
  kiosk: PreviewKiosk;
  host: BrowserHost;
  close(): Promise<void>;
}

/** Vite reads port 0 as "the default port": ask the system for a free one instead. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `port` 0 picks a free one (tests); the default is 5199. */
export async function startPreview(options: { port?: number; log?: Logger } = {}): Promise<Preview> {
  const log = options.log ?? createLogger('preview');
  const port = options.port === 0 ? await freePort() : (options.port ?? 5199);
  const kiosk = createPreviewKiosk(log);
  const host = await startBrowserHost({ core: kiosk.core, log, rendererDir: rendererDist });
  let vite: ViteDevServer | undefined;
  try {
    vite = await createServer({
      configFile: join(repoRoot, 'renderer', 'vite.config.ts'),
      logLevel: 'warn',
      plugins: [previewRoutes(kiosk, () => new URL(host.launchUrl()).hash)],
      server: {
        port,
        // The host takes WebSockets for its own Host and origin only; the proxy speaks for the page.
        proxy: { '/ws': { target: host.url, ws: true, changeOrigin: true, headers: { origin: new URL(host.url).origin } } },
      },
    });
    await vite.listen();
  } catch (err) {
    await host.close();
    throw err;
  }
  const server = vite;
  return {
    url: server.resolvedUrls?.local[0] ?? `http://localhost:${port}/`,
    kiosk,
    host,
    close: async () => {
      await server.close();
      await host.close();
      kiosk.session.dispose();
    },
  };
}

/** `/preview/<screen>`: drive the session there, then open the page with a fresh launch ticket. */
function previewRoutes(kiosk: PreviewKiosk, ticketFragment: () => string): Plugin {
  const answer = (res: ServerResponse, status: number, text: string): void => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
  };
  return {
    name: 'kiosk-preview',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://preview');
        const match = /^\/preview\/([a-z]+)\/?$/.exec(url.pathname);
        if (!match) return next();
        const screen = ScreenId.safeParse(match[1]);
        if (!screen.success) return answer(res, 404, `no such screen; try one of: ${ScreenId.options.join(', ')}`);
        driveTo(kiosk, scenarioFrom(screen.data, url.searchParams)).then(
          () => res.writeHead(302, { Location: `/${ticketFragment()}` }).end(),
          (err: Error) => answer(res, 409, err.message),
        );
      });
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = loadSettings().dev.previewPort;
  const preview = await startPreview({ port });
  const base = preview.url.replace(/\/$/, '');
  process.stdout.write(
    [
      `PREVIEW_URL=${base}/preview/attract`,
      `screens: ${ScreenId.options.join(', ')}; e.g. ${base}/preview/result?lang=en&outcome=declined`,
      'options: lang=ar|en, outcome=approved|declined|aborted|failed, receipt=printed|failed|printing, prompt=<terminal prompt>, gateway=offline, ministry=1',
      '',
    ].join('\n'),
  );
  const stop = () => void preview.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
