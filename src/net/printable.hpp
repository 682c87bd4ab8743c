#pragma once
// printable(): what a peer sent, made safe to write into one log line or a
// close reason. A peer's bytes must not start a second log line ("x\nrelay:
// 10.0.0.1 -> secret:22", a forged entry), move the cursor of the terminal
// reading the log, reverse the text after them, or be invalid UTF-8.
//
//   printable("x\nrelay: ok")  -> "x\\nrelay: ok"      (one line)
//   printable("\xff\xfe:80")   -> "\\xff\\xfe:80"      (valid UTF-8, every byte still visible)
//
// Kept as they are: printable ASCII other than '\', and well-formed UTF-8
// characters that are neither controls, bidirectional formatting nor invisible
// format characters (zero-width spaces, BOM, tags...). Escaped:
// '\' as "\\"; \n \r \t; other C0 controls, DEL and bytes that are not part of
// a well-formed character as \xNN; C1 controls, line/paragraph separators and
// bidi controls as \u{NNNN}. ASCII only in its escapes, so the result is valid
// UTF-8 whatever came in.
#include <cstddef>
#include <string>
#include <string_view>

namespace asyncplay::net {

// At most `max_bytes` of output (cut between characters and escapes, never
// inside one); "..." marks a cut.
std::string printable(std::string_view from_peer, std::size_t max_bytes = 512);

// The same but for '\', which is kept: for a line assembled from our words and
// parts already escaped with printable() (a log line holding a close reason),
// so those parts are not escaped twice, and nothing in it can end the line.
std::string one_line(std::string_view text, std::size_t max_bytes = 1024);

}  // namespace asyncplay::net
