#include "relay/static_files.hpp"

#include <filesystem>
#include <system_error>

#include "http/query.hpp"

namespace asyncplay::relay {
namespace fs = std::filesystem;

std::string_view content_type_for(std::string_view filename) {
  struct Type {
    std::string_view extension, type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".wasm", "application/wasm"},          {".json", "application/json"},
      {".map", "application/json"},           {".svg", "image/svg+xml"},
      {".png", "image/png"},                  {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},  {".woff2", "font/woff2"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (filename.size() >= extension.size() && filename.substr(filename.size() - extension.size()) == extension) {
      return type;
    }
  }
  return "application/octet-stream";
}

Result<StaticFile> find_static_file(const std::string& root, std::string_view request_target) {
  auto not_found = [&] { return Error(std::errc::no_such_file_or_directory, std::string(http::path_of(request_target))); };
  auto decoded = http::percent_decode(http::path_of(request_target));
  if (!decoded) return decoded.error();
  const std::string& path = *decoded;
  if (path.empty() || path.front() != '/') return Error(std::errc::invalid_argument, "path must start with /");
  fs::path relative;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    std::string segment = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    start = slash == std::string::npos ? path.size() + 1 : slash + 1;
    if (segment.empty()) continue;
    if (segment == "." || segment == ".." || segment.front() == '.') return not_found();  // traversal, hidden
    if (segment.find('\\') != std::string::npos) return not_found();
    relative /= segment;
  }
  if (path.back() == '/') relative /= "index.html";

  std::error_code ec;
  fs::path base = fs::canonical(root, ec);
  if (ec) return not_found();
  fs::path file = fs::canonical(base / relative, ec);
  if (ec) return not_found();
  if (fs::is_directory(file, ec)) {
    file = fs::canonical(file / "index.html", ec);  // it too may be a link leading out
    if (ec) return not_found();
  }
  // Symlinks are followed by canonical(): what they lead to must still be inside.
  auto [root_end, unused] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (root_end != base.end()) return not_found();
  if (!fs::is_regular_file(file, ec)) return not_found();
  return StaticFile{file.string(), content_type_for(file.filename().string())};
}

}  // namespace asyncplay::relay
