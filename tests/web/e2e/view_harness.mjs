// Builds and serves the view's harness page (tests/web/fixtures/view_harness.js):
// the page's own index.html and style.css, the view bundled by esbuild with
// the embedded sources, and a script of events for MockRuntime. Nothing of
// the WebAssembly build is needed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { sourcesPlugin } from '../../../scripts/embed_sources.mjs';
import { root } from './stack.mjs';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

// events: the script MockRuntime plays. Returns {url, dir, close()}.
export async function serveHarness(events) {
  const dir = mkdtempSync(path.join(tmpdir(), 'asyncplay-view-'));
  await esbuild.build({
    entryPoints: { app: path.join(root, 'tests/web/fixtures/view_harness.js') },
    outdir: dir, bundle: true, minify: true, format: 'iife', target: ['es2020'], logLevel: 'warning',
    plugins: [sourcesPlugin(path.join(root, 'src'))],
  });
  const index = readFileSync(path.join(root, 'web/index.html'), 'utf8').replace(/\s*<script src="asyncplay.js" defer><\/script>/, '');
  writeFileSync(path.join(dir, 'index.html'), index);
  writeFileSync(path.join(dir, 'events.json'), JSON.stringify(events));
  const server = http.createServer((request, response) => {
    const name = path.basename(new URL(request.url, 'http://x').pathname) || 'index.html';
    try {
      const body = readFileSync(path.join(dir, name));
      response.writeHead(200, { 'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    dir,
    close: () => { server.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}
