// The parser of `run`'s expressions, written by hand: the grammar has two
// rules (expression.hpp), and a hand-written parser says exactly where and why
// an expression is wrong, which is all a person needs from it. Two passes:
//   1. syntax: calls, words, parentheses and commas, and the limits on length,
//      depth and count (depth bounds the recursion of this very parser);
//   2. meaning: each call against its row in functions.hpp — known name,
//      number and kind of arguments, durations, URLs, ports.
#include "compose/expression.hpp"

#include "words/fill.hpp"

#include <algorithm>
#include <charconv>

#include "http/url.hpp"
#include "net/host_port.hpp"

namespace asyncplay::compose {
namespace {

// A call or a word, before anything is known about what it means.
struct Node {
  bool call = false;
  std::string_view text;  // the function's name, or the word itself
  std::size_t position = 0;
  std::size_t open = 0;  // calls: where '(' is
  std::size_t end = 0;   // one past the word, or past the call's ')'
  std::vector<Node> arguments;
};

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool ends_word(char c) { return c == '(' || c == ')' || c == ',' || is_space(c); }

class Syntax {
 public:
  explicit Syntax(std::string_view text) : text_(text) {}

  std::optional<Node> parse() {
    auto top = node(1, "a future, such as sleep(200ms)");
    if (!top) return std::nullopt;
    skip_space();
    if (at_ < text_.size()) {
      if (text_[at_] == ')') return fail(at_, "this ')' closes nothing");
      return fail(at_, "more after the expression: join several with join(a, b) or race(a, b)");
    }
    return top;
  }

  ParseError error() const { return *error_; }

 private:
  std::nullopt_t fail(std::size_t position, std::string message) {
    error_ = ParseError{position, std::move(message)};
    return std::nullopt;
  }

  void skip_space() {
    while (at_ < text_.size() && is_space(text_[at_])) ++at_;
  }

  std::optional<Node> node(std::size_t depth, std::string_view expected) {
    skip_space();
    if (at_ == text_.size()) return fail(at_, "expected " + std::string(expected) + " here");
    if (ends_word(text_[at_])) {
      return fail(at_, "expected " + std::string(expected) + " before '" + std::string(1, text_[at_]) + "'");
    }
    Node n;
    n.position = at_;
    while (at_ < text_.size() && !ends_word(text_[at_])) ++at_;
    n.text = text_.substr(n.position, at_ - n.position);
    n.end = at_;
    skip_space();
    if (at_ == text_.size() || text_[at_] != '(') {
      at_ = n.end;  // a word; the space after it belongs to whatever follows
      return n;
    }
    n.call = true;
    if (depth > Limits::depth) {
      return fail(n.position,
                  "nested too deep: at most " + std::to_string(Limits::depth) + " calls inside each other");
    }
    if (++calls_ > Limits::futures) {
      return fail(n.position, "too many futures: at most " + std::to_string(Limits::futures) +
                                  " calls in one expression");
    }
    n.open = at_++;
    skip_space();
    if (at_ < text_.size() && text_[at_] == ')') {
      n.end = ++at_;
      return n;
    }
    while (true) {
      auto argument = node(depth + 1, "an argument");
      if (!argument) return std::nullopt;
      n.arguments.push_back(std::move(*argument));
      skip_space();
      if (at_ == text_.size()) return fail(n.open, "this '(' is never closed: a ')' is missing");
      if (text_[at_] == ')') break;
      if (text_[at_] != ',') return fail(at_, "expected ',' or ')' after an argument");
      ++at_;
    }
    n.end = ++at_;
    return n;
  }

  std::string_view text_;
  std::size_t at_ = 0;     // the next character to read
  std::size_t calls_ = 0;  // calls seen so far: each is a future
  std::optional<ParseError> error_;
};

std::string known_functions() {
  std::string names;
  for (const auto& f : functions()) names += (names.empty() ? "" : ", ") + std::string(f.name);
  return names;
}

std::string plural(std::size_t n, const char* one) {
  return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
}

class Meaning {
 public:
  explicit Meaning(std::string_view text) : text_(text) {}

