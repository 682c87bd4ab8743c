// Tab at the prompt: completes the command's first word from the console's
// commands (src/wasm/console.cpp's help lists the same), so a phone's key bar
// Tab saves typing. Returns the new line, or the choices when several fit.

export const COMMANDS = ['clear', 'connect', 'get', 'help', 'history', 'join', 'post', 'relay', 'repeat', 'run', 'tasks', 'tour', 'trace'];

// chars: the line as code points; cursor: index into it.
// Returns {chars, cursor} for a completion, {choices} for several, null for none.
export function complete(chars, cursor, commands = COMMANDS) {
  const before = chars.slice(0, cursor).join('');
  if (!/^\s*\S*$/.test(before) || chars.slice(cursor).join('').trim() !== '') return null;
  const typed = before.trimStart();
  const fits = commands.filter((c) => c.startsWith(typed));
  if (fits.length === 0) return null;
  if (fits.length > 1) {
    let common = typed;  // the longest prefix they share
    while (fits.every((c) => c.length > common.length && c[common.length] === fits[0][common.length])) {
      common += fits[0][common.length];
    }
    if (common === typed) return { choices: fits };
    const line = Array.from(before.slice(0, before.length - typed.length) + common);
    return { chars: line, cursor: line.length };
  }
  const line = Array.from(`${before.slice(0, before.length - typed.length)}${fits[0]} `);
  return { chars: line, cursor: line.length };
}
