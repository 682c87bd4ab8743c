// The runtime's fixed English pieces (what a task waits for, what woke it, a
// lint's text) said again in the page's language. The table comes from the
// runtime itself (asyncplay_phrases(): the console's, wasm/trace_words_es.cpp),
// so `trace on`, `tasks` and the view say them alike. The same rule as there:
// whole words, the longest phrase first, anything unknown left as it is.
const isLetter = (c) => /[A-Za-z0-9_]/.test(c);

// pairs: [[english, words], ...] -> (text) => text in words.
export function phraseTable(pairs = []) {
  if (!pairs.length) return (text) => text;
  const sorted = [...pairs].sort((a, b) => b[0].length - a[0].length);
  return (text) => {
    let out = '';
    let i = 0;
    while (i < text.length) {
      let found = null;
      if (i === 0 || !isLetter(text[i - 1])) {
        found = sorted.find(([english]) => text.startsWith(english, i) &&
          !(isLetter(english[english.length - 1]) && i + english.length < text.length && isLetter(text[i + english.length])));
      }
      if (found) {
        out += found[1];
        i += found[0].length;
      } else {
        out += text[i++];
      }
    }
    return out;
  };
}
