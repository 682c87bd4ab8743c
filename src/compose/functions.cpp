#include "compose/functions.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace asyncplay::compose {
namespace {

constexpr Argument kDuration[] = {Argument::duration};
constexpr Argument kUrl[] = {Argument::url};
constexpr Argument kHostPortPath[] = {Argument::host, Argument::port, Argument::path};
constexpr Argument kHostPort[] = {Argument::host_port};
constexpr Argument kFutures[] = {Argument::future};
constexpr Argument kTimeout[] = {Argument::duration, Argument::future};

constexpr std::array kFunctions = {
    FunctionInfo{Function::sleep, "sleep", "sleep(DURATION)", kDuration, false,
                 "Ready(()) once the duration has passed"},
    FunctionInfo{Function::get, "get", "get(http://HOST:PORT/PATH)", kUrl, false,
                 "an HTTP GET (cheapo_request): its status and size"},
    FunctionInfo{Function::cheapo, "cheapo", "cheapo(HOST, PORT, PATH)", kHostPortPath, false,
                 "the seed's cheapo_request, the same GET"},
    FunctionInfo{Function::connect, "connect", "connect(HOST:PORT)", kHostPort, false,
                 "Ready once TcpStream::connect has connected"},
    FunctionInfo{Function::join, "join", "join(FUTURE, ...)", kFutures, true,
                 "every future at once, in this task; Ready with all their values"},
    FunctionInfo{Function::race, "race", "race(FUTURE, ...)", kFutures, true,
                 "the first Ready wins; the others are dropped (cancelled)"},
    FunctionInfo{Function::timeout, "timeout", "timeout(DURATION, FUTURE)", kTimeout, false,
                 "the future's value, or timed out (and the future dropped)"},
    FunctionInfo{Function::spawn, "spawn", "spawn(FUTURE)", kFutures, false,
                 "runs the future as a task of its own; awaits its JoinHandle"},
    FunctionInfo{
        Function::yield_now, "yield_now", "yield_now()", {}, false, "Pending once, so other tasks run first"},
    FunctionInfo{
        Function::never, "never", "never()", {}, false, "never Ready: it ends only by being dropped"},
    FunctionInfo{Function::block, "block", "block(DURATION)", kDuration, false,
                 "a poll that blocks the thread (every task waits; at most 1s): don't"},
    FunctionInfo{Function::lost_waker, "lost_waker", "lost_waker()", {}, false,
                 "Pending without keeping the waker: it can never be woken (a bug, on purpose)"},
};

// info(f) indexes the table by the enum: keep them in the same order.
constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kFunctions.size(); ++i) {
    if (static_cast<std::size_t>(kFunctions[i].function) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "kFunctions must list the functions in the order of enum Function");

// Levenshtein distance, for short names only.
std::size_t edits(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::span<const FunctionInfo> functions() { return kFunctions; }

const FunctionInfo* find_function(std::string_view name) {
  for (const auto& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const FunctionInfo& info(Function function) { return kFunctions[static_cast<std::size_t>(function)]; }

std::string function_list(std::string_view indent, const ComposeWords& words) {
  std::string out;
  for (const auto& f : kFunctions) {
    std::string signature(f.signature);
    signature.resize(std::max<std::size_t>(signature.size() + 2, 28), ' ');
    std::string_view does = words.does ? words.does[static_cast<std::size_t>(f.function)] : f.does;
    out += std::string(indent) + signature + std::string(does) + "\n";
  }
  return out;
}

std::string_view nearest_function(std::string_view name) {
  if (name.size() > 32) return {};
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string_view best;
  std::size_t best_edits = 3;  // more than two edits away is no suggestion
  for (const auto& f : kFunctions) {
    // "yield" for yield_now: a name cut short is no typo, but still meant.
    if (lower.size() >= 3 && f.name.starts_with(lower)) return f.name;
    std::size_t n = edits(lower, f.name);
    if (n < best_edits) {
      best = f.name;
      best_edits = n;
    }
  }
  return best;
}

}  // namespace asyncplay::compose
