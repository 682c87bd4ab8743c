#include "runtime/blocking_pool.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace asyncplay::detail {
namespace {

constexpr std::size_t kMaxThreads = 64;
constexpr auto kIdleTimeout = std::chrono::seconds(10);

struct Pool {
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<std::function<void()>> jobs;
  std::size_t threads = 0;
  std::size_t idle = 0;

  void worker() {
    std::unique_lock lock(mutex);
    while (true) {
      ++idle;
      bool got = cv.wait_for(lock, kIdleTimeout, [&] { return !jobs.empty(); });
      --idle;
      if (!got) break;
      auto job = std::move(jobs.front());
      jobs.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
    --threads;
  }
};

// Never destroyed: detached workers may still run while the process exits.
Pool& pool() {
  static Pool* p = new Pool;
  return *p;
}

}  // namespace

void run_blocking(std::function<void()> job) {
  Pool& p = pool();
  std::lock_guard lock(p.mutex);
  p.jobs.push_back(std::move(job));
  if (p.idle == 0 && p.threads < kMaxThreads) {
    ++p.threads;
    std::thread([&p] { p.worker(); }).detach();
  } else {
    p.cv.notify_one();
  }
}

}  // namespace asyncplay::detail
