// The whole https deployment in a real browser: `asyncplay dev --tls-cert
// --tls-key` serves the page over https:// and its relay over wss://, with a
// certificate this test makes with Debian's openssl. Chromium is told to trust
// that certificate's key by a launch flag (as an operator's own CA would be
// trusted), and the page chats with the native client through wss://.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, run, startDev, startNativeChat, stopAll, waitForText } from './stack.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'asyncplay-e2e-tls-'));
const tls = { cert: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key') };
let browser;
let dev;

// Chromium's --ignore-certificate-errors-spki-list takes base64 SHA-256 of
// the certificate's public key (SubjectPublicKeyInfo).
function spkiHash(certFile) {
  const spki = new X509Certificate(readFileSync(certFile)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

before(async () => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', tls.key, '-out', tls.cert], { stdio: 'ignore' });
  [browser, dev] = await Promise.all([
    launchBrowser({ args: [`--ignore-certificate-errors-spki-list=${spkiHash(tls.cert)}`] }),
    startDev({ tls }),
  ]);
});
after(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('over https and wss', { timeout: 60000 }, () => {
  test('the page from an https origin chats with the native client through wss://', async () => {
    assert.match(dev.url, /^https:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await openPage(browser, dev.url);
    assert.equal(await page.evaluate(() => location.protocol), 'https:');
    await run(page, 'connect');
    await waitForText(page, `connected to ${dev.chat}`);
    await run(page, 'join rust');
    const native = await startNativeChat(dev.chat);
    native.send('join rust');
    native.send('post rust hello from the terminal');
    await waitForText(page, 'message posted to rust: hello from the terminal');
    await run(page, 'post rust hello over wss');
    await native.waitFor('message posted to rust: hello over wss');
    const relays = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(!relays.some((name) => name.startsWith('http:')), `nothing was fetched over plain http: ${relays.join(', ')}`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
