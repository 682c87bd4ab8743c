// The welcome (web/src/banner.js), in both languages: what the playground is,
// how to start the tour, what to try, and what `trace on` and `tasks` show.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { banner } from '../../web/src/banner.js';
import en from '../../web/src/lang/en.js';
import es from '../../web/src/lang/es.js';

const config = { relay: 'ws://127.0.0.1:8080/relay', chat: '127.0.0.1:7878', http: '127.0.0.1:7879' };

test('the welcome says how to start the tour, in each language', () => {
  assert.match(banner(config, { table: en }), /Type tour \(or press Tour below\)/);
  assert.match(banner(config, { table: es }), /Escribe tour \(o pulsa Recorrido, abajo\)/);
});

test('it names the relay and chat server, what to try, and what trace on and tasks show', () => {
  const text = banner(config, { table: en });
  assert.match(text, /relay ws:\/\/127\.0\.0\.1:8080\/relay, chat server 127\.0\.0\.1:7878/);
  assert.match(text, /try: connect, join rust, post rust hello, get 127\.0\.0\.1 7879 \/, tasks, trace on, help/);
  assert.match(text, /`trace on` prints every spawn, poll and wake/);
  assert.match(banner(config, { table: es }), /servidor de chat 127\.0\.0\.1:7878/);
  assert.match(banner({ relay: '', chat: '', http: '' }, { table: en }), /relay \(none\)\n.*\ntry: connect HOST:PORT/);
});
