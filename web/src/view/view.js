// The live view beside the terminal: the event store fed from the runtime
// every animation frame, and the panes that show it (tasks, timeline,
// source) with the controls bar. main.js builds it with createView() and
// calls frame(runtime, status) once per animation frame; everything else the
// page and its tests need is on the returned object.
import './view.css';
import { ControlsBar } from './controls_bar.js';
import { el, setText } from './dom.js';
import { EventStore, CAPACITY } from './event_store.js';
import { applyPalette, palette } from './palette.js';
import { RuntimeLink } from './runtime_link.js';
import { sourceFor } from './source_model.js';
import { SourcePane } from './source_pane.js';
import { phraseTable } from './phrases.js';
import { say, strings } from './strings.js';
import { hiddenText, taskRows } from './task_rows.js';
import { TasksTable } from './tasks_table.js';
import { TimelinePane } from './timeline_pane.js';
import { pickFollow } from './follow.js';
import { RuntimeClock } from './runtime_clock.js';
import { fromHost, hostGone, keepWaiting, mergeByTime } from './host_events.js';

const PANES = ['tasks', 'timeline', 'source'];

function pane(name, table) {
  const body = el('div', { class: 'ap-pane-body' });
  const section = el('section', { class: `ap-pane ap-pane-${name}`, id: `ap-pane-${name}`, role: 'tabpanel',
                                  'aria-labelledby': `ap-h-${name}` },
                     el('h2', { class: 'ap-h', id: `ap-h-${name}` }, say(`pane${name[0].toUpperCase()}${name.slice(1)}`, {}, table)),
                     body);
  return { section, body };
}

