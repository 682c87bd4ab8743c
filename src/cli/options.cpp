#include <stdexcept>

#include "cli/commands.hpp"
#include "net/tls_context.hpp"

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

std::vector<std::string> take_all(Args& args, const std::string& name) {
  std::vector<std::string> values;
  while (auto value = take_option(args, name)) values.push_back(*value);
  return values;
}

std::chrono::milliseconds parse_seconds(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  double seconds = -1;
  try {
    seconds = std::stod(text, &used);
  } catch (const std::exception&) {
  }
  if (used != text.size() || !(seconds > 0) || seconds > 86400 * 365) {
    throw std::invalid_argument(flag + " takes a positive number of seconds, not '" + text + "'");
  }
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

std::size_t parse_count(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
  }
  if (used != text.size() || value == 0 || text[0] == '-') {
    throw std::invalid_argument(flag + " takes a positive whole number, not '" + text + "'");
  }
  return static_cast<std::size_t>(value);
}

std::shared_ptr<net::TlsContext> take_tls(Args& args) {
  auto cert = take_option(args, "--tls-cert");
  auto key = take_option(args, "--tls-key");
  if (!cert && !key) return nullptr;
  if (!cert || !key) throw std::invalid_argument("--tls-cert and --tls-key go together: give both, or neither");
  auto loaded = net::TlsContext::load(*cert, *key);
  if (!loaded) throw std::invalid_argument(loaded.error().message());
  net::TlsContext::reload_on_sighup();
  return std::make_shared<net::TlsContext>(std::move(*loaded));
}

}  // namespace asyncplay::cli
