#pragma once
// RedisServer: Debian's redis-server, started by a test on a free loopback
// port with nothing saved to disk, and stopped (or killed and started again
// on the same port) by the test.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "net/tcp_listener.hpp"
#include "support/net_fixture.hpp"

namespace asyncplay::testing {

class RedisServer {
 public:
  // On a port that was free a moment ago.
  RedisServer() : port_(free_port()) { start(); }
  ~RedisServer() { stop(); }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  void start() {
    if (pid_ > 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      int quiet = ::open("/dev/null", O_WRONLY);  // its start-up notices are not the test's output
      ::dup2(quiet, 1);
      ::dup2(quiet, 2);
      std::string port = std::to_string(port_);
      ::execl("/usr/bin/redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "",
              "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning", "--dir", "/tmp",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    wait_until_up();
  }
  // SIGKILL: Redis goes as if its machine vanished.
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // A command through Debian's redis-cli; its output.
  std::string cli(const std::string& args) const {
    std::string command = "redis-cli -p " + std::to_string(port_) + " " + args + " 2>&1";
    std::string out;
    if (std::FILE* pipe = ::popen(command.c_str(), "r")) {
      char buf[4096];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
      ::pclose(pipe);
    }
    return out;
  }

 private:
  static std::uint16_t free_port() {
    auto listener = listen_local();
    return listener.local_addr().port();
  }
  // Until it answers PING (bounded: 10 s), checking that it is still alive.
  void wait_until_up() {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      if (cli("ping").rfind("PONG", 0) == 0) return;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        FAIL() << "redis-server exited before it answered (port " << port_ << " taken?)";
      }
      std::this_thread::yield();
    }
    FAIL() << "redis-server did not answer within 10 s";
  }

  std::uint16_t port_;
  pid_t pid_ = -1;
};

}  // namespace asyncplay::testing
