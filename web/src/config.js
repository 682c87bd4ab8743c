// Where the page finds its relay and its chat server:
//   relay: ?relay= in the page's URL, else "relay" in config.json beside the
//          page, else none. A path such as "/relay" is this origin's (ws:, or
//          wss: for an https page); "none" says none on purpose.
//   chat:  ?chat=, else "chat" in config.json, else, with no relay, the
//          in-browser host's chat server (local:7878), else none (connect HOST:PORT).
// With no relay the page still has the in-browser host (docs/LOCAL_HOST.md):
// a site on a static host with no server of its own is the whole playground.
// config.json may also name an "http" endpoint to suggest for `get`.
// Returns {relay, chat, http, local, warnings}: `local` is true when there is
// no relay; each warning is a sentence for the terminal, in the catalogue
// given (web/src/lang/; English by default).

import { say, strings } from './view/strings.js';

export const LOCAL_CHAT = 'local:7878';
export const LOCAL_HTTP = 'local:80';

// A name (letters, digits, '.', '-', '_'), an IPv4 address, or a bracketed IPv6
// address (with a %zone), then a port.
const HOST_PORT = /^(\[[0-9a-fA-F:.]+(%[A-Za-z0-9._-]+)?\]|[A-Za-z0-9._-]+):([0-9]{1,5})$/;

// A relay URL; NONE for "none"; null when not given or not good (said).
const NONE = Symbol('none');
function checkRelay(value, where, page, warnings, t) {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    warnings.push(t('configRelayNotString', { where }));
    return null;
  }
  if (value === 'none') return NONE;
  if (value.startsWith('/') && !value.startsWith('//')) {
    if (!page.host) {
      warnings.push(t('configRelayPathFromFile', { where, value }));
      return null;
    }
    value = `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}${value}`;
  }
  let url;
  try {
    url = new URL(value);
  } catch {
    warnings.push(t('configRelayNotUrl', { where, value }));
    return null;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    warnings.push(t('configRelayScheme', { where, value }));
    return null;
  }
  if (url.hash || value.includes('#')) {
    warnings.push(t('configRelayFragment', { where, value }));
    return null;
  }
  if (page.protocol === 'https:' && url.protocol === 'ws:') {
    warnings.push(t('configHttpsWs', { where, value }));
  }
  return url.href;
}

function checkHostPort(value, what, where, warnings, t) {
  if (value === undefined || value === null || value === '') return null;
  const match = typeof value === 'string' ? HOST_PORT.exec(value) : null;
  if (!match || Number(match[3]) < 1 || Number(match[3]) > 65535) {
    warnings.push(t('configNotHostPort', { where, what: t(what), value }));
    return null;
  }
  return value;
}

// pageHref: the page's URL. loadJson(url): resolves to the parsed file, or
// null when there is none (404); rejects when it cannot be read or parsed.
// table: the page's catalogue, for the warnings.
export async function resolveConfig(pageHref, loadJson, table = strings) {
  const t = (id, params) => say(id, params, table);
  const page = new URL(pageHref);
  const warnings = [];
  let file = {};
  if (page.protocol === 'http:' || page.protocol === 'https:') {
    try {
      const loaded = await loadJson(new URL('config.json', page).href);
      if (loaded !== null && (typeof loaded !== 'object' || Array.isArray(loaded))) {
        warnings.push(t('configNotObject'));
      } else if (loaded) {
        file = loaded;
      }
    } catch (error) {
      warnings.push(t('configUnreadable', { why: error.words ? t(error.words.id, error.words.params) : error.message || error }));
    }
  }
  const params = page.searchParams;
  const chosen = checkRelay(params.get('relay'), '?relay=', page, warnings, t) ??
                 checkRelay(file.relay, 'config.json', page, warnings, t);
  const relay = chosen === NONE ? null : chosen;
  const local = !relay;
  const chat = checkHostPort(params.get('chat'), 'configChatServer', '?chat=', warnings, t) ??
               checkHostPort(file.chat, 'configChatServer', 'config.json', warnings, t) ?? (local ? LOCAL_CHAT : null);
  const http = checkHostPort(file.http, 'configHttpEndpoint', 'config.json', warnings, t) ?? (local ? LOCAL_HTTP : null);
  return { relay: relay ?? '', chat: chat ?? '', http: http ?? '', local, warnings };
}

// loadJson for the page: fetch, where a missing file is not an error. Its
// errors carry `words`: the catalogue's id for why, and its values.
const unreadable = (id, params = {}) => Object.assign(new Error(say(id, params)), { words: { id, params } });

export async function fetchJson(url) {
  let response;
  try {
    response = await fetch(url, { cache: 'no-cache', signal: AbortSignal.timeout(3000) });
  } catch (error) {
    throw error.name === 'TimeoutError' ? unreadable('configNoAnswer') : unreadable('configNotFetched', { why: error.message });
  }
  if (response.status === 404) return null;
  if (!response.ok) throw unreadable('configHttpStatus', { status: response.status });
  const text = await response.text();
  if (text.length > 64 * 1024) throw unreadable('configTooLarge');
  try {
    return JSON.parse(text);
  } catch {
    throw unreadable('configNotJson');
  }
}
