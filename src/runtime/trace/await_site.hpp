#pragma once
// AwaitSite: where in the source a `co_await` (or a `spawn`) stands: file,
// line and function, filled in by the compiler through default arguments, so
// no call site writes anything:
//
//   auto socket = co_await TcpStream::connect(host, port);   // cheapo_request.cpp:15
//
// The strings are the compiler's own (static storage); nothing is allocated.
#include <cstdint>
#include <string>
#include <string_view>

namespace asyncplay {

struct AwaitSite {
  const char* file = "";      // as the compiler was given it (often a full path)
  const char* function = "";  // the enclosing function's name
  std::uint32_t line = 0;     // 0: unknown

  // The caller's location, when used as a default argument.
  static constexpr AwaitSite here(const char* file = __builtin_FILE(), std::uint32_t line = __builtin_LINE(),
                                  const char* function = __builtin_FUNCTION()) {
    return AwaitSite{file, function, line};
  }

  // The file relative to the project's src/ ("http/cheapo_request.cpp"), or
  // its last component when it is not under a src/ folder.
  std::string_view short_file() const {
    std::string_view path(file);
    if (auto src = path.rfind("/src/"); src != std::string_view::npos) return path.substr(src + 5);
    if (path.rfind("src/", 0) == 0) return path.substr(4);
    if (auto slash = path.rfind('/'); slash != std::string_view::npos) return path.substr(slash + 1);
    return path;
  }
  // In the runtime's own layers (runtime/, io/, net/, trace/) rather than in
  // the code a learner reads first (cheapo_request, the chat client).
  bool in_runtime_layers() const {
    std::string_view file = short_file();
    for (std::string_view layer : {"runtime/", "io/", "net/", "trace/"}) {
      if (file.rfind(layer, 0) == 0) return true;
    }
    return false;
  }
  // "cheapo_request.cpp:15", as the trace and the view write it.
  std::string label() const {
    std::string_view name = short_file();
    if (auto slash = name.rfind('/'); slash != std::string_view::npos) name = name.substr(slash + 1);
    return std::string(name) + ":" + std::to_string(line);
  }
};

}  // namespace asyncplay
