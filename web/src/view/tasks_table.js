// The tasks pane: a real <table> of the rows task_rows.js computes. Rows are
// kept per task id and updated in place, so keyboard focus stays on a row
// while the numbers change under it. Enter, Space or a click follows a task.
import { el, setText } from './dom.js';
import { say } from './strings.js';

const COLUMNS = [
  ['id', 'colId', 'num'], ['name', 'colName', 'wrap'], ['state', 'colState', ''], ['polls', 'colPolls', 'num'],
  ['wakes', 'colWakes', 'num'], ['busy', 'colBusy', 'num'], ['parkedAt', 'colParked', 'wrap long'],
  ['waits', 'colWaits', 'wrap long'], ['lastWake', 'colLastWake', 'wrap long'],
];

export class TasksTable {
  // container: the pane's body; onFollow(id): a row was chosen.
  constructor(container, { onFollow, table } = {}) {
    this.onFollow = onFollow;
    this.strings = table;
    this.rows = new Map();  // id -> {tr, cells, key}
    this.body = el('tbody');
    this.note = el('p', { class: 'ap-note' });
    this.empty = el('p', { class: 'ap-note' }, say('tasksEmpty', {}, table));
    const head = el('tr', {}, COLUMNS.map(([, id, cls]) => el('th', { scope: 'col', class: cls || null }, say(id, {}, table))));
    this.table = el('table', { class: 'ap-tasks' },
                    el('caption', { class: 'ap-visually-hidden' }, say('tasksCaption', {}, table)),
                    el('thead', {}, head), this.body);
    container.append(this.empty, this.table, this.note);
    this.body.addEventListener('click', (event) => this.choose(event));
    this.body.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.choose(event);
      }
    });
  }

  choose(event) {
    const tr = event.target.closest('tr[data-task]');
    if (tr) this.onFollow(Number(tr.dataset.task));
  }

  // rows: from taskRows(); hiddenText: "N finished tasks not shown" or ''.
  render(rows, hiddenText) {
    this.empty.hidden = rows.length > 0;
    this.table.hidden = rows.length === 0;
    setText(this.note, hiddenText);
    const seen = new Set();
    let previous = null;
    for (const row of rows) {
      seen.add(row.id);
      let entry = this.rows.get(row.id);
      if (!entry) entry = this.create(row.id);
      this.update(entry, row);
      // Move only rows out of place: moving a focused row would blur it.
      const expected = previous ? previous.nextSibling : this.body.firstChild;
      if (expected !== entry.tr) this.body.insertBefore(entry.tr, expected);
      previous = entry.tr;
    }
    for (const [id, entry] of this.rows) {
      if (!seen.has(id)) {
        entry.tr.remove();
        this.rows.delete(id);
      }
    }
  }

  create(id) {
    const cells = {};
    const tr = el('tr', { tabindex: 0, 'data-task': id },
                  COLUMNS.map(([key, , cls]) => (cells[key] = el('td', { class: cls || null }))));
    cells.nameText = el('span');
    cells.followedMark = el('span', { class: 'ap-visually-hidden' });
    cells.lints = el('span', { class: 'ap-lints' });
    cells.name.append(cells.nameText, cells.followedMark, cells.lints);
    const entry = { tr, cells, key: '' };
    this.rows.set(id, entry);
    return entry;
  }

  update(entry, row) {
    const key = JSON.stringify(row);
    if (key === entry.key) return;
    entry.key = key;
    const { cells, tr } = entry;
    setText(cells.id, row.shownId ?? String(row.id));
    for (const name of ['polls', 'wakes', 'busy', 'waits', 'lastWake']) setText(cells[name], String(row[name]));
    setText(cells.nameText, row.name);
    setText(cells.followedMark, row.followed ? ` ${say('followedMark', {}, this.strings)}` : '');
    setText(cells.state, row.stateText);
    cells.state.dataset.state = row.state;
    setText(cells.parkedAt, row.parkedAt);
    cells.parkedAt.title = row.parked ? row.parked.chain : '';
    cells.lints.replaceChildren(...row.lints.map((l) => el('span', { class: 'ap-lint', title: l.text }, ` ${l.label}`)));
    tr.classList.toggle('ap-followed', row.followed);
    if (row.followed) tr.setAttribute('aria-current', 'true');
    else tr.removeAttribute('aria-current');
  }
}
