// The welcome the terminal shows once the runtime is loaded: what this is,
// where the relay and chat server are, what to try, and what `trace on`,
// `tasks` and the live view show. main.js prints it through the line
// editor, which breaks its rows at spaces to fit the terminal.

import en from './lang/en.js';
import { say } from './view/strings.js';

// config: resolveConfig()'s answer; narrow: the live view is under the
// terminal (the page's one-column layout), not beside it; table: the
// language's catalogue (web/src/lang/).
export function banner(config, { narrow = false, table = en } = {}) {
  const lines = [
    `\x1b[1masyncplay\x1b[0m: ${say('bannerWhat', {}, table)}`,
    config.local ? say('bannerWhereLocal', { chat: config.chat }, table)
    : config.chat ? say('bannerWhereChat', { relay: config.relay || say('bannerNone', {}, table), chat: config.chat }, table)
                : say('bannerWhere', { relay: config.relay || say('bannerNone', {}, table) }, table),
  ];
  const [bracketed, port] = config.http ? config.http.split(/:(?=[0-9]+$)/) : [];
  const host = bracketed && bracketed.replace(/^\[(.*)\]$/, '$1');  // get takes a bare IPv6 address
  const commands = `${config.chat ? 'connect' : 'connect HOST:PORT'}, join rust, post rust hello` +
                   `${host ? `, get ${host} ${port} /` : ''}, tasks, trace on, help`;
  lines.push(say('bannerTour', {}, table));
  lines.push(say('bannerTry', { commands }, table));
  lines.push(say(narrow ? 'bannerSee_under' : 'bannerSee_beside', {}, table));
  return lines.join('\n');
}
