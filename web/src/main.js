// The page: an xterm.js terminal whose line editor sends commands to the C++
// console compiled to WebAssembly (src/wasm/exports.cpp). The runtime's
// futures are driven by this page's event loop: WebSocket events and timers
// run the executor, and a command that calls block_on (connect, get HOST PORT
// PATH) sleeps through Asyncify while the page goes on.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import '@xterm/xterm/css/xterm.css';
import './style.css';
import { banner } from './banner.js';
import { CATALOGUES, pageLanguage, switchLanguage } from './lang/choose.js';
import { fetchJson, resolveConfig } from './config.js';
import { installCopyKeys } from './copy_keys.js';
import { FAINT } from './faint.js';
import { createKeyBar } from './key_bar.js';
import { LineEditor } from './line_editor.js';
import { clearHistory, loadHistory, saveHistory } from './history_store.js';
import { applyPageColours, terminalTheme } from './page_palette.js';
import { startPageLink } from './local/page_link.js';
import { probeRelay, probeWords } from './relay_probe.js';
import { say } from './view/strings.js';
import { StatusLine } from './status_line.js';
import { TourPanel } from './tour/panel.js';
import { tourAsides, tourSteps } from './tour/steps.js';
import { useWidthsOf } from './text_cells.js';
import { createView } from './view/view.js';
import sources from 'asyncplay:sources';  // the C++ the source pane shows (scripts/embed_sources.mjs)

// Colours by the console's output kind: out, error, chat message, trace
// (the theme's red, cyan and bright black: page_palette.js keeps them at 4.5:1).
const OUTPUT_STYLE = ['', '\x1b[31m', '\x1b[36m', FAINT];
const ERROR = 1;

// What the browser tests (and a curious person in the devtools) look at.
const page = (window.asyncplayPage = {
  frames: 0,        // animation frames so far: it keeps counting while block_on waits
  promptAt: null,   // ms from navigation to the first prompt
  busy: '',         // the command the terminal waits for
  commandsDone: 0,  // commands whose prompt has come back
  text: () => '',   // what the terminal holds, scrollback included
  buffer: null,     // xterm.js's active buffer (rows, and which the terminal wrapped)
  columns: () => 0, // the terminal's width in cells
  run: null,        // run(line): a command as Enter would run it, without the keyboard
  line: () => '',   // the line being typed at the prompt
  outputListeners: [],  // each called with (kind, text) for everything the runtime prints
  status: null,     // the runtime's last asyncplay_status()
  view: null,       // the live view beside the terminal (web/src/view/view.js)
  copied: null,     // the text the last copy put on the clipboard
  probes: 0,        // relay probes started (relay_probe.js) ...
  probed: [],       // ... and their findings
  announced: () => document.getElementById('status-announce').textContent,  // what a screen reader heard last
  local: null,      // the way to the in-browser host (local/page_link.js)
  runtimeOrigin: null,  // when the page's runtime clock reads 0, in ms since the epoch
  hostTraceErrors: 0,   // batches of the host's events that were not JSON
  runtimeMemory: () => 0,  // bytes of the page module's heap in use
});
const NO_STATUS = { relay: '', relay_state: 'not tried yet', connection: 'not connected', tasks: 0, running: '' };
page.status = NO_STATUS;

// The language the page speaks (lang/choose.js) and a switch to the other.
const LANG = pageLanguage();
const TEXT = CATALOGUES[LANG];
page.lang = LANG;

function showLanguage() {
  document.documentElement.lang = LANG;
  document.title = TEXT.pageTitle;
  const other = LANG === 'es' ? 'en' : 'es';
  const button = document.getElementById('lang-switch');
  button.textContent = TEXT.languageSwitch;
  button.title = TEXT.languageSwitchHint;
  button.lang = other;  // a screen reader says the other language's name in that language
  button.addEventListener('click', () => switchLanguage(other));
}

