#pragma once
// Query strings: the `?target=HOST:PORT` of a relay URL. Percent-decoding is
// strict: a malformed escape or an encoded NUL is an error, not a guess.
#include <optional>
#include <string>
#include <string_view>

#include "runtime/result.hpp"

namespace asyncplay::http {

// The decoded value of the first `name=` in the query part of `target`
// ("/relay?target=127.0.0.1%3A7878"); nullopt when absent.
Result<std::optional<std::string>> query_param(std::string_view target, std::string_view name);

// The path part of `target`, before any '?'.
std::string_view path_of(std::string_view target);

Result<std::string> percent_decode(std::string_view text);
// Encodes everything but unreserved characters (RFC 3986).
std::string percent_encode(std::string_view text);

}  // namespace asyncplay::http
