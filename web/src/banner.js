// The welcome the terminal shows once the runtime is loaded: what this is,
// where the relay and chat server are, what to try, and what `trace on`,
// `tasks` and the live view show. main.js prints it through the line
// editor, which breaks its rows at spaces to fit the terminal.

// config: resolveConfig()'s answer; narrow: the live view is under the
// terminal (the page's one-column layout), not beside it.
export function banner(config, { narrow = false } = {}) {
  const lines = [
    '\x1b[1masyncplay\x1b[0m: Rust-style futures in C++20, compiled to WebAssembly and driven by this page\'s event loop.',
    `relay ${config.relay || '(none)'}${config.chat ? `, chat server ${config.chat}` : ''}`,
  ];
  const [bracketed, port] = config.http ? config.http.split(/:(?=[0-9]+$)/) : [];
  const host = bracketed && bracketed.replace(/^\[(.*)\]$/, '$1');  // get takes a bare IPv6 address
  lines.push(`try: ${config.chat ? 'connect' : 'connect HOST:PORT'}, join rust, post rust hello` +
             `${host ? `, get ${host} ${port} /` : ''}, tasks, trace on, help`);
  lines.push(`\`trace on\` prints every spawn, poll and wake as it happens, \`tasks\` lists the live tasks and where each ` +
             `waits, and the live view ${narrow ? 'under' : 'beside'} the terminal draws the same as a table, a timeline and the source.`);
  return lines.join('\n');
}
