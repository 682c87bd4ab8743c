// What the terminal sends, as keys: splitKeys() cuts an onData string into
// escape sequences, control characters and runs of printable text, and
// KEY_ACTIONS names what the line editor does with each key it knows.

const ESC = '\x1b';

export function splitKeys(data) {
  const keys = [];
  let i = 0;
  while (i < data.length) {
    const c = data[i];
    if (c === ESC) {
      const next = data[i + 1];
      if (next === '[') {  // CSI: parameters, then a final byte in @..~
        let j = i + 2;
        while (j < data.length && !(data.charCodeAt(j) >= 0x40 && data.charCodeAt(j) <= 0x7e)) j++;
        keys.push(data.slice(i, j + 1));
        i = j + 1;
      } else if (next === 'O') {  // SS3: one more byte
        keys.push(data.slice(i, i + 3));
        i += 3;
      } else {  // Alt+key, or a lone Escape
        keys.push(data.slice(i, next === undefined ? i + 1 : i + 2));
        i += next === undefined ? 1 : 2;
      }
    } else if (data.charCodeAt(i) < 0x20 || c === '\x7f') {
      keys.push(c);
      i += 1;
    } else {
      let j = i;
      while (j < data.length && data[j] !== ESC && data.charCodeAt(j) >= 0x20 && data[j] !== '\x7f') j++;
      keys.push(data.slice(i, j));
      i = j;
    }
  }
  return keys;
}

export const KEY_ACTIONS = {
  '\r': 'enter', '\n': 'enter',
  '\x7f': 'backspace', '\b': 'backspace',
  [`${ESC}[3~`]: 'delete', '\x04': 'delete',
  [`${ESC}[D`]: 'left', [`${ESC}OD`]: 'left', '\x02': 'left',
  [`${ESC}[C`]: 'right', [`${ESC}OC`]: 'right', '\x06': 'right',
  [`${ESC}[A`]: 'up', [`${ESC}OA`]: 'up', '\x10': 'up',
  [`${ESC}[B`]: 'down', [`${ESC}OB`]: 'down', '\x0e': 'down',
  [`${ESC}[H`]: 'home', [`${ESC}OH`]: 'home', [`${ESC}[1~`]: 'home', '\x01': 'home',
  [`${ESC}[F`]: 'end', [`${ESC}OF`]: 'end', [`${ESC}[4~`]: 'end', '\x05': 'end',
  '\x15': 'kill-before', '\x0b': 'kill-after', '\x17': 'kill-word',
  '\x03': 'interrupt', '\x0c': 'clear', '\t': 'complete',
};
