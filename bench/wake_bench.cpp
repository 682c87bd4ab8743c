// Wake→poll: how long from a Waker's wake() until the woken task runs again.
#include "bench_support.hpp"
#include "runtime/executor.hpp"
#include "runtime/task.hpp"
#include "runtime/yield_now.hpp"

using namespace asyncplay;
using asyncplay::bench::report_per_item;
using asyncplay::bench::Signal;

namespace {

constexpr int kRoundTrips = 1'000'000;

Task<void> pinger(Signal& ping, Signal& pong) {
  for (int i = 0; i < kRoundTrips; ++i) {
    ping.notify();
    co_await pong.wait();
  }
}

Task<void> ponger(Signal& ping, Signal& pong) {
  for (int i = 0; i < kRoundTrips; ++i) {
    co_await ping.wait();
    pong.notify();
  }
}

// Two tasks handing a turn back and forth through stored Wakers: each round
// trip is two wakes and two polls. The counter is per hop (one wake, one poll).
void BM_WakePingPong(benchmark::State& state) {
  Executor executor;
  for (auto _ : state) {
    Signal ping, pong;
    auto b = executor.spawn(ponger(ping, pong));
    auto a = executor.spawn(pinger(ping, pong));
    executor.run_until_idle();
    if (!a.is_finished() || !b.is_finished()) state.SkipWithError("ping-pong stalled");
  }
  report_per_item(state, 2 * kRoundTrips, "per_hop");
}
BENCHMARK(BM_WakePingPong)->Unit(benchmark::kMillisecond);

Task<void> yield_many() {
  for (int i = 0; i < kRoundTrips; ++i) co_await yield_now();
}

// A task waking itself from inside its own poll (yield_now): the shortest path,
// the executor re-queues it right after the poll returns.
void BM_YieldNow(benchmark::State& state) {
  Executor executor;
  for (auto _ : state) executor.block_on(yield_many());
  report_per_item(state, kRoundTrips, "per_yield");
}
BENCHMARK(BM_YieldNow)->Unit(benchmark::kMillisecond);

}  // namespace
