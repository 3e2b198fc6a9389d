// Test helper: runs fsfuzz_testbed_holder (tools/holder_main.cc) as a child and reads
// where its testbed is, so signal and cleanup tests can kill it in different ways.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

namespace fsfuzz {
namespace testing_util {

struct Holder {
  pid_t pid = -1;
  std::string mount, loop, work;
  std::string output;  // everything it printed (for failure messages)
  bool ready = false;
};

// Starts the holder on `variant` under `work_root` and waits (up to a minute) for its
// "ready" line.
inline Holder StartHolder(const std::string& variant, const std::string& work_root, bool busy) {
  Holder h;
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) return h;
  std::vector<std::string> args = {FSFUZZ_TESTBED_HOLDER, variant, work_root};
  if (busy) args.push_back("--busy");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  h.pid = ::fork();
  if (h.pid == 0) {
    ::dup2(p[1], 1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(p[1]);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  std::string buf;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd pfd = {p[0], POLLIN, 0};
    if (::poll(&pfd, 1, 1000) <= 0) continue;
    char c[512];
    ssize_t n = ::read(p[0], c, sizeof c);
    if (n <= 0) break;
    buf.append(c, static_cast<size_t>(n));
    if (buf.find("ready\n") != std::string::npos) {
      h.ready = true;
      break;
    }
  }
  ::close(p[0]);
  h.output = buf;
  size_t pos = 0;
  while (pos < buf.size()) {
    size_t nl = buf.find('\n', pos);
    if (nl == std::string::npos) break;
    std::string line = buf.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.rfind("mount ", 0) == 0) h.mount = line.substr(6);
    if (line.rfind("loop ", 0) == 0) h.loop = line.substr(5);
    if (line.rfind("work ", 0) == 0) h.work = line.substr(5);
  }
  return h;
}

// Sends `sig` to the holder (our own child, by pid) and reaps it; returns the wait status.
inline int KillAndWait(const Holder& h, int sig) {
  if (h.pid <= 0) return -1;
  ::kill(h.pid, sig);
  int status = 0;
  while (::waitpid(h.pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

}  // namespace testing_util
}  // namespace fsfuzz
