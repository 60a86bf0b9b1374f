import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The page's entry is a few lines that send the dashboard's first request, then import the console
 * (boot.tsx). Named in the page itself, the console's script and styles download while that entry
 * runs, instead of after it.
 */
function preloadConsole(): Plugin {
  return {
    name: 'firebreak-preload-console',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const boot = Object.values(bundle ?? {}).find((output) => output.type === 'chunk' && output.name === 'boot');
        if (!boot || boot.type !== 'chunk') throw new Error('the console chunk (boot) is missing from the build');
        // The chunks the console imports statically, found before its own script is read.
        const scripts = [boot.fileName, ...boot.imports];
        const styles = [...(boot.viteMetadata?.importedCss ?? [])];
        return [
          ...scripts.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `./${file}` }, injectTo: 'head' as const })),
          ...styles.map((file) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: '', href: `./${file}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

// The renderer is served from app://firebreak (desktop) and http://127.0.0.1:PORT (browser mode):
// relative asset URLs work under both.
export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [react(), preloadConsole()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // No inline scripts or data: fonts: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
