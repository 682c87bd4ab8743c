// Why the relay could not be reached. A WebSocket that fails tells the page
// nothing (no status, no cause: the browser hides it on purpose), so after a
// command failed with the relay unreachable the page asks the relay URL's
// http(s) twin, once, with a short timeout, and says which of the likely
// causes it is: nothing answers there (refused, no such host, a firewall),
// an HTTP server without that path (404), or an HTTP server that is not a
// WebSocket endpoint. Our relay answers a plain GET with 426 Upgrade Required.
//
// A relay on another origin sends no CORS headers, so the browser lets the
// page see only *that* an answer came (an opaque no-cors response), not its
// status. The page's CSP allows http: and https: in connect-src for this.

import { say, strings } from './view/strings.js';

export const PROBE_TIMEOUT_MS = 1500;

// ws://h/p -> http://h/p, wss:// -> https://
export function httpTwin(relayUrl) {
  const url = new URL(relayUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.search = '';
  return url.href;
}

async function attempt(fetchImpl, url, mode, timeoutMs) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await fetchImpl(url, { mode, cache: 'no-store', signal: abort.signal });
    return { response };
  } catch (error) {
    return { error: abort.signal.aborted ? 'timeout' : 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

// Returns {kind, status, url}: kind is 'websocket' (it looks like a relay:
// 426 or 400), 'not-found' (404), 'not-websocket' (another HTTP answer),
// 'answers' (an answer whose status the browser hides), 'timeout' or 'nothing'.
export async function probeRelay(relayUrl, { fetchImpl = fetch, timeoutMs = PROBE_TIMEOUT_MS } = {}) {
  const url = httpTwin(relayUrl);
  const seen = await attempt(fetchImpl, url, 'cors', timeoutMs);
  if (seen.response) {
    const status = seen.response.status;
    if (status === 426 || status === 400) return { kind: 'websocket', status, url };
    if (status === 404) return { kind: 'not-found', status, url };
    return { kind: 'not-websocket', status, url };
  }
  if (seen.error === 'timeout') return { kind: 'timeout', status: 0, url };
  // A cross-origin server answers without CORS headers: the same failure.
  const blind = await attempt(fetchImpl, url, 'no-cors', timeoutMs);
  if (blind.response) return { kind: 'answers', status: 0, url };
  return { kind: blind.error === 'timeout' ? 'timeout' : 'nothing', status: 0, url };
}

// One sentence for the terminal, in the page's catalogue (probe-KIND).
export function probeWords({ kind, status, url }, table = strings) {
  const where = new URL(url);
  const known = ['nothing', 'timeout', 'not-found', 'not-websocket', 'answers', 'websocket'];
  if (!known.includes(kind)) return '';
  return say(`probe-${kind}`, { host: where.host, path: where.pathname, status, s: String(PROBE_TIMEOUT_MS / 1000).replace('.', say('decimalPoint', {}, table)) }, table);
}
