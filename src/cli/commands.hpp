#pragma once
// The subcommands of the `asyncplay` program; each returns the exit status.
#include <optional>
#include <string>
#include <vector>

namespace asyncplay::cli {

using Args = std::vector<std::string>;

int demo(const Args& args);
int chat_server(const Args& args);
int chat_client(const Args& args);
int get(const Args& args);

// Takes "--name VALUE" out of `args`; nullopt when absent. Throws
// std::invalid_argument when the flag has no value.
std::optional<std::string> take_option(Args& args, const std::string& name);

}  // namespace asyncplay::cli
