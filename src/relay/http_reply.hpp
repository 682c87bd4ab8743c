#pragma once
// The few HTTP responses the relay's server writes, as whole strings.
#include <string>
#include <string_view>

namespace asyncplay::relay {

std::string_view reason_phrase(int status);

// A complete response with a text body and "Connection: close".
std::string text_response(int status, std::string_view body, std::string_view extra_headers = {});

}  // namespace asyncplay::relay
