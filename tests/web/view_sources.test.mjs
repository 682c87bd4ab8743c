// The source pane's C++ comes from src/ at build time: every listed file is
// embedded under its path relative to src/ (the events' `file`), and a
// missing one fails the build instead of leaving the pane silently empty.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { EMBEDDED, readSources, sourcesPlugin } from '../../scripts/embed_sources.mjs';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

test('the files the playground\'s commands go through are embedded, keyed by their path under src/', async () => {
  for (const file of ['http/cheapo_request.cpp', 'wasm/console.cpp', 'chat/client.cpp', 'net/tcp_stream_websocket.cpp']) {
    assert.ok(EMBEDDED.includes(file), file);
  }
  const sources = await readSources(src);
  assert.deepEqual(Object.keys(sources), EMBEDDED);
  for (const file of EMBEDDED) assert.equal(sources[file], readFileSync(path.join(src, file), 'utf8'));
});

test('a listed file that is missing fails, naming it', async () => {
  await assert.rejects(readSources(src, ['http/cheapo_request.cpp', 'http/no_such_file.cpp']), /no_such_file\.cpp/);
});

test('the bundle holds the sources as the module asyncplay:sources', async () => {
  const result = await esbuild.build({
    stdin: { contents: "import s from 'asyncplay:sources'; globalThis.out = s;", resolveDir: src },
    bundle: true, write: false, format: 'iife', plugins: [sourcesPlugin(src, ['chat/client.cpp'])], logLevel: 'silent',
  });
  const context = {};
  new Function('globalThis', result.outputFiles[0].text)(context);
  assert.deepEqual(Object.keys(context.out), ['chat/client.cpp']);
  assert.match(context.out['chat/client.cpp'], /co_await replies\.next_line\(\)/);
  await assert.rejects(esbuild.build({
    stdin: { contents: "import s from 'asyncplay:sources';", resolveDir: src },
    bundle: true, write: false, plugins: [sourcesPlugin(src, ['gone.cpp'])], logLevel: 'silent',
  }), /gone\.cpp/);
});
