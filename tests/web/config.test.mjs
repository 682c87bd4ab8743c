// Where the page finds its relay and chat server: ?relay= / ?chat=, then
// config.json, else no relay and the in-browser host; bad values are said
// and ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from '../../web/src/config.js';

const none = async () => null;
const file = (content) => async () => content;

test('with nothing configured there is no relay, and the in-browser host serves chat and get', async () => {
  const expected = { relay: '', chat: 'local:7878', http: 'local:80', local: true, warnings: [] };
  assert.deepEqual(await resolveConfig('http://play.example:8080/sub/dir/?x=1', none), expected);
  assert.deepEqual(await resolveConfig('https://play.example/', file({ relay: '', chat: '' })), expected);
  assert.deepEqual(await resolveConfig('https://play.example/?relay=none', file({ relay: 'wss://r.example/relay' })),
                   expected);
  assert.deepEqual(await resolveConfig('https://play.example/', file({ relay: 'none', chat: 'c.example:1' })),
                   { ...expected, chat: 'c.example:1' });
});

test('a relay given as a path is this origin\'s', async () => {
  const config = await resolveConfig('http://play.example:8080/sub/', file({ relay: '/relay', chat: 'c:7878' }));
  assert.deepEqual(config, { relay: 'ws://play.example:8080/relay', chat: 'c:7878', http: '', local: false, warnings: [] });
  assert.equal((await resolveConfig('https://play.example/?relay=/r', none)).relay, 'wss://play.example/r');
  const fromFile = await resolveConfig('file:///d/index.html?relay=/relay', none);
  assert.equal(fromFile.relay, '');
  assert.match(fromFile.warnings[0], /a path on this origin/);
});

test('config.json beside the page comes next', async () => {
  let asked;
  const config = await resolveConfig('https://play.example/sub/index.html', async (url) => {
    asked = url;
    return { relay: 'wss://relay.example/relay', chat: 'chat.example:7878', http: 'web.example:80' };
  });
  assert.equal(asked, 'https://play.example/sub/config.json');
  assert.deepEqual(config, { relay: 'wss://relay.example/relay', chat: 'chat.example:7878', http: 'web.example:80',
                             local: false, warnings: [] });
});

test('?relay= and ?chat= in the page URL win', async () => {
  const config = await resolveConfig('http://localhost:8000/?relay=ws://127.0.0.1:9000/relay&chat=127.0.0.1:7878',
                                     file({ relay: 'wss://other/relay', chat: 'other:1' }));
  assert.equal(config.relay, 'ws://127.0.0.1:9000/relay');
  assert.equal(config.chat, '127.0.0.1:7878');
  assert.deepEqual(config.warnings, []);
});

test('bad values are ignored with a sentence saying why', async () => {
  const config = await resolveConfig('http://localhost/?relay=http://x/relay&chat=nope',
                                     file({ relay: 42, chat: 'host:99999', http: '[::1]:80' }));
  assert.equal(config.relay, '');
  assert.equal(config.chat, 'local:7878');  // no good relay or chat server: the in-browser host's
  assert.equal(config.http, '[::1]:80');
  assert.equal(config.warnings.length, 4, config.warnings.join('\n'));
  assert.match(config.warnings[0], /must start with ws:\/\/ or wss:\/\//);
  assert.match(config.warnings[1], /config.json: relay must be a string/);
  assert.match(config.warnings[2], /chat server 'nope' is not HOST:PORT/);
  assert.match(config.warnings[3], /'host:99999' is not HOST:PORT/);
});

test('a relay URL may carry a query but not a fragment', async () => {
  const query = await resolveConfig('http://h/?relay=' + encodeURIComponent('wss://r.example/relay?token=chat'), none);
  assert.equal(query.relay, 'wss://r.example/relay?token=chat');
  const fragment = await resolveConfig('http://h/', file({ relay: 'ws://r.example/relay#x' }));
  assert.equal(fragment.relay, '');
  assert.match(fragment.warnings[0], /#fragment/);
});

test('chat servers by name, IPv4, or bracketed IPv6 (with a zone)', async () => {
  for (const chat of ['chat_server:7878', 'chat.example.org:7878', '10.0.0.2:7878', '[::1]:7878', '[fe80::1%eth0]:7878']) {
    const config = await resolveConfig(`http://h/?chat=${encodeURIComponent(chat)}`, none);
    assert.equal(config.chat, chat);
    assert.deepEqual(config.warnings, []);
  }
  for (const chat of ['::1:7878', 'host:0', 'host', 'a b:1', '[::1]7878']) {
    const config = await resolveConfig(`http://h/?relay=/relay&chat=${encodeURIComponent(chat)}`, none);
    assert.equal(config.chat, '', chat);
    assert.match(config.warnings[0], /is not HOST:PORT/);
  }
});

test('an https page is warned that a ws:// relay will be refused', async () => {
  const config = await resolveConfig('https://play.example/?relay=ws://relay.example/relay', none);
  assert.equal(config.relay, 'ws://relay.example/relay');
  assert.match(config.warnings[0], /use wss:\/\//);
});

test('a config.json that is not an object, or cannot be read, is reported', async () => {
  const array = await resolveConfig('http://h/', file([1, 2]));
  assert.match(array.warnings[0], /expected an object/);
  const broken = await resolveConfig('http://h/', async () => { throw new Error('not valid JSON'); });
  assert.match(broken.warnings[0], /config.json: not valid JSON; ignored/);
  assert.equal(broken.relay, '');
});

test('a page opened from a file has no relay unless told', async () => {
  let asked = false;
  const config = await resolveConfig('file:///home/me/dist/index.html', async () => { asked = true; return null; });
  assert.equal(asked, false);
  assert.equal(config.relay, '');
  assert.equal(config.local, true);
  const told = await resolveConfig('file:///home/me/dist/index.html?relay=ws://127.0.0.1:8080/relay', none);
  assert.equal(told.relay, 'ws://127.0.0.1:8080/relay');
});
