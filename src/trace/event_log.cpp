#include "trace/event_log.hpp"

#include <nlohmann/json.hpp>

#include "trace/chrome_trace.hpp"
#include "trace/event_json.hpp"

namespace asyncplay::trace {

void EventLog::on_event(const TraceEvent& event) {
  if (event.kind == TraceKind::lint) ++lints_;
  if (capacity_ == 0) return;
  if (events_.size() == capacity_) {
    events_.pop_front();
    if (untaken_ == capacity_) {
      --untaken_;
      ++lost_;
    }
  }
  events_.emplace_back(event);
  ++untaken_;
  if (listener_) listener_(event);
}

std::string EventLog::take_json() {
  nlohmann::json out = nlohmann::json::array();
  if (lost_ > 0) {
    double t = std::chrono::duration<double, std::milli>(Clock::now() - origin_).count();
    out.push_back({{"e", "lost"}, {"t", t}, {"task", 0}, {"count", lost_}});
    lost_ = 0;
  }
  for (std::size_t i = events_.size() - untaken_; i < events_.size(); ++i) {
    out.push_back(to_json(events_[i].view(), origin_));
  }
  untaken_ = 0;
  // Names and texts may come from a person (a URL): invalid UTF-8 is replaced, not thrown.
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string EventLog::chrome_trace() const {
  std::string text;
  ChromeTrace chrome([&text](std::string_view piece) { text += piece; }, origin_);
  for (const RecordedEvent& event : events_) chrome.add(event.view());
  chrome.finish();
  return text;
}

void EventLog::clear() {
  events_.clear();
  untaken_ = 0;
  lost_ = 0;
}

}  // namespace asyncplay::trace
