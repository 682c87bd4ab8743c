#pragma once
// The one place that knows where the coroutine library lives.
// g++ 12 ships <coroutine>; Debian's Emscripten 3.1.6 ships libc++ 13, which only
// has <experimental/coroutine>. Everything else names asyncplay::coro::*.
#if __has_include(<coroutine>)
#include <coroutine>
namespace asyncplay::coro {
using std::coroutine_handle;
using std::noop_coroutine;
using std::suspend_always;
using std::suspend_never;
}  // namespace asyncplay::coro
#else
#include <experimental/coroutine>
namespace asyncplay::coro {
using std::experimental::coroutine_handle;
using std::experimental::noop_coroutine;
using std::experimental::suspend_always;
using std::experimental::suspend_never;
}  // namespace asyncplay::coro
#endif
