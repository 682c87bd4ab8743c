#include "net/relay_protocol.hpp"

namespace asyncplay::net::relay_protocol {

std::string_view describe_close_code(std::uint16_t code) {
  switch (code) {
    case 1000: return "closed";
    case 1001: return "relay going away";
    case 1002: return "protocol error";
    case 1003: return "unsupported data";
    case 1006: return "connection to the relay lost";
    case 1007: return "invalid data";
    case 1008: return "policy violation";
    case 1009: return "message too big";
    case 1011: return "relay error";
    case close_code::bad_request: return "bad relay request";
    case close_code::not_allowed: return "target not allowed";
    case close_code::unknown_token: return "unknown token";
    case close_code::refused: return "connection refused";
    case close_code::connect_timeout: return "connect timed out";
    case close_code::lookup_failed: return "host not found";
    case close_code::private_address: return "target is a private address";
    case close_code::connect_failed: return "connect failed";
    case close_code::idle_timeout: return "idle timeout";
    case close_code::target_error: return "target connection failed";
    default: return "closed";
  }
}

}  // namespace asyncplay::net::relay_protocol
