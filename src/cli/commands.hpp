#pragma once
// The subcommands of the `asyncplay` program; each returns the exit status.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace asyncplay::net {
class TlsContext;
}

namespace asyncplay::cli {

using Args = std::vector<std::string>;

int demo(const Args& args);
int chat_server(const Args& args);
int chat_client(const Args& args);
int get(const Args& args);
int relay(const Args& args);
int dev(const Args& args);
int run(const Args& args);

// Takes "--name VALUE" out of `args`; nullopt when absent. Throws
// std::invalid_argument when the flag has no value.
std::optional<std::string> take_option(Args& args, const std::string& name);
// Takes every "--name VALUE" out of `args`, in order.
std::vector<std::string> take_all(Args& args, const std::string& name);
// A number of seconds ("2.5") as milliseconds; throws std::invalid_argument.
std::chrono::milliseconds parse_seconds(const std::string& flag, const std::string& text);
std::size_t parse_count(const std::string& flag, const std::string& text);
// Takes "--tls-cert FILE --tls-key FILE" (both or neither) out of `args` and
// reads them; null when absent. Throws std::invalid_argument saying what is
// wrong with the files. A SIGHUP then asks for them to be read again.
std::shared_ptr<net::TlsContext> take_tls(Args& args);

}  // namespace asyncplay::cli
