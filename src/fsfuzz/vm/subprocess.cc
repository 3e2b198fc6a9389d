// Poll loop over a child's pipes, its deadline and the interrupt self-pipe.
#include "src/fsfuzz/vm/subprocess.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "src/fsfuzz/vm/interrupt.h"

namespace fsfuzz::vm {

int RunResult::exit_code() const {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
}

std::string JoinArgv(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

Result<RunResult> Run(const std::vector<std::string>& argv, const RunOptions& opts) {
  SpawnOptions so;
  so.cwd = opts.cwd;
  so.stdin_path = opts.stdin_path;
  so.stdout_path = opts.stdout_path;
  auto child = ChildProcess::Spawn(argv, so);
  if (!child.ok()) return child.status();
  ChildProcess& c = child.value();
  RunResult r;
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + opts.timeout;
  char buf[65536];
  while (c.stdout_fd() >= 0 || c.stderr_fd() >= 0) {
    pollfd fds[3] = {{c.stdout_fd(), POLLIN, 0}, {c.stderr_fd(), POLLIN, 0},
                     {InterruptFd(), POLLIN, 0}};
    int wait_ms = -1;
    if (opts.timeout.count() > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      wait_ms = left.count() > 0 ? static_cast<int>(left.count()) : 0;
    }
    int n = poll(fds, 3, wait_ms);
    if (n < 0 && errno != EINTR) return Status::FromErrno("poll", errno);
    if (Interrupted()) {
      c.Terminate(500);
      return Status::Environment(JoinArgv(argv) + ": interrupted by signal " +
                                 std::to_string(InterruptSignal()));
    }
    if (n == 0) {
      r.timed_out = true;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(got));
      else if (got == 0 || errno != EINTR) (i == 0) ? c.CloseStdout() : c.CloseStderr();
    }
  }
  if (r.timed_out) r.wait_status = c.Terminate(500);
  else r.wait_status = c.Wait();
  return r;
}

Status RunChecked(const std::vector<std::string>& argv, const RunOptions& opts,
                  std::vector<int> ok_codes) {
  auto r = Run(argv, opts);
  if (!r.ok()) return r.status();
  if (r->timed_out) return Status::Io(JoinArgv(argv) + ": timed out");
  for (int code : ok_codes)
    if (r->exit_code() == code) return Status::Ok();
  std::string err = r->err.size() > 2000 ? r->err.substr(r->err.size() - 2000) : r->err;
  while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
  return Status::Io(JoinArgv(argv) + ": " + DescribeWaitStatus(r->wait_status) +
                    (err.empty() ? "" : ": " + err));
}

}  // namespace fsfuzz::vm