  std::optional<Expression> future(const Node& n) {
    if (!n.call) {
      if (const FunctionInfo* f = find_function(n.text)) {
        return fail(n.position, std::string(n.text) + " is a function: write " + std::string(f->signature));
      }
      return fail(n.position, "expected a future, such as sleep(200ms), not '" + std::string(n.text) + "'");
    }
    const FunctionInfo* f = find_function(n.text);
    if (!f) {
      std::string message = "unknown function '" + std::string(n.text) + "'";
      if (auto near = nearest_function(n.text); !near.empty())
        message += ": did you mean " + std::string(near) + "?";
      return fail(n.position, message + " (known: " + known_functions() + ")");
    }
    if (!arity_fits(*f, n)) return std::nullopt;
    Expression e;
    e.function = f->function;
    e.position = n.position;
    e.source = std::string(text_.substr(n.position, n.end - n.position));
    for (std::size_t i = 0; i < n.arguments.size(); ++i) {
      Argument kind = f->takes[std::min(i, f->takes.size() - 1)];
      if (!argument(*f, kind, n.arguments[i], e)) return std::nullopt;
    }
    return e;
  }

  ParseError error() const { return *error_; }

 private:
  std::nullopt_t fail(std::size_t position, std::string message) {
    error_ = ParseError{position, std::move(message)};
    return std::nullopt;
  }
  bool refuse(std::size_t position, std::string message) {
    error_ = ParseError{position, std::move(message)};
    return false;
  }

  bool arity_fits(const FunctionInfo& f, const Node& n) {
    std::size_t wanted = f.takes.size(), given = n.arguments.size();
    std::size_t close = n.end - 1;  // the ')'
    if (f.many && given == 0) return refuse(close, std::string(f.signature) + " takes at least one future");
    if (f.many || given == wanted) return true;
    std::string counts =
        std::string(f.signature) + " takes " + plural(wanted, "argument") + ", not " + std::to_string(given);
    if (given < wanted) return refuse(close, "too few arguments: " + counts);
    return refuse(n.arguments[wanted].position, "too many arguments: " + counts);
  }

  bool argument(const FunctionInfo& f, Argument kind, const Node& n, Expression& e) {
    if (kind == Argument::future) {
      auto inner = future(n);
      if (!inner) return false;
      e.futures.push_back(std::move(*inner));
      return true;
    }
    if (n.call)
      return refuse(n.position, std::string(f.signature) + " wants a " + noun(kind) + " here, not a call");
    std::string word(n.text);
    switch (kind) {
      case Argument::duration: {
        auto d = parse_duration(word);
        if (!d)
          return refuse(n.position,
                        "bad duration '" + word + "': a number and ms or s, such as 200ms or 1.5s");
        if (f.function == Function::block && *d > Limits::longest_block) {
          return refuse(n.position, "block of " + word + " would freeze every task (and the page) too long: at most 1s");
        }
        if (*d > Limits::longest) {
          auto seconds = std::chrono::duration_cast<std::chrono::seconds>(Limits::longest).count();
          return refuse(n.position, std::string(f.name) + " of " + word +
                                        " is longer than the longest allowed, " + std::to_string(seconds) +
                                        "s");
        }
        e.duration = *d;
        return true;
      }
      case Argument::url: {
        auto url = http::HttpUrl::parse(word);
        if (!url) return refuse(n.position, "bad " + url.error().context());
        e.host = url->host;
        e.port = url->port;
        e.path = url->path;
        return true;
      }
      case Argument::host_port: {
        auto hp = net::HostPort::parse(word);
        if (!hp) return refuse(n.position, "bad address: " + hp.error().context());
        e.host = hp->host;
        e.port = hp->port;
        return true;
      }
      case Argument::host:
        if (!net::is_valid_host(word))
          return refuse(n.position, "bad host '" + word + "': a name or an address");
        e.host = word;
        return true;
      case Argument::port: {
        auto port = net::parse_port(word);
        if (!port) return refuse(n.position, "bad " + port.error().context());
        e.port = *port;
        return true;
      }
      case Argument::path:
        if (!http::is_valid_request_path(word))
          return refuse(n.position, "bad path '" + word + "': it starts with /");
        e.path = word;
        return true;
      case Argument::future:
        break;
    }
    return false;
  }

