#pragma once
// ComposeWords: what `run EXPR` says in words (its list of functions, its
// limits, the values it prints), one table per language. English is the
// compose layer's own (the native `asyncplay run`); the page's console brings
// its Spanish (wasm/compose_words_es.cpp). The book's terms stay in both:
// Ready, Err, (), the functions' names. {name} marks what is filled in.
namespace asyncplay::compose {

struct ComposeWords {
  const char* const*
      does;            // what each function's future does, by enum Function; null: the table's own (English)
  const char* limits;  // {seconds} {length} {futures} {depth}
  const char* bytes;   // {n}: a response's size
  const char* connected;  // {target}
  const char* won;        // {winner} {value}: a race's winner and its value
  const char* dropped;    // {names}: the futures a race or a timeout dropped
  const char* timed_out;  // {after} {names}
  const char* cancelled;
};

extern const ComposeWords kEnglishComposeWords;

}  // namespace asyncplay::compose
