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
// no relay; each warning is a sentence for the terminal.

export const LOCAL_CHAT = 'local:7878';
export const LOCAL_HTTP = 'local:80';

// A name (letters, digits, '.', '-', '_'), an IPv4 address, or a bracketed IPv6
// address (with a %zone), then a port.
const HOST_PORT = /^(\[[0-9a-fA-F:.]+(%[A-Za-z0-9._-]+)?\]|[A-Za-z0-9._-]+):([0-9]{1,5})$/;

// A relay URL; NONE for "none"; null when not given or not good (said).
const NONE = Symbol('none');
function checkRelay(value, where, page, warnings) {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    warnings.push(`${where}: relay must be a string such as "wss://relay.example/relay"; ignored`);
    return null;
  }
  if (value === 'none') return NONE;
  if (value.startsWith('/') && !value.startsWith('//')) {
    if (!page.host) {
      warnings.push(`${where}: relay '${value}' is a path on this origin, and a page opened from a file has none; ignored`);
      return null;
    }
    value = `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}${value}`;
  }
  let url;
  try {
    url = new URL(value);
  } catch {
    warnings.push(`${where}: relay '${value}' is not a URL; ignored`);
    return null;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    warnings.push(`${where}: relay '${value}' must start with ws:// or wss://; ignored`);
    return null;
  }
  if (url.hash || value.includes('#')) {
    warnings.push(`${where}: relay '${value}' has a #fragment, which a WebSocket URL cannot have; ignored`);
    return null;
  }
  if (page.protocol === 'https:' && url.protocol === 'ws:') {
    warnings.push(`${where}: this page is https, so the browser will refuse the ws:// relay '${value}': use wss://`);
  }
  return url.href;
}

function checkHostPort(value, what, where, warnings) {
  if (value === undefined || value === null || value === '') return null;
  const match = typeof value === 'string' ? HOST_PORT.exec(value) : null;
  if (!match || Number(match[3]) < 1 || Number(match[3]) > 65535) {
    warnings.push(`${where}: ${what} '${value}' is not HOST:PORT; ignored`);
    return null;
  }
  return value;
}

// pageHref: the page's URL. loadJson(url): resolves to the parsed file, or
// null when there is none (404); rejects when it cannot be read or parsed.
export async function resolveConfig(pageHref, loadJson) {
  const page = new URL(pageHref);
  const warnings = [];
  let file = {};
  if (page.protocol === 'http:' || page.protocol === 'https:') {
    try {
      const loaded = await loadJson(new URL('config.json', page).href);
      if (loaded !== null && (typeof loaded !== 'object' || Array.isArray(loaded))) {
        warnings.push('config.json: expected an object such as {"relay": "wss://…/relay", "chat": "host:port"}; ignored');
      } else if (loaded) {
        file = loaded;
      }
    } catch (error) {
      warnings.push(`config.json: ${error.message || error}; ignored`);
    }
  }
  const params = page.searchParams;
  const chosen = checkRelay(params.get('relay'), '?relay=', page, warnings) ??
                 checkRelay(file.relay, 'config.json', page, warnings);
  const relay = chosen === NONE ? null : chosen;
  const local = !relay;
  const chat = checkHostPort(params.get('chat'), 'chat server', '?chat=', warnings) ??
               checkHostPort(file.chat, 'chat server', 'config.json', warnings) ?? (local ? LOCAL_CHAT : null);
  const http = checkHostPort(file.http, 'http endpoint', 'config.json', warnings) ?? (local ? LOCAL_HTTP : null);
  return { relay: relay ?? '', chat: chat ?? '', http: http ?? '', local, warnings };
}

// loadJson for the page: fetch, where a missing file is not an error.
export async function fetchJson(url) {
  let response;
  try {
    response = await fetch(url, { cache: 'no-cache', signal: AbortSignal.timeout(3000) });
  } catch (error) {
    throw new Error(error.name === 'TimeoutError' ? 'no answer within 3 s' : `could not be fetched (${error.message})`);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > 64 * 1024) throw new Error('larger than 64 KiB');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
}
