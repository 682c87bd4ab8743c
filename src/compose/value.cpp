#include "compose/value.hpp"

#include "net/printable.hpp"
#include "words/fill.hpp"

namespace asyncplay::compose {

Value Value::response(const std::string& http_response) {
  Value v(Kind::response);
  // "HTTP/1.1 200 OK\r\n..." shows as "200 OK": the version says nothing here.
  std::string status = http_response.substr(0, http_response.find("\r\n"));
  if (status.rfind("HTTP/", 0) == 0 && status.find(' ') != std::string::npos)
    status = status.substr(status.find(' ') + 1);
  status = net::printable(status, 60);  // the server's words: shown, never obeyed
  v.text_ = status;
  v.bytes_ = http_response.size();
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

std::string Value::to_string(const ComposeWords& words) const {
  using words::fill;
  auto names = [](const std::vector<std::string>& sources) {
    std::string out;
    for (const auto& s : sources) out += (out.empty() ? "" : ", ") + s;
    return out;
  };
  switch (kind_) {
    case Kind::unit:
      return "Ready(())";
    case Kind::response: {
      std::string size = fill(words.bytes, {{"n", std::to_string(bytes_)}});
      return "Ready(" + (text_.empty() ? size : text_ + ", " + size) + ")";
    }
    case Kind::connected:
      return "Ready(" + fill(words.connected, {{"target", text_}}) + ")";
    case Kind::error:
      return "Err(" + error_->message() + ")";
    case Kind::list: {
      std::string out;
      for (const auto& item : items_) out += (out.empty() ? "" : ", ") + item.to_string(words);
      return "Ready([" + out + "])";
    }
    case Kind::won:
      return "Ready(" + fill(words.won, {{"winner", text_}, {"value", items_.front().to_string(words)}}) +
             (dropped_.empty() ? "" : fill(words.dropped, {{"names", names(dropped_)}})) + ")";
    case Kind::timed_out:
      return fill(words.timed_out, {{"after", text_}, {"names", names(dropped_)}});
    case Kind::cancelled:
      return words.cancelled;
  }
  return "?";
}

const ComposeWords kEnglishComposeWords{
    .does = nullptr,
    .limits =
        "DURATION is 200ms or 1.5s, at most {seconds}s; at most {length} characters, {futures} futures, "
        "{depth} calls deep",
    .bytes = "{n} bytes",
    .connected = "connected to {target}",
    .won = "{winner} won: {value}",
    .dropped = "; dropped {names}",
    .timed_out = "timed out after {after}; dropped {names}",
    .cancelled = "cancelled",
};

}  // namespace asyncplay::compose
