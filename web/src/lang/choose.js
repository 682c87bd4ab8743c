// Which language the page speaks: ?lang=es / ?lang=en first, then the
// person's last choice (remembered in localStorage), then the browser's
// languages in order of preference; English when none of them is one we have.

import en from './en.js';
import es from './es.js';

export const CATALOGUES = { en, es };
export const STORAGE_KEY = 'asyncplay.lang';

// The two letters of a tag such as "es-MX" when we have that language.
function known(tag) {
  const base = String(tag || '').toLowerCase().split(/[-_]/)[0];
  return base in CATALOGUES ? base : null;
}

// search: location.search; stored: what localStorage holds; preferred: navigator.languages.
export function chooseLanguage({ search = '', stored = null, preferred = [] } = {}) {
  const asked = known(new URLSearchParams(search).get('lang'));
  if (asked) return asked;
  if (known(stored)) return known(stored);
  for (const tag of preferred) {
    if (known(tag)) return known(tag);
  }
  return 'en';
}

// The page's own answer, from its window.
export function pageLanguage(win = window) {
  let stored = null;
  try {
    stored = win.localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage refused (a private window may): the URL and the browser decide
  }
  const preferred = win.navigator.languages?.length ? win.navigator.languages : [win.navigator.language];
  return chooseLanguage({ search: win.location.search, stored, preferred });
}

// Remembers `lang` and reloads the page in it (the URL's ?lang= follows, so
// a shared link keeps saying what it says).
export function switchLanguage(lang, win = window) {
  try {
    win.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, but the URL below still switches
  }
  const url = new URL(win.location.href);
  url.searchParams.set('lang', lang);
  win.location.assign(url.toString());
}