// A shared link: #tour=4 opens the tour at that step; #run=EXPR puts `run
// EXPR` at the prompt. Neither runs anything: a link must not make the page
// do network work by itself; Enter (or the step's button) does.
function openShared(hash, editor) {
  const shared = new URLSearchParams(hash.replace(/^#/, ''));
  const step = shared.get('tour');
  if (/^[0-9]+[a-z]$/.test(step ?? '')) page.tour.openAside(step);  // a step for a second tab, e.g. 10b
  else if (step !== null) page.tour.open(Math.max(0, page.tour.steps.findIndex((s) => s.id === Number(step))));
  const expression = shared.get('run');
  if (expression && expression.length <= 1000 && !/[\x00-\x1f\x7f]/.test(expression)) editor.handleData(`run ${expression}`);
}

async function main() {
  showLanguage();
  const term = new Terminal({
    allowProposedApi: true,  // the unicode11 add-on
    altClickMovesCursor: false,  // it would send Up/Down: a walk through the history
    cursorBlink: true,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace',
    fontSize: 14,
    // At 1.0 the DOM renderer's rows clip DejaVu Sans Mono's underscore at a
    // 1x device scale (`block_on` read "block on"); 1.15 keeps it in the cell.
    lineHeight: 1.15,
    scrollback: 5000,
    screenReaderMode: true,  // the output as text an assistive technology reads
    theme: terminalTheme,
  });
  applyPageColours(document.documentElement);
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new WebLinksAddon());
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  useWidthsOf(new Unicode11Addon());  // the line editor counts cells as the terminal does
  const container = document.getElementById('terminal');
  term.open(container);
  page.columns = () => term.cols;
  page.buffer = () => term.buffer.active;
  page.text = () => {  // rows the terminal wrapped itself are one line again, as a copy would have them
    const buffer = term.buffer.active;
    const lines = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      const continued = i + 1 < buffer.length && buffer.getLine(i + 1).isWrapped;
      const text = line.translateToString(!continued);
      if (line.isWrapped && lines.length) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    return lines.join('\n');
  };
  fit.fit();
  new ResizeObserver(() => fit.fit()).observe(container);
  term.focus();

  const statusLine = new StatusLine(document.getElementById('status'), document.getElementById('status-announce'), TEXT);
  let runtime = null;
  let stopped = false;  // the runtime aborted
  const refreshStatus = () => {
    if (runtime && !stopped) page.status = { ...NO_STATUS, ...JSON.parse(runtime.UTF8ToString(runtime._asyncplay_status())) };
  };
  // The live view takes the runtime's events once per frame (none while it
  // is not loaded or has stopped); its buttons refresh the status at once.
  const view = (page.view = createView(document.getElementById('view'), { sources, table: TEXT, onChange: () => refreshStatus() }));
  const frame = () => {
    page.frames += 1;
    statusLine.show(page.status, page.busy, page.frames);
    view.frame(runtime && !stopped ? runtime : null, page.status);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const statusTimer = setInterval(refreshStatus, 250);

  const storage = (() => { try { return window.localStorage; } catch { return null; } })();  // null where forbidden
  const editor = new LineEditor({
    history: loadHistory(storage),
    onHistory: (lines) => saveHistory(storage, lines),
    write: (text) => term.write(text),
    columns: term.cols,
    rows: term.rows,
    prompt: 'asyncplay> ',
    promptStyle: '\x1b[1;32m',
    onLine: (line) => page.run(line),
    onInterrupt: () => runtime !== null && runtime._asyncplay_interrupt() === 1,
    table: TEXT,
  });
  page.line = () => editor.line;
  installCopyKeys(term, { onCopy: (text) => { page.copied = text; } });
  createKeyBar(document.getElementById('keys'), (data) => editor.handleData(data), { table: TEXT });
  let errors = 0;  // the runtime's error lines so far: did the command fail?
  page.run = async (line) => {
    // One at a time: a command under block_on sleeps through Asyncify, and
    // Asyncify has one sleep at a time. (The editor waits for each command.)
    if (page.busy) throw new Error(`'${page.busy}' is still running`);
    const command = line.trim().split(/\s+/)[0];
    if (command === 'clear') {
      editor.clearScreen();
      page.commandsDone += 1;
      return;
    }
    if (command === 'history') {  // the page's own: the lines it keeps in this browser
      const [, what, ...more] = line.trim().split(/\s+/);
      if (what === 'clear' && more.length === 0) {
        editor.forgetHistory();
        clearHistory(storage);
        editor.print(TEXT.historyCleared);
      } else if (what === undefined) {
        const past = editor.history.slice(0, -1);  // not this `history` itself
        editor.print(past.length ? past.map((l, i) => `${String(i + 1).padStart(4)}  ${l}`).join('\n') : TEXT.historyEmpty);
      } else {
        editor.print(TEXT.historyUsage, '\x1b[31m');
      }
      page.commandsDone += 1;
      return;
    }
    if (command === 'tour') {  // the page's own: the tour's panel
      page.tour.open();
      page.commandsDone += 1;
      return;
    }
    page.busy = command;
    const errorsBefore = errors;
    try {
      // async: the call may sleep in block_on (Asyncify) and finish later.
      await runtime.ccall('asyncplay_run', null, ['string'], [line], { async: true });
    } finally {
      page.busy = '';
      page.commandsDone += 1;
      refreshStatus();
    }
    if (errors > errorsBefore && page.status.relay_state === 'unreachable' && page.status.relay) explainRelay(page.status.relay);
  };
  // The browser does not say why a WebSocket failed; a plain request to the
  // relay's http(s) twin tells the likely causes apart (relay_probe.js). The
  // sentence lands above the prompt when the answer comes (at most ~3 s).
  const explainRelay = async (relay) => {
    page.probes += 1;
    const found = await probeRelay(relay);
    page.probed.push(found);
    editor.print(probeWords(found, TEXT), '\x1b[33m');
  };
  editor.busy = true;  // until the runtime is loaded; keys typed meanwhile are kept
  term.onData((data) => editor.handleData(data));
  term.onResize(({ cols, rows }) => editor.resize(cols, rows));

  const loading = editor.note(TEXT.loadingRuntime);
  const configuring = resolveConfig(window.location.href, fetchJson, TEXT);
  // The in-browser host (docs/LOCAL_HOST.md): `connect local:7878`, `get local 80 /`.
  const local = (page.local = startPageLink({
    workerUrl: 'host_worker.js',
    table: TEXT,
    onNews: (text) => editor.print(text, '\x1b[33m'),
    // The host's tasks join the live view, placed on this page's runtime clock.
    onTrace: ({ host, origin, events }) => {
      if (page.runtimeOrigin === null) return;
      try {
        view.addHostEvents(JSON.parse(events), origin - page.runtimeOrigin, String(host));
      } catch {
        page.hostTraceErrors += 1;
      }
    },
  }));
  try {
    runtime = await window.createAsyncplay({
      asyncplayLocal: local.moduleHooks(),
      asyncplayOutput: (kind, text) => {
        if (kind === ERROR) errors += 1;
        editor.print(text, OUTPUT_STYLE[kind] ?? '');
        for (const listen of page.outputListeners) listen(kind, text);
        refreshStatus();
      },
      onAbort: (what) => {
        stopped = true;
        clearInterval(statusTimer);
        editor.print(say('runtimeStopped', { what }, TEXT), '\x1b[31m');
      },
    });
  } catch (error) {
    editor.print(say('runtimeNotLoaded', { error }, TEXT), '\x1b[31m');
    return;
  }
  local.attach(runtime);
  page.runtimeMemory = () => runtime._asyncplay_heap_in_use();
  const config = await configuring;
  page.tour = new TourPanel(document.getElementById('tour'), {
    steps: tourSteps(config.http),
    asides: tourAsides(TEXT.tour10bMessage),
    table: TEXT,
    controls: {
      pause: () => runtime._asyncplay_pause(),
      play: () => runtime._asyncplay_play(),
      step: () => { runtime._asyncplay_pause(); runtime._asyncplay_step(); },
      run: (line) => editor.handleData(`\x05\x15${line}\r`),  // typed, as a person would (End, Ctrl-U: a half-typed line goes)
      taskState: (name) => view.tableRows().findLast((row) => row.name === name)?.state ?? null,
      commandsDone: () => page.commandsDone,
      showPane: (name) => view.showTab(name),
      // This page (its language and relay kept) opening tour step `id`.
      linkTo: (id) => `${window.location.pathname}${window.location.search}#tour=${id}`,
    },
  });
  const tourButton = document.getElementById('tour-open');
  tourButton.textContent = TEXT.tourOpen;
  tourButton.title = TEXT.tourOpenHint;
  tourButton.addEventListener('click', () => page.tour.open());
  editor.retract(loading);  // replaced by the banner, unless something was printed after it
  editor.note(banner(config, { narrow: window.matchMedia('(max-width: 999px)').matches, table: TEXT }));
  for (const warning of config.warnings) editor.print(warning, '\x1b[33m');
  runtime.ccall('asyncplay_set_language', null, ['string'], [LANG]);
  view.setPhrases(JSON.parse(runtime.ccall('asyncplay_phrases', 'string', [], [])));  // the runtime's pieces, in LANG
  runtime.ccall('asyncplay_start', null, ['string', 'string'], [config.chat, config.relay]);
  refreshStatus();
  page.runtimeOrigin = performance.timeOrigin + performance.now() - page.status.now;  // the events' zero
  if (stopped) return;
  editor.busy = false;
  editor.showPrompt();
  page.promptAt = performance.now();
  openShared(window.location.hash, editor);
}

main();