export function createView(root, { sources = {}, table = strings, colours = palette, onChange = () => {} } = {}) {
  applyPalette(root, colours);
  root.classList.add('ap-view');
  root.setAttribute('aria-label', say('viewLabel', {}, table));
  const store = new EventStore({ capacity: CAPACITY });
  const clock = new RuntimeClock();
  let link = null;
  let status = {};
  let followed = 0;
  let hostEvents = [];  // the in-browser host's, waiting for the next frame
  let hostSeen = null;  // the host they come from ...
  let hostNumber = 0;   // ... and how many hosts this page has seen
  let chosenByPerson = false;
  let chosenFrame = null;   // the chain entry picked in the source pane
  let rows = [];
  let shownSource = null;
  let lastKey = '';
  let inWords = (text) => text;  // the runtime's English pieces, said again (setPhrases)
  let errors = 0;

  const notice = el('p', { class: 'ap-notice', role: 'status' }, say('notLoaded', {}, table));
  const counters = el('p', { class: 'ap-counters' });
  const controlsBox = el('div', { class: 'ap-controls', role: 'toolbar', 'aria-label': say('controlsLabel', {}, table) });
  const tabs = el('div', { class: 'ap-tabs', role: 'tablist', 'aria-label': say('tabsLabel', {}, table) });
  const panes = Object.fromEntries(PANES.map((name) => [name, pane(name, table)]));
  const showTab = (name) => {
    root.dataset.tab = name;
    for (const b of tabs.children) b.setAttribute('aria-selected', String(b.dataset.tab === name));
    lastKey = '';  // the pane now shown may need sizing
    source.rescroll();
  };
  for (const name of PANES) {
    tabs.append(el('button', { type: 'button', role: 'tab', class: 'ap-tab', 'data-tab': name, 'aria-controls': `ap-pane-${name}`,
                               onclick: () => showTab(name) }, say(`pane${name[0].toUpperCase()}${name.slice(1)}`, {}, table)));
  }
  root.replaceChildren(notice, controlsBox, counters, tabs, ...PANES.map((n) => panes[n].section));

  const follow = (id) => {
    followed = id;
    chosenByPerson = true;
    chosenFrame = null;
    lastKey = '';
  };
  const note = (text) => controls.say(text);
  const controls = new ControlsBar(controlsBox, {
    table,
    actions: {
      pause: () => { link && link.pause(); note(''); onChange(); },
      play: () => { link && link.play(); note(''); onChange(); },
      step: () => {
        if (!link) return;
        if (status.paused !== true) link.pause();  // Step while playing: pause, then one poll
        note(link.step() === 0 ? say('stepNothing', {}, table) : '');
        onChange();
      },
      delay: (ms) => { link && link.setDelay(ms); onChange(); },
      clear: () => {
        if (link) link.clear();
        store.clear();
        followed = 0;
        chosenByPerson = false;
        timeline.goLive();
        lastKey = '';
      },
      download: () => {
        const text = link && link.chromeTrace();
        if (text === null || text === undefined) return;
        const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
        const a = el('a', { href: url, download: 'asyncplay-trace.json', hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      },
    },
  });
  const tasksTable = new TasksTable(panes.tasks.body, { onFollow: follow, table });
  const timeline = new TimelinePane(panes.timeline.body, { colours, onFollow: follow, table });
  const source = new SourcePane(panes.source.body, { table, onPick: (i) => { chosenFrame = i; lastKey = ''; } });
  showTab('tasks');

  function show() {
    const range = { start: store.startTime, last: store.endTime, now: clock.now(store.endTime) };
    timeline.range = range;
    const moment = timeline.moment();
    const state = store.stateAt(moment);
    if (!chosenByPerson || !state.tasks.has(followed)) {
      const auto = pickFollow(state, followed);
      if (auto !== followed) {
        followed = auto;
        chosenFrame = null;
      }
    }
    const key = [store.version, moment >= store.endTime ? 'live' : moment, followed, chosenFrame].join();
    if (key !== lastKey) {
      lastKey = key;
      const shown = taskRows(state, followed, { table, inWords });
      rows = shown.rows;
      tasksTable.render(rows, hiddenText(shown.hidden, table));
      shownSource = sourceFor(state.tasks.get(followed), sources, chosenFrame, table);
      source.render(shownSource);
      const words = [];
      if (store.dropped) words.push(say('dropped', { n: store.dropped, max: store.capacity }, table));
      if (store.lost) words.push(say('lost', { n: store.lost }, table));
      if (store.malformed) words.push(say('malformed', { n: store.malformed }, table));
      setText(counters, words.join(' · '));
      counters.hidden = words.length === 0;
    }
    timeline.draw(store, state, { range, followed, dpr: window.devicePixelRatio || 1 });
  }

  const view = {
    store,
    followed: () => followed,
    follow,
    tableRows: () => rows,
    // The runtime's phrases in the page's language ([[english, words], ...]), from asyncplay_phrases().
    setPhrases: (pairs) => {
      inWords = phraseTable(pairs);
      lastKey = '';
    },
    sourceLine: () => source.highlighted(),
    source: () => shownSource,
    timelineMarks: () => (timeline.layout ? { ...timeline.layout.counts } : { pending: 0, ready: 0, running: 0, arrows: 0, lanes: 0 }),
    isLive: () => timeline.live,
    goLive: () => timeline.goLive(),
    scrubTo: (t) => timeline.scrubTo(t),
    asOf: () => timeline.moment(),
    supported: () => !!(link && link.streams),
    errors: () => errors + (link ? link.failures : 0),
    showTab,
    // The in-browser host's events (a batch from its worker, parsed), with
    // `shift` ms from its clock to this page's runtime clock.
    // `host` names the host: one that differs from the last (the host moved
    // to another tab) numbers its tasks anew, and the old one's end.
    addHostEvents(events, shift, host = 'host') {
      if (host !== hostSeen) {
        if (hostSeen !== null) hostEvents = hostEvents.concat(hostGone(store.stateAt(), hostNumber, clock.now(store.endTime)));
        hostSeen = host;
        hostNumber += 1;
      }
      hostEvents = keepWaiting(hostEvents, fromHost(events, shift, say('hostTaskPrefix', {}, table), hostNumber));
    },

    // Once per animation frame: runtime is null until loaded (or after it
    // stopped); status is the last asyncplay_status(), parsed.
    frame(runtime, runtimeStatus) {
      try {
        if (!runtime) {
          if (link) link = null;
          setText(notice, say('notLoaded', {}, table));
          notice.hidden = false;
          controls.show(false, {});
          return;
        }
        if (!link || link.runtime !== runtime) link = new RuntimeLink(runtime);
        status = runtimeStatus || {};
        clock.sawStatus(status.now, performance.now());
        if (!link.streams) {
          setText(notice, say('noEventStream', {}, table));
          notice.hidden = false;
          controls.show(false, status);
          return;
        }
        notice.hidden = true;
        let events = link.take();
        if (hostEvents.length && Array.isArray(events)) {
          events = mergeByTime(events, hostEvents);
          hostEvents = [];
        }
        if (events && (!Array.isArray(events) || events.length)) {
          store.add(events);
          clock.saw(store.endTime, performance.now());
        }
        controls.show(true, status);
        show();
      } catch (error) {
        // Never out of the frame loop: the terminal must go on.
        errors += 1;
        if (errors === 1) console.warn('asyncplay view:', error);
      }
    },
  };
  return view;
}
