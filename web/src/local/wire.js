// The messages between a page and the in-browser host (docs/LOCAL_HOST.md).
// The connection messages carry net/local_connection.hpp's kinds; the C++ on
// each side keeps TCP's rules (order, half-close, the window), and this file
// checks only a message's shape, so that garbage from a port never reaches it.
//
//   page -> host  {t: 'hello', lock}          the Web Lock the page holds while it lives
//                 {t: 'open', c, port}        connect; c: the page's id for the connection
//                 {t: 'msg', c, k, b?, n?}    data (b), eof, close (b: reason), credit (n)
//                 {t: 'bye'}                  the page is going (pagehide)
//                 {t: 'stats'}                asks for the host's figures
//                 {t: 'watch'}                send me the host's tasks for the live view
//   host -> page  {t: 'msg', c, k, b?, n?}    the same kinds, and accepted, refused
//                 {t: 'trace', origin, events} the host's trace events (JSON text),
//                                             times from `origin` (ms since the epoch)
//                 {t: 'stats', memory, heap, ignored}  the host module's memory and
//                                             heap in use, in bytes, and the messages it ignored

export const KIND = Object.freeze({ data: 1, eof: 2, close: 3, credit: 4, accepted: 5, refused: 6 });
export const MALFORMED = 0;             // to the C++ only: end this connection, `b` says why
export const WINDOW = 256 * 1024;        // local::kWindow
export const MAX_MESSAGE = 64 * 1024;    // local::kMaxMessage
export const MAX_REASON = 256;           // local::kMaxReason

const isId = (v) => Number.isInteger(v) && v > 0 && v <= 0x7fffffff;

// The bytes of a message as a Uint8Array, or null when `b` is not bytes.
export function bytesOf(b) {
  if (b instanceof Uint8Array) return b;
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  return null;
}

// Why a connection message is malformed, or '' when it is well formed.
// `kinds`: the kinds this side may receive.
export function badMessage(m, kinds) {
  if (!isId(m.c)) return 'no connection id';
  if (!kinds.includes(m.k)) return 'a message of unknown kind';
  if (m.k === KIND.data) {
    const bytes = bytesOf(m.b);
    if (!bytes || bytes.length === 0 || bytes.length > MAX_MESSAGE) return 'data that is not 1 to 65536 bytes';
  }
  if (m.k === KIND.close && m.b !== undefined) {
    const bytes = bytesOf(m.b);
    if (!bytes || bytes.length > MAX_REASON) return 'a close reason that is not at most 256 bytes';
  }
  if (m.k !== KIND.data && m.k !== KIND.close && m.b !== undefined) return 'bytes on a message that carries none';
  if (m.k === KIND.credit && !(Number.isInteger(m.n) && m.n > 0 && m.n <= WINDOW)) return 'credit that is not 1 to 262144';
  return '';
}

export const FROM_PAGE = [KIND.data, KIND.eof, KIND.close, KIND.credit];
export const FROM_HOST = [KIND.data, KIND.eof, KIND.close, KIND.credit, KIND.accepted, KIND.refused];

// Hands a message's bytes to a module's C++ (net/tcp_stream_local.cpp), which
// keeps the rules: 1 delivered, 0 the connection is gone, -1 it broke them.
// Only messages badMessage() passed (and the side's own closes) come here;
// bytes the C++ has no room for are refused, never written at address 0.
export function deliver(module, id, m) {
  const bytes = m.b === undefined ? new Uint8Array(0) : bytesOf(m.b);
  if (!bytes) return -1;
  let pointer = 0;
  if (bytes.length > 0) {
    pointer = module._asyncplay_local_buffer(bytes.length);
    if (!pointer) return -1;
    module.HEAPU8.set(bytes, pointer);  // HEAPU8 read after the call: memory may have grown
  }
  return module._asyncplay_local_event(id, m.k, pointer, bytes.length, m.n ?? 0);
}
