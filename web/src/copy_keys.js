// Copying from the terminal with the keyboard, as common web terminals do:
// Ctrl-Shift-C (Cmd-C on a Mac) copies the selection; Ctrl-C copies too when
// text is selected, and interrupts (goes on to the line editor) when not.
// xterm.js sees these keys before the line editor does, through its custom
// key handler: returning false keeps a key from being sent.

export function isMac(platform = globalThis.navigator ? navigator.platform || navigator.userAgent : '') {
  return /Mac|iPhone|iPad/.test(platform);
}

// The clipboard API where the page may use it, else the old copy command.
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const done = document.execCommand('copy');
    area.remove();
    return done;
  }
}

// Installs the handler on an xterm.js Terminal; onCopy(text) is told what was copied.
export function installCopyKeys(term, { mac = isMac(), copy = copyText, onCopy = () => {} } = {}) {
  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown' || event.key.toLowerCase() !== 'c' || event.altKey) return true;
    const shortcut = (event.ctrlKey && event.shiftKey && !event.metaKey) || (mac && event.metaKey && !event.ctrlKey);
    const plainCtrlC = event.ctrlKey && !event.shiftKey && !event.metaKey;
    const selected = term.hasSelection() ? term.getSelection() : '';
    if (!shortcut && !(plainCtrlC && selected)) return true;  // Ctrl-C with nothing selected: interrupt
    event.preventDefault();
    if (selected) {
      copy(selected).then(() => onCopy(selected));
      if (plainCtrlC) term.clearSelection();  // the next Ctrl-C interrupts again
    }
    return false;
  });
}
