// The command history, kept across reloads in the browser's localStorage:
// the last MAX_STORED lines, each at most MAX_STORED_LINE characters (a long
// pasted post is not kept). A storage that is missing (some private modes),
// full, or holds something that is not a list of strings is not an error:
// the page starts with what it can read and goes on without saving.
const KEY = 'asyncplay.history.v1';
export const MAX_STORED = 200;
export const MAX_STORED_LINE = 4096;

const keepable = (line) => typeof line === 'string' && line.length > 0 && line.length <= MAX_STORED_LINE;

export function loadHistory(storage) {
  try {
    const list = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter(keepable).slice(-MAX_STORED) : [];
  } catch {
    return [];  // not JSON, or the storage refused to be read
  }
}

// Returns whether the lines were saved.
export function saveHistory(storage, lines) {
  try {
    storage.setItem(KEY, JSON.stringify(lines.filter(keepable).slice(-MAX_STORED)));
    return true;
  } catch {
    return false;  // no storage, or it is full (QuotaExceededError)
  }
}

export function clearHistory(storage) {
  try {
    storage.removeItem(KEY);
  } catch {
    // nothing stored, nothing to clear
  }
}
