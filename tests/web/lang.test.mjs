// The page's two catalogues (web/src/lang/) and how the language is chosen.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import en from '../../web/src/lang/en.js';
import es from '../../web/src/lang/es.js';
import { chooseLanguage } from '../../web/src/lang/choose.js';
import { tourAsides, tourSteps } from '../../web/src/tour/steps.js';

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every key of either catalogue is in the other', () => {
  const missingInEs = Object.keys(en).filter((key) => !(key in es));
  const missingInEn = Object.keys(es).filter((key) => !(key in en));
  assert.deepEqual(missingInEs, [], 'keys missing in es.js');
  assert.deepEqual(missingInEn, [], 'keys missing in en.js');
});

test('each translation fills the same {placeholders} and is not empty', () => {
  for (const key of Object.keys(en)) {
    assert.ok(es[key]?.trim(), `es.js: ${key} is empty`);
    assert.deepEqual(placeholders(es[key]), placeholders(en[key]), `es.js: ${key} has other placeholders`);
  }
});

test('the Spanish catalogue is Spanish, not English left in place', () => {
  // The same in both by design: ids, units, the book's terms, words Spanish borrows.
  const sameByDesign = ['bannerWhere', 'statusRelay', 'statusChat', 'sayRelay', 'delayMs', 'colId', 'colPolls', 'colWakes',
                        'lintMark', 'state-pending', 'runtimeMark', 'ms', 's', 'us', 'hostTaskPrefix',
                        'cause-websocket', 'cause-local', 'cause-yield', 'cause-fd', 'configHttpStatus'].sort();
  const same = Object.keys(en).filter((key) => en[key] === es[key]).sort();
  assert.deepEqual(same, sameByDesign);
});

test('every tour step and aside has its words, and each {placeholder} a value', () => {
  for (const step of [...tourSteps('127.0.0.1:7879'), ...tourAsides()]) {
    const keys = ['Title', 'Text', 'Watch', ...(step.actions.length ? ['Do'] : [])].map((part) => `tour${step.id}${part}`);
    if (step.aside) keys.push(`tour${step.aside}Open`);
    for (const key of keys) {
      assert.ok(key in en, `en.js: ${key} is missing`);
      for (const name of placeholders(en[key])) assert.ok(name in step.params, `${key}: no value for {${name}}`);
    }
    if (step.aside) assert.ok(tourAsides().some((a) => a.id === step.aside && a.of === step.id), `${step.aside} belongs to ${step.id}`);
  }
});

test('?lang= comes first, then the remembered choice, then the browser', () => {
  assert.equal(chooseLanguage({ search: '?lang=es', stored: 'en', preferred: ['en-US'] }), 'es');
  assert.equal(chooseLanguage({ search: '?lang=EN', stored: 'es', preferred: ['es-ES'] }), 'en');
  assert.equal(chooseLanguage({ search: '?lang=fr', stored: 'es', preferred: ['en'] }), 'es', 'an unknown ?lang= is ignored');
  assert.equal(chooseLanguage({ search: '', stored: null, preferred: ['fr-FR', 'es-MX', 'en'] }), 'es');
  assert.equal(chooseLanguage({ search: '', stored: 'de', preferred: ['de-DE'] }), 'en', 'none of ours: English');
  assert.equal(chooseLanguage({}), 'en');
});

test('the relay probe says why in the page\'s language', async () => {
  const { probeWords } = await import('../../web/src/relay_probe.js');
  const found = { kind: 'timeout', status: 0, url: 'http://h:1/relay' };
  assert.equal(probeWords(found), 'h:1 gave no answer within 1.5 s: a firewall, or a server too busy to reply.');
  assert.equal(probeWords(found, es), 'h:1 no respondió en 1,5 s: un cortafuegos, o un servidor demasiado ocupado para contestar.');
  assert.equal(probeWords({ ...found, kind: 'unheard-of' }, es), '');
});

test('a broken configuration is said in the page\'s language', async () => {
  const { resolveConfig } = await import('../../web/src/config.js');
  const config = await resolveConfig('http://page.example/?relay=ftp://x&chat=nope', async () => null, es);
  assert.deepEqual(config.warnings, ["?relay=: el relay 'ftp://x' debe empezar por ws:// o wss://; se ignora",
                                     "?chat=: el servidor de chat 'nope' no es HOST:PORT; se ignora"]);
  const broken = await resolveConfig('http://page.example/', async () => { throw Object.assign(new Error('x'), { words: { id: 'configNotJson' } }); }, es);
  assert.deepEqual(broken.warnings, ['config.json: no es JSON válido; se ignora']);
});
