// Bundles the web page into dist/: index.html, app.js and app.css (xterm.js
// and the page's code, by esbuild), and the runtime built by Emscripten
// (asyncplay.js, asyncplay.wasm), the in-browser host (host_worker.js and its
// module asyncplay_host.js, asyncplay_host.wasm: docs/LOCAL_HOST.md), and config.json. The live view's source pane
// gets the C++ it shows from src/ (scripts/embed_sources.mjs). Every path is relative, so dist/ can be
// served from any folder of any static host. Usage: node scripts/build_site.mjs [OUT]
import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { readSources, sourcesPlugin } from './embed_sources.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(root, process.argv[2] ?? 'dist');
const runtime = path.join(root, 'build/wasm/web');

const RUNTIME_FILES = ['asyncplay.js', 'asyncplay.wasm', 'asyncplay_host.js', 'asyncplay_host.wasm'];
for (const file of RUNTIME_FILES) {
  await stat(path.join(runtime, file)).catch(() => {
    console.error(`build_site: ${path.join(runtime, file)} is missing: build it first (npm run build does)`);
    process.exit(1);
  });
}
const src = path.join(root, 'src');
await readSources(src).catch((error) => {
  console.error(`build_site: ${error.message}`);
  process.exit(1);
});
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await esbuild.build({
  entryPoints: { app: path.join(root, 'web/src/main.js') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'eof',  // xterm.js's licence stays with it
  logLevel: 'warning',
  plugins: [sourcesPlugin(src)],
});
// The in-browser host's worker: a classic script (it loads asyncplay_host.js
// with importScripts), the same in a SharedWorker and a Worker.
await esbuild.build({
  entryPoints: { host_worker: path.join(root, 'web/src/local/host_worker.js') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  logLevel: 'warning',
});
for (const [from, to] of [[path.join(root, 'web/index.html'), 'index.html'],
                          ...RUNTIME_FILES.map((file) => [path.join(runtime, file), file])]) {
  await copyFile(from, path.join(out, to));
}
// The keys a host fills in (README.md, "Hosting the page"); empty means the defaults.
await writeFile(path.join(out, 'config.json'), `${JSON.stringify({ relay: '', chat: '' }, null, 2)}\n`);
console.error(`build_site: wrote ${path.relative(process.cwd(), out) || '.'}/`);
