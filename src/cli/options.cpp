#include <stdexcept>

#include "cli/commands.hpp"

namespace asyncplay::cli {

std::optional<std::string> take_option(Args& args, const std::string& name) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == name) {
      if (i + 1 >= args.size()) throw std::invalid_argument(name + " needs a value");
      std::string value = args[i + 1];
      args.erase(args.begin() + i, args.begin() + i + 2);
      return value;
    }
    if (args[i].rfind(name + "=", 0) == 0) {
      std::string value = args[i].substr(name.size() + 1);
      args.erase(args.begin() + i);
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace asyncplay::cli
