#pragma once
// The project's error model (docs/ARCHITECTURE.md, "Errors"):
//  - Failures a program should expect — I/O, name lookup, protocol, timeouts — are
//    values: Result<T> holds a T or an Error, like Rust's io::Result. An Error is a
//    std::error_code plus the context a person can act on, e.g.
//    "connect 127.0.0.1:7878: Connection refused".
//  - Exceptions mean a bug or exhaustion (Rust's panics). They propagate through
//    co_await and surface at the task's JoinHandle or block_on, never vanish.
// value() on an error throws Failure: Rust's unwrap().
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <variant>

namespace asyncplay {

class Error {
 public:
  Error(std::error_code code, std::string context) : code_(code), context_(std::move(context)) {}
  Error(std::errc code, std::string context) : Error(std::make_error_code(code), std::move(context)) {}

  std::error_code code() const { return code_; }
  // An error whose context is already the whole sentence a person reads
  // ("connect X via relay R: target not allowed (...)"): message() adds no
  // words for the code.
  static Error sentence(std::errc code, std::string text) {
    Error e(code, std::move(text));
    e.sentence_ = true;
    return e;
  }
  const std::string& context() const { return context_; }
  // "CONTEXT: what the code means", or just the meaning when no context.
  std::string message() const {
    if (sentence_) return context_;
    return context_.empty() ? code_.message() : context_ + ": " + code_.message();
  }
  bool is(std::errc code) const { return code_ == std::make_error_code(code); }
  // The same error, with `outer` said first: "outer: inner context: meaning".
  Error within(const std::string& outer) const {
    Error wrapped(code_, context_.empty() ? outer : outer + ": " + context_);
    wrapped.sentence_ = sentence_;  // still the whole sentence, with more said first
    return wrapped;
  }

 private:
  std::error_code code_;
  std::string context_;  // what was being done, and on what
  bool sentence_ = false;  // context_ says it all (Error::sentence)
};

// An Error from errno after a failed system call.
inline Error errno_error(int err, std::string context) {
  return Error(std::error_code(err, std::generic_category()), std::move(context));
}

// Thrown by Result::value() on an error.
class Failure : public std::runtime_error {
 public:
  explicit Failure(Error error) : std::runtime_error(error.message()), error_(std::move(error)) {}
  const Error& error() const { return error_; }

 private:
  Error error_;
};

template <class T>
class [[nodiscard]] Result {
 public:
  using Value = T;
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    if (!ok()) throw Failure(error());
    return std::get<0>(state_);
  }
  T value() && {
    if (!ok()) throw Failure(error());
    return std::move(std::get<0>(state_));
  }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  using Value = void;
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}

  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }
  void value() const {
    if (error_) throw Failure(*error_);
  }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;  // empty means success
};

}  // namespace asyncplay
