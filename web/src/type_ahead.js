// What the line editor does with keys typed while a command runs (its
// `busy` phase): the line is edited and shown as usual (faint), Enter queues
// it, the prompt runs the queue in order, and Ctrl-C drops it all and says
// what it dropped. Nothing typed is thrown away without a word.
import { FAINT } from './faint.js';

// Enter while busy: the line waits for the prompt. A line typed now (not the
// rest of a paste whose first line started the command) says it is queued.
export function queueLine(editor, announce) {
  const line = editor.line;
  editor.queued.push(line);
  editor.remember(line);
  editor.reset();
  if (announce) editor.print(editor.say('typedAheadQueued', { line }), FAINT);
}

// At the prompt: a queued line runs as if typed now; the line being typed
// ahead stays, and is shown again under the new command's output.
export function runQueued(editor, line) {
  const [held, heldCursor] = [editor.chars, editor.cursor];
  editor.chars = Array.from(line);
  editor.cursor = editor.chars.length;
  editor.render();
  editor.submit({ remembered: true });
  [editor.chars, editor.cursor] = [held, heldCursor];
  if (held.length) {
    editor.shown = true;
    editor.cursorRow = 0;
    editor.render();
  }
}

// Ctrl-C while busy: cancel the command; what was typed ahead goes too, in words.
export function dropTypeAhead(editor) {
  const dropped = [...editor.queued, ...(editor.line.trim() ? [editor.line] : [])];
  editor.queued = [];
  editor.reset();
  if (editor.shown) editor.erase();
  editor.shown = false;
  editor.onInterrupt();
  if (dropped.length) editor.print(editor.say('typedAheadDropped', { lines: dropped.join(' ⏎ ') }), FAINT);
}
