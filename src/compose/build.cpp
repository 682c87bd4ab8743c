#include "compose/build.hpp"

#include <chrono>

#include "http/cheapo_request.hpp"
#include "net/host_port.hpp"
#include "net/tcp_stream.hpp"
#include "runtime/executor.hpp"
#include "runtime/join.hpp"
#include "runtime/never.hpp"
#include "runtime/race.hpp"
#include "runtime/time/sleep.hpp"
#include "runtime/time/timeout.hpp"
#include "runtime/yield_now.hpp"

namespace asyncplay::compose {
namespace {

// Each function of the language is one small coroutine around the runtime's
// future of the same name. None of them returns Pending by itself: whatever
// they await registered the waker (the timer queue, the reactor or the relay,
// a JoinHandle, a task waking itself).

Task<Value> sleeping(Clock::duration duration) {
  co_await sleep(duration);
  co_return Value::unit();
}

// `at`: where the call starts in the text, so a refusal can point at it.
Task<Value> requesting(std::string host, std::uint16_t port, std::string path, std::string source, std::size_t at) {
  auto response = co_await http::cheapo_request(std::move(host), port, std::move(path));
  if (!response) co_return Value::error(response.error().within(source), at);
  co_return Value::response(*response);
}

// Ready once connected; the stream is closed again at once.
Task<Value> connecting(std::string host, std::uint16_t port, std::size_t at) {
  auto stream = co_await net::TcpStream::connect(host, port);
  if (!stream) co_return Value::error(stream.error(), at);  // already "connect HOST:PORT: why"
  co_return Value::connected(net::HostPort{host, port}.to_string());
}

std::vector<Task<Value>> build_each(std::vector<Expression> expressions) {
  std::vector<Task<Value>> futures;
  futures.reserve(expressions.size());
  for (auto& e : expressions) futures.push_back(build(std::move(e)));
  return futures;
}

// futures::join!: every future polled by this one task, none spawned.
Task<Value> joining(std::vector<Expression> expressions) {
  auto values = co_await join_all(build_each(std::move(expressions)));
  co_return Value::list(std::move(values));
}

// futures::select!: the first Ready wins; race_all destroys the others.
Task<Value> racing(std::vector<Expression> expressions) {
  std::vector<std::string> sources;
  for (const auto& e : expressions) sources.push_back(e.source);
  auto won = co_await race_all(build_each(std::move(expressions)));
  std::vector<std::string> dropped;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (i != won.index) dropped.push_back(sources[i]);
  }
  co_return Value::won(sources[won.index], std::move(won.output), std::move(dropped));
}

Task<Value> timing_out(Clock::duration limit, Expression inner) {
  std::string source = inner.source;
  auto value = co_await timeout(limit, build(std::move(inner)));
  if (!value) {  // the future has been destroyed already
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(limit).count();
    co_return Value::timed_out(std::to_string(ms) + " ms", std::move(source));
  }
  co_return std::move(*value);
}

// A spawned task belongs to the expression that spawned it: when its
// JoinHandle is dropped unfinished (a race lost, a timeout passed), the task
// is cancelled too, as smol's Task is, rather than left running detached.
class SpawnedTask {
 public:
  explicit SpawnedTask(JoinHandle<Value> handle) : handle_(std::move(handle)) {}
  SpawnedTask(const SpawnedTask&) = delete;
  SpawnedTask& operator=(const SpawnedTask&) = delete;
  ~SpawnedTask() {
    if (!handle_.is_finished()) handle_.cancel();
  }
  JoinHandle<Value>& handle() { return handle_; }

 private:
  JoinHandle<Value> handle_;
};

Task<Value> spawning(Expression inner) {
  std::string name = inner.source;  // the task's lane is named after what it runs
  SpawnedTask task(Executor::current().spawn(build(std::move(inner)), std::move(name)));
  try {
    co_return co_await task.handle();
  } catch (const TaskCancelled&) {
    co_return Value::cancelled();
  }
}

Task<Value> yielding() {
  co_await yield_now();
  co_return Value::unit();
}

// What goes wrong, on purpose (the tour's last step). A poll that blocks the
// thread: nothing else runs meanwhile, in the page not even the painting; the
// executor's long-poll lint names it.
class BlockingPoll {
 public:
  using Output = void;
  explicit BlockingPoll(Clock::duration duration) : duration_(duration) {}
  Poll<void> poll(Context&) {
    auto until = Clock::now() + duration_;
    while (Clock::now() < until) {
      // Spinning, not sleeping: in the browser a sleep would be Asyncify's, which lets the page run.
    }
    return ready();
  }

 private:
  Clock::duration duration_;
};

// Pending without keeping cx's waker: nothing can ever wake it, and the
// tracer's lost-waker lint says so. Only dropping it (race, timeout, Ctrl-C) ends it.
class ForgetsItsWaker {
 public:
  using Output = void;
  Poll<void> poll(Context& cx) {
    if (auto* trace = cx.trace()) trace->waits_for("nothing: it dropped its waker (lost_waker)");
    return pending;  // nobody will wake it: the bug this future shows
  }
};

Task<Value> blocking(Clock::duration duration) {
  co_await BlockingPoll(duration);
  co_return Value::unit();
}

Task<Value> forgetting() {
  co_await ForgetsItsWaker();
  co_return Value::unit();  // never reached
}

Task<Value> waiting_forever() {
  co_await never();
  co_return Value::unit();  // never reached: a never() ends by being dropped
}

}  // namespace

Task<Value> build(Expression e) {
  switch (e.function) {
    case Function::sleep:
      return sleeping(e.duration);
    case Function::get:
    case Function::cheapo:
      return requesting(std::move(e.host), e.port, std::move(e.path), std::move(e.source), e.position);
    case Function::connect:
      return connecting(std::move(e.host), e.port, e.position);
    case Function::join:
      return joining(std::move(e.futures));
    case Function::race:
      return racing(std::move(e.futures));
    case Function::timeout:
      return timing_out(e.duration, std::move(e.futures.front()));
    case Function::spawn:
      return spawning(std::move(e.futures.front()));
    case Function::yield_now:
      return yielding();
    case Function::never:
      return waiting_forever();
    case Function::block:
      return blocking(e.duration);
    case Function::lost_waker:
      return forgetting();
  }
  return waiting_forever();  // unreachable: every Function is handled above
}

}  // namespace asyncplay::compose
