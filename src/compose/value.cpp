#include "compose/value.hpp"

#include "net/printable.hpp"

namespace asyncplay::compose {

Value Value::response(const std::string& http_response) {
  Value v(Kind::response);
  // "HTTP/1.1 200 OK\r\n..." shows as "200 OK": the version says nothing here.
  std::string status = http_response.substr(0, http_response.find("\r\n"));
  if (status.rfind("HTTP/", 0) == 0 && status.find(' ') != std::string::npos)
    status = status.substr(status.find(' ') + 1);
  status = net::printable(status, 60);  // the server's words: shown, never obeyed
  v.text_ = (status.empty() ? "" : status + ", ") + std::to_string(http_response.size()) + " bytes";
  return v;
}

Value Value::connected(std::string target) {
  Value v(Kind::connected);
  v.text_ = std::move(target);
  return v;
}

Value Value::error(Error error, std::size_t at) {
  Value v(Kind::error);
  v.error_ = std::move(error);
  v.position_ = at;
  return v;
}

Value Value::list(std::vector<Value> items) {
  Value v(Kind::list);
  v.items_ = std::move(items);
  return v;
}

Value Value::won(std::string winner, Value value, std::vector<std::string> dropped) {
  Value v(Kind::won);
  v.text_ = std::move(winner);
  v.items_.push_back(std::move(value));
  v.dropped_ = std::move(dropped);
  return v;
}

Value Value::timed_out(std::string after, std::string dropped) {
  Value v(Kind::timed_out);
  v.text_ = std::move(after);
  v.dropped_.push_back(std::move(dropped));
  return v;
}

bool Value::failed() const {
  if (kind_ == Kind::error || kind_ == Kind::timed_out) return true;
  for (const auto& item : items_) {
    if (item.failed()) return true;
  }
  return false;
}

std::string Value::to_string() const {
  auto names = [](const std::vector<std::string>& sources) {
    std::string out;
    for (const auto& s : sources) out += (out.empty() ? "" : ", ") + s;
    return out;
  };
  switch (kind_) {
    case Kind::unit:
      return "Ready(())";
    case Kind::response:
      return "Ready(" + text_ + ")";
    case Kind::connected:
      return "Ready(connected to " + text_ + ")";
    case Kind::error:
      return "Err(" + error_->message() + ")";
    case Kind::list: {
      std::string out;
      for (const auto& item : items_) out += (out.empty() ? "" : ", ") + item.to_string();
      return "Ready([" + out + "])";
    }
    case Kind::won:
      return "Ready(" + text_ + " won: " + items_.front().to_string() +
             (dropped_.empty() ? "" : "; dropped " + names(dropped_)) + ")";
    case Kind::timed_out:
      return "timed out after " + text_ + "; dropped " + names(dropped_);
    case Kind::cancelled:
      return "cancelled";
  }
  return "?";
}

}  // namespace asyncplay::compose
