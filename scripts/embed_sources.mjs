// The C++ the page's source pane shows: the async functions a playground
// command goes through, read from src/ at build time and bundled as the
// module `asyncplay:sources` ({"http/cheapo_request.cpp": "…text…", …},
// keyed as the events' `file` fields are: relative to src/). A listed file
// that is missing fails the build: the pane would silently lose it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const EMBEDDED = [
  'http/cheapo_request.cpp',
  'wasm/console.cpp',
  'chat/client.cpp',
  'net/tcp_stream_websocket.cpp',
  'net/tcp_stream.cpp',
  'chat/client_session.cpp',
  'compose/build.cpp',  // run EXPR: the coroutine of each function
];

export async function readSources(srcDir, files = EMBEDDED) {
  const sources = {};
  const missing = [];
  for (const file of files) {
    try {
      sources[file] = await readFile(path.join(srcDir, file), 'utf8');
    } catch (error) {
      missing.push(`${path.join(srcDir, file)} (${error.code || error.message})`);
    }
  }
  if (missing.length) throw new Error(`the source pane embeds files that are missing: ${missing.join(', ')}`);
  return sources;
}

// The esbuild plugin that serves `import sources from 'asyncplay:sources'`.
export function sourcesPlugin(srcDir, files = EMBEDDED) {
  return {
    name: 'asyncplay-sources',
    setup(build) {
      build.onResolve({ filter: /^asyncplay:sources$/ }, () => ({ path: 'sources', namespace: 'asyncplay-sources' }));
      build.onLoad({ filter: /.*/, namespace: 'asyncplay-sources' }, async () => ({
        contents: JSON.stringify(await readSources(srcDir, files)),
        loader: 'json',
        watchFiles: files.map((f) => path.join(srcDir, f)),
      }));
    },
  };
}
