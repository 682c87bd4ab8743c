#pragma once
// The subcommands of the `asyncplay` program; each returns the exit status.
#include <string>
#include <vector>

namespace asyncplay::cli {

using Args = std::vector<std::string>;

int demo(const Args& args);

}  // namespace asyncplay::cli
