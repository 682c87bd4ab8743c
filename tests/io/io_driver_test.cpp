// Choosing the I/O driver, and the fall-back to epoll where io_uring is
// refused. The refusal is real: a child process installs a seccomp filter
// that answers io_uring_setup with EPERM, as a container's profile does.
#include "io/io_driver.hpp"

#include <gtest/gtest.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "io/reactor.hpp"
#include "io/reactor_uring.hpp"

using namespace asyncplay::io;

namespace {

bool uring_allowed() { return UringReactor::create().ok(); }

// From here on, io_uring_setup fails with EPERM in this process.
bool refuse_io_uring() {
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
}

struct ChildRun {
  int status = -1;
  std::string err;  // what the child wrote on stderr
};

// Runs `body` in a child whose stderr is captured; its return value is the exit code.
template <class Body>
ChildRun in_child(Body body) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return {};
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    close(pipe_fds[0]);
    dup2(pipe_fds[1], STDERR_FILENO);
    _exit(body());
  }
  close(pipe_fds[1]);
  ChildRun run;
  char buf[512];
  for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) > 0;) run.err.append(buf, static_cast<std::size_t>(n));
  close(pipe_fds[0]);
  waitpid(pid, &run.status, 0);
  return run;
}

TEST(IoDriver, ParsesTheThreeChoicesAndNothingElse) {
  EXPECT_EQ(parse_io_driver("auto"), IoDriver::automatic);
  EXPECT_EQ(parse_io_driver("epoll"), IoDriver::epoll);
  EXPECT_EQ(parse_io_driver("uring"), IoDriver::uring);
  EXPECT_EQ(parse_io_driver("io_uring"), IoDriver::uring);
  for (const char* bad : {"", "Epoll", "uring ", "kqueue", "select"}) EXPECT_FALSE(parse_io_driver(bad)) << bad;
}

TEST(IoDriver, ChosenByHand) {
  choose_io_driver(IoDriver::epoll);
  EXPECT_STREQ(make_reactor()->name(), "epoll");
  if (uring_allowed()) {
    choose_io_driver(IoDriver::uring);
    EXPECT_STREQ(make_reactor()->name(), "io_uring");
    choose_io_driver(IoDriver::automatic);
    EXPECT_STREQ(make_reactor()->name(), "io_uring") << "auto takes io_uring where the kernel allows it";
  }
}

TEST(IoDriver, WhereIoUringIsRefusedEpollIsUsedAndTheProgramSaysSoOnce) {
  for (IoDriver choice : {IoDriver::uring, IoDriver::automatic}) {
    ChildRun run = in_child([choice] {
      if (!refuse_io_uring()) return 3;
      choose_io_driver(choice);
      for (int i = 0; i < 3; ++i) {
        if (std::strcmp(make_reactor()->name(), "epoll") != 0) return 4;
      }
      return 0;
    });
    ASSERT_TRUE(WIFEXITED(run.status)) << run.err;
    EXPECT_EQ(WEXITSTATUS(run.status), 0) << "3: no seccomp here; 4: not epoll\n" << run.err;
    EXPECT_EQ(run.err, "asyncplay: io_uring is not available here (io_uring_setup: Operation not permitted); using epoll\n");
  }
}

TEST(IoDriver, TheEnvironmentChoosesUnlessChosenByHand) {
  ChildRun run = in_child([] {
    setenv("ASYNCPLAY_IO", "epoll", 1);
    choose_io_driver_from_environment();
    if (std::strcmp(make_reactor()->name(), "epoll") != 0) return 4;
    if (!uring_allowed()) return 0;
    choose_io_driver(IoDriver::uring);  // as --io uring does: the option wins
    return std::strcmp(make_reactor()->name(), "io_uring") == 0 ? 0 : 5;
  });
  ASSERT_TRUE(WIFEXITED(run.status)) << run.err;
  EXPECT_EQ(WEXITSTATUS(run.status), 0) << run.err;
  EXPECT_EQ(run.err, "");
}

TEST(IoDriver, ABadEnvironmentValueIsSaidAndIgnored) {
  ChildRun run = in_child([] {
    setenv("ASYNCPLAY_IO", "kqueue", 1);
    choose_io_driver_from_environment();
    make_reactor();
    make_reactor();
    return 0;
  });
  ASSERT_TRUE(WIFEXITED(run.status));
  EXPECT_EQ(run.err, "asyncplay: ASYNCPLAY_IO must be epoll, uring or auto; ignoring it\n");
}

}  // namespace
