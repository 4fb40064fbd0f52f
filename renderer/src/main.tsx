import '@fontsource/noto-naskh-arabic/arabic-400.css';
import '@fontsource/noto-naskh-arabic/arabic-700.css';
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App';
import { createBridge, type RendererBridge } from './bridge';

// The page's CSP forbids eval; without this zod probes `new Function` and the browser reports a
// CSP violation on every start even though zod falls back cleanly.
z.config({ jitless: true });

async function chooseBridge(): Promise<RendererBridge> {
  // `import.meta.env.DEV` is false in a production build, so the preview and its fixtures are
  // removed from the bundle entirely.
  if (import.meta.env.DEV) {
    const params = new URLSearchParams(window.location.search);
    if (params.has('preview')) {
      const { createPreviewBridge } = await import('./dev/preview-bridge');
      return createPreviewBridge(params);
    }
  }
  return createBridge();
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

void chooseBridge().then((bridge) => {
  createRoot(root).render(
    <StrictMode>
      <App bridge={bridge} />
    </StrictMode>,
  );
});
