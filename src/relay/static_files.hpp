#pragma once
// Static files for the web page: from a URL path to a file under one root.
// No path traversal (".." segments, encoded or not, and symlinks leading out of
// the root are refused), no hidden files, no directory listings; "/" and
// "dir/" mean their index.html.
#include <string>
#include <string_view>

#include "runtime/result.hpp"

namespace asyncplay::relay {

struct StaticFile {
  std::string path;          // on disk, inside the root
  std::string_view content_type;
};

// errc::no_such_file_or_directory for anything not served (answer 404),
// errc::invalid_argument for a malformed path (answer 400).
Result<StaticFile> find_static_file(const std::string& root, std::string_view request_target);

// "application/wasm" for .wasm and so on; "application/octet-stream" otherwise.
std::string_view content_type_for(std::string_view filename);

}  // namespace asyncplay::relay