  static std::string noun(Argument kind) {
    switch (kind) {
      case Argument::duration:
        return "duration";
      case Argument::url:
        return "URL";
      case Argument::host_port:
        return "HOST:PORT";
      case Argument::host:
        return "host";
      case Argument::port:
        return "port";
      case Argument::path:
        return "path";
      case Argument::future:
        return "future";
    }
    return "value";
  }

  std::string_view text_;
  std::optional<ParseError> error_;
};

// What may be typed: printable ASCII and tabs. Anything else could move a
// terminal's cursor when the text is shown back, or shift the caret.
std::optional<std::size_t> unwelcome_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c >= 0x7f) return i;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Clock::duration> parse_duration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) return std::nullopt;
  std::size_t fraction_end = digits;
  if (fraction_end < text.size() && text[fraction_end] == '.') {
    ++fraction_end;
    while (fraction_end < text.size() && text[fraction_end] >= '0' && text[fraction_end] <= '9')
      ++fraction_end;
    if (fraction_end == digits + 1) return std::nullopt;  // "1.s"
  }
  std::string_view unit = text.substr(fraction_end);
  std::int64_t scale;  // nanoseconds per unit
  if (unit == "ms") {
    scale = 1'000'000;
  } else if (unit == "s") {
    scale = 1'000'000'000;
  } else {
    return std::nullopt;
  }
  // Whole units, saturated far above any limit so nothing overflows.
  std::int64_t whole = 0;
  for (std::size_t i = 0; i < digits; ++i)
    whole = std::min<std::int64_t>(whole * 10 + (text[i] - '0'), 10'000'000);
  std::int64_t nanos = whole * scale;
  std::int64_t place = scale;
  for (std::size_t i = digits + 1; i < fraction_end && place > 1; ++i) {
    place /= 10;
    nanos += (text[i] - '0') * place;
  }
  return std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(nanos));
}

std::string limits_in_words(const ComposeWords& words) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(Limits::longest).count();
  return words::fill(words.limits, {{"seconds", std::to_string(seconds)},
                                    {"length", std::to_string(Limits::length)},
                                    {"futures", std::to_string(Limits::futures)},
                                    {"depth", std::to_string(Limits::depth)}});
}

Parsed parse_expression(std::string_view text) {
  if (text.size() > Limits::length) {
    return ParseError{Limits::length, "too long: " + std::to_string(text.size()) + " characters, at most " +
                                          std::to_string(Limits::length)};
  }
  if (auto at = unwelcome_character(text)) {
    return ParseError{*at, "only printable ASCII characters, not this one (byte " +
                               std::to_string(static_cast<unsigned char>(text[*at])) + ")"};
  }
  if (std::all_of(text.begin(), text.end(), is_space)) {
    return ParseError{0, "no expression: try sleep(200ms) or race(sleep(10ms), never())"};
  }
  Syntax syntax(text);
  auto tree = syntax.parse();
  if (!tree) return syntax.error();
  Meaning meaning(text);
  auto expression = meaning.future(*tree);
  if (!expression) return meaning.error();
  return std::move(*expression);
}

std::string describe(const ParseError& error, std::string_view text) {
  // A long text is shown around the error: a terminal line is about 80 wide.
  constexpr std::size_t kShown = 72;
  std::size_t start = 0, end = text.size();
  if (text.size() > kShown) {
    start = error.position > kShown / 2 ? std::min(error.position - kShown / 2, text.size() - kShown) : 0;
    end = start + kShown;
  }
  std::string shown = std::string(start > 0 ? "..." : "");
  std::string caret = std::string(shown.size(), ' ');
  for (std::size_t i = start; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool printable = (c >= 0x20 && c < 0x7f) || c == '\t';
    shown += printable ? text[i] : '?';  // never echo what could steer the terminal
    if (i < error.position) caret += c == '\t' ? '\t' : ' ';
  }
  if (end < text.size()) shown += "...";
  return error.message + "\n  " + shown + "\n  " + caret + "^";
}

}  // namespace asyncplay::compose
