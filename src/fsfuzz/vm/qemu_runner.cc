// The supervision loop: poll(console, stderr, interrupt) with the guest deadline as timeout.
#include "src/fsfuzz/vm/qemu_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <thread>

#include "src/fsfuzz/vm/child_process.h"
#include "src/fsfuzz/vm/interrupt.h"

namespace fsfuzz::vm {
namespace {

constexpr int kTermGraceMs = 2000;

}  // namespace

const char* QemuEndName(QemuEnd e) {
  switch (e) {
    case QemuEnd::kExited: return "exited";
    case QemuEnd::kKilledHang: return "killed-after-hang";
    case QemuEnd::kKilledTimeout: return "killed-at-deadline";
    case QemuEnd::kKilledStderr: return "killed-on-qemu-error";
    case QemuEnd::kInterrupted: return "interrupted";
  }
  return "?";
}

Result<QemuRun> RunQemu(const std::vector<std::string>& argv, const QemuRunOptions& opts) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  auto now_s = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };

  int log_fd = -1;
  if (!opts.console_log.empty()) {
    log_fd = open(opts.console_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log_fd < 0) return Status::FromErrno("create " + opts.console_log, errno);
  }
  struct CloseLog {
    int fd;
    ~CloseLog() { if (fd >= 0) close(fd); }
  } close_log{log_fd};

  auto child = ChildProcess::Spawn(argv);
  if (!child.ok()) return child.status();
  ChildProcess& qemu = child.value();  // killed and reaped by its destructor on any return

  QemuRun run;
  GuestDeadline deadline(opts.deadlines, 0);
  size_t seen_frames = 0;
  bool killing = false;
  char buf[65536];
  while (qemu.stdout_fd() >= 0 || qemu.stderr_fd() >= 0) {
    double left = deadline.deadline() - now_s();
    if (!killing && left <= 0) {
      run.end = deadline.hang_dumped() ? QemuEnd::kKilledHang : QemuEnd::kKilledTimeout;
      run.reason = "host deadline passed in phase '" + deadline.phase() + "'";
      killing = true;
      qemu.Terminate(kTermGraceMs);  // pipes then reach EOF
      continue;
    }
    pollfd fds[3] = {{qemu.stdout_fd(), POLLIN, 0}, {qemu.stderr_fd(), POLLIN, 0},
                     {killing ? -1 : InterruptFd(), POLLIN, 0}};
    int wait_ms = killing ? 1000 : static_cast<int>(std::ceil(std::max(left, 0.0) * 1000));
    int n = poll(fds, 3, std::min(wait_ms, 1000));
    if (n < 0 && errno != EINTR) return Status::FromErrno("poll", errno);
    if (!killing && Interrupted()) {
      run.end = QemuEnd::kInterrupted;
      run.reason = "interrupted by signal " + std::to_string(InterruptSignal());
      killing = true;
      qemu.Terminate(kTermGraceMs);
      continue;
    }
    if (n <= 0) {
      if (killing) break;  // killed and reaped, but a grandchild may hold the pipe: stop
      continue;
    }
    if (fds[0].fd >= 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      ssize_t got = read(fds[0].fd, buf, sizeof buf);
      if (got > 0) {
        if (run.first_output_s < 0) run.first_output_s = now_s();
        if (log_fd >= 0) (void)!write(log_fd, buf, static_cast<size_t>(got));
        run.console.Feed(std::string_view(buf, static_cast<size_t>(got)), now_s());
      } else if (got == 0 || errno != EINTR) {
        qemu.CloseStdout();
      }
    }
    if (fds[1].fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      ssize_t got = read(fds[1].fd, buf, sizeof buf);
      if (got > 0) {
        run.qemu_stderr.append(buf, static_cast<size_t>(got));
        for (const auto& pat : opts.abort_on_stderr) {
          if (!killing && run.qemu_stderr.find(pat) != std::string::npos) {
            run.end = QemuEnd::kKilledStderr;
            run.reason = "qemu: " + pat;
            killing = true;
            qemu.Terminate(kTermGraceMs);
          }
        }
      } else if (got == 0 || errno != EINTR) {
        qemu.CloseStderr();
      }
    }
    const auto& frames = run.console.frames();
    for (; seen_frames < frames.size(); ++seen_frames) {
      deadline.OnFrame(frames[seen_frames], now_s());
      if (opts.on_frame) opts.on_frame(frames[seen_frames]);
    }
  }
  run.console.Finish(now_s());
  const auto& frames = run.console.frames();
  for (; seen_frames < frames.size(); ++seen_frames) {
    deadline.OnFrame(frames[seen_frames], now_s());
    if (opts.on_frame) opts.on_frame(frames[seen_frames]);
  }
  // Both pipes are closed: qemu is gone or going. Reap it (bounded, then SIGKILL).
  const auto reap_until = Clock::now() + std::chrono::seconds(5);
  while (!qemu.TryReap(&run.wait_status) && Clock::now() < reap_until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (qemu.running()) run.wait_status = qemu.Terminate(0);
  qemu.TryReap(&run.wait_status);
  run.guest_started = deadline.started();
  run.seconds = now_s();
  return run;
}

}  // namespace fsfuzz::vm
